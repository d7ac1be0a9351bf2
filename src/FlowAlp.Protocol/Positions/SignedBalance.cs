using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Protocol.Positions;

/// <summary>A direction and a quantity (the contract's Balance); zero is always Credit.</summary>
public readonly record struct SignedBalance
{
    public BalanceDirection Direction { get; }
    public UFix128 Quantity { get; }

    public SignedBalance(BalanceDirection direction, UFix128 quantity)
    {
        Direction = quantity.IsZero ? BalanceDirection.Credit : direction;
        Quantity = quantity;
    }

    public static SignedBalance Credit(UFix128 q) => new(BalanceDirection.Credit, q);
    public static SignedBalance Debit(UFix128 q) => new(BalanceDirection.Debit, q);
    public static readonly SignedBalance Zero = new(BalanceDirection.Credit, UFix128.Zero);
}

using FlowAlp.Protocol.Numerics;
using FlowAlp.Protocol.Positions;

namespace FlowAlp.Protocol.Health;

/// <summary>A token's price, indices and risk factors at one instant (the contract's TokenSnapshot).</summary>
public readonly record struct TokenSnapshot(UFix128 Price, UFix128 CreditIndex, UFix128 DebitIndex, UFix128 CollateralFactor, UFix128 BorrowFactor)
{
    /// <summary>(N × P) × Fc.</summary>
    public UFix128 EffectiveCollateral(UFix128 credit) => credit * Price * CollateralFactor;
    /// <summary>(N × P) ÷ Fd.</summary>
    public UFix128 EffectiveDebt(UFix128 debit) => debit * Price / BorrowFactor;

    public SignedBalance TrueBalance(InternalBalance b) => b.TrueBalance(CreditIndex, DebitIndex);

    public SignedBalance EffectiveBalance(SignedBalance b)
    {
        if (b.Quantity.IsZero) return b;
        return b.Direction == BalanceDirection.Credit
            ? SignedBalance.Credit(EffectiveCollateral(b.Quantity))
            : SignedBalance.Debit(EffectiveDebt(b.Quantity));
    }
}

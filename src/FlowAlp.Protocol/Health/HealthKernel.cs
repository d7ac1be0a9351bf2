using FlowAlp.Protocol.Numerics;
using FlowAlp.Protocol.Positions;

namespace FlowAlp.Protocol.Health;

/// <summary>One listed token of a position, flattened for the allocation-free health kernel.</summary>
public readonly record struct HealthInput(BalanceDirection Direction, UFix128 Scaled, TokenSnapshot Token);

/// <summary>
/// Health with no allocation: the same products in the same order as the pool's balance sheet
/// (price × (scaled × index) × CF for credit, price × (scaled × index) ÷ BF for debit), summed, then §2.2's rules.
/// For the screening paths that evaluate many positions per tick; it equals <see cref="PositionSnapshot.Health"/> exactly.
/// </summary>
public static class HealthKernel
{
    public static UFix128 Health(ReadOnlySpan<HealthInput> balances)
    {
        UFix128 ce = UFix128.Zero, de = UFix128.Zero;
        foreach (ref readonly var b in balances)
        {
            var s = b.Token;
            if (b.Direction == BalanceDirection.Credit) ce += s.Price * (b.Scaled * s.CreditIndex) * s.CollateralFactor;
            else de += s.Price * (b.Scaled * s.DebitIndex) / s.BorrowFactor;
        }
        return HealthMath.Health(ce, de);
    }
}

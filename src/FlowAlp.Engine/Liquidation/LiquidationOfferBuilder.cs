using FlowAlp.Protocol.Numerics;
using FlowAlp.Protocol.Positions;
using FlowAlp.Engine.Dex;

namespace FlowAlp.Engine.Liquidation;

/// <summary>A manual liquidation offer (spec §6.1): repay <see cref="RepayAmount"/> of the debt token, seize <see cref="SeizeAmount"/> of collateral.</summary>
public sealed record LiquidationOffer(string Liquidator, long Position, string DebtToken, UFix64 RepayAmount, string SeizeToken, UFix64 SeizeAmount, int Sequence);

/// <summary>
/// How a liquidator sizes an offer so that it passes §6: repay enough of the largest debt to bring the post-health to
/// the liquidation target (solved from Ce − a·R = t·(De − b·R), with a and b the effective value per unit repaid when
/// seizing at oracle parity), less 0.1 % for rounding; seize a little less than the DEX would ask for the same repayment
/// (strictly better than the DEX, by <c>discountBps</c>). Pure: the inputs are the pool's snapshot and a DEX copy.
/// </summary>
public static class LiquidationOfferBuilder
{
    private static readonly UFix128 BpsScale = UFix128.FromInteger(10_000);

    /// <param name="sheet">the snapshot's <see cref="PositionSnapshot.Sheet"/> when the caller has it already (several liquidators size offers for the same candidates)</param>
    public static LiquidationOffer? Build(string liquidator, PositionSnapshot s, ConstantProductAmm dex, UFix128 targetHealth, ushort discountBps, int sequence,
        Protocol.Health.BalanceSheet? sheet = null) =>
        Build(liquidator, new LiquidationSizing(s, dex, targetHealth, sheet ?? s.Sheet()), discountBps, sequence);

    /// <summary>The offer on a candidate's <paramref name="sizing"/>, which liquidators sizing the same candidate on the same DEX view share.</summary>
    public static LiquidationOffer? Build(string liquidator, LiquidationSizing sizing, ushort discountBps, int sequence)
    {
        if (!sizing.Sizable) return null;
        var sheet = sizing.Sheet;
        var c = sizing.Seize;
        var d = sizing.Debt;
        UFix128 nc = sizing.Collateral;
        UFix128 keep = UFix128.FromInteger((ulong)(10_000 - discountBps));
        // The DEX price is worse than parity (fee, slippage), so the seize per unit repaid is smaller and the post-health
        // higher than the parity solution: shrink the repayment until the pool's own post-health estimate passes.
        for (int attempt = 0; attempt < LiquidationSizing.MaxAttempts; attempt++)
        {
            if (!sizing.TryAttempt(attempt, out UFix64 r, out UFix64 dexIn)) return null;
            UFix64 seize = (dexIn.ToUFix128() * keep / BpsScale).RoundDown();
            if (seize >= dexIn) seize = UFix64.SaturatingSub(dexIn, UFix64.Epsilon);
            if (seize.ToUFix128() > nc) seize = nc.RoundDown();
            if (seize.IsZero) return null;
            // an offer the pool would revert (an underflowing estimate) is shrunk like one above the target
            if (Protocol.Health.PostLiquidationHealth.TryOf(sheet, seize, c, r, d) is { } post && post <= sizing.TargetHealth)
                return new LiquidationOffer(liquidator, sizing.Snapshot.Id, sizing.DebtToken, r, sizing.SeizeToken, seize, sequence);
        }
        return null;
    }
}

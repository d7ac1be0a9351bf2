using FlowAlp.Protocol;
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
    // the sizing constants, parsed once (not per attempt)
    private static readonly UFix128 RoundingMargin = UFix128.Parse("0.999"), Shrink = UFix128.Parse("0.97"), BpsScale = UFix128.FromInteger(10_000);

    /// <param name="sheet">the snapshot's <see cref="PositionSnapshot.Sheet"/> when the caller has it already (several liquidators size offers for the same candidates)</param>
    public static LiquidationOffer? Build(string liquidator, PositionSnapshot s, ConstantProductAmm dex, UFix128 targetHealth, ushort discountBps, int sequence,
        Protocol.Health.BalanceSheet? sheet = null)
    {
        sheet ??= s.Sheet();
        if (sheet.Health >= UFix128.One || sheet.EffectiveDebt.IsZero) return null;
        string? debt = null, coll = null;
        UFix128 bestDebt = UFix128.Zero, bestColl = UFix128.Zero;
        // the largest debt and collateral; a tie goes to the token first in ordinal order (as a scan in that order, keeping
        // only strictly larger values, would pick), so no sorted copy of the tokens is needed
        foreach (var token in s.Balances.Keys)
        {
            UFix128 dv = sheet.DebtOf(token), cv = sheet.CollateralOf(token);
            if (dv > bestDebt || (dv == bestDebt && debt is not null && string.CompareOrdinal(token, debt) < 0)) { bestDebt = dv; debt = token; }
            if (cv > bestColl || (cv == bestColl && coll is not null && string.CompareOrdinal(token, coll) < 0)) { bestColl = cv; coll = token; }
        }
        if (debt is null || coll is null || dex.GetSwapper(coll, debt) is null) return null;

        var d = s.Tokens[debt];
        var c = s.Tokens[coll];
        UFix128 nd = d.TrueBalance(s.Balances[debt]).Quantity;
        UFix128 nc = c.TrueBalance(s.Balances[coll]).Quantity;
        UFix128 a = d.Price * c.CollateralFactor;
        UFix128 b = d.Price / d.BorrowFactor;
        UFix128 tb = targetHealth * b;
        UFix128 repay = tb > a
            ? UFix128.SaturatingSub(targetHealth * sheet.EffectiveDebt, sheet.EffectiveCollateral) / (tb - a)
            : nd; // seizing at parity lowers health: any size passes the target check
        repay = UFix128.Min(repay, nd);
        // The DEX price is worse than parity (fee, slippage), so the seize per unit repaid is smaller and the post-health
        // higher than the parity solution: shrink the repayment until the pool's own post-health estimate passes.
        for (int attempt = 0; attempt < 40; attempt++)
        {
            UFix64 r = (repay * RoundingMargin).RoundDown();
            if (r.IsZero) return null;
            UFix64 dexIn;
            try { dexIn = dex.QuoteIn(coll, debt, r); }
            catch (ProtocolException) { return null; }
            UFix64 seize = (dexIn.ToUFix128() * UFix128.FromInteger((ulong)(10_000 - discountBps)) / BpsScale).RoundDown();
            if (seize >= dexIn) seize = UFix64.SaturatingSub(dexIn, UFix64.Epsilon);
            if (seize.ToUFix128() > nc) seize = nc.RoundDown();
            if (seize.IsZero) return null;
            // an offer the pool would revert (an underflowing estimate) is shrunk like one above the target
            if (Protocol.Health.PostLiquidationHealth.TryOf(sheet, seize, c, r, d) is { } post && post <= targetHealth)
                return new LiquidationOffer(liquidator, s.Id, debt, r, coll, seize, sequence);
            repay = repay * Shrink;
        }
        return null;
    }
}

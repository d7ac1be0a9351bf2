using FlowAlp.Engine.Dex;
using FlowAlp.Engine.Liquidation;
using FlowAlp.Protocol;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Protocol.Positions;
using FlowAlp.Simulation.ReferenceMarket;

namespace FlowAlp.Actors.Tests.Pool;

/// <summary>
/// Offers sized on a candidate's shared <see cref="LiquidationSizing"/> (one per candidate for all the liquidators, in
/// any order of discounts) equal those of the builder before sharing (kept here as the reference), offer for offer.
/// </summary>
public class LiquidationSizingTests
{
    // no liquidators of its own: the candidates stay below 1 after each tick, for these offers to size
    private static readonly TickMarket Market = new(Positions: 60, Seed: 5, Volatility: 1.2, CrashFraction: 0.4, CrashAt: 3600, Liquidators: 0);
    private static readonly ushort[] Discounts = [50, 0, 500, 9_999, 200, 50];

    [Fact]
    public void Shared_sizings_give_the_offers_of_the_reference_builder()
    {
        var loop = Market.StartPlain(wakeEveryone: false);
        var dex = Market.Dex();
        var reused = new LiquidationSizing(); // one buffer started on candidate after candidate, as the plain loop does
        int compared = 0, offered = 0;
        foreach (var t in Market.Ticks(2 * 3600))
        {
            loop.Tick(t);
            var target = loop.Core.Pool.LiquidationTargetHealth;
            dex.ArbitrageTo(loop.Core.OraclePrices(), loop.Core.Pool.DefaultToken); // the DEX view the liquidators see
            foreach (var c in loop.Core.Liquidations.Candidates())
            {
                var sizing = new LiquidationSizing(c, dex, target, c.Sheet());
                reused.Start(c, dex, target, c.Sheet());
                for (int i = 0; i < Discounts.Length; i++)
                {
                    var expected = ReferenceBuild($"liq-{i}", c, dex, target, Discounts[i], i);
                    Assert.Equal(expected, LiquidationOfferBuilder.Build($"liq-{i}", sizing, Discounts[i], i));
                    Assert.Equal(expected, LiquidationOfferBuilder.Build($"liq-{i}", reused, Discounts[i], i));
                    Assert.Equal(expected, LiquidationOfferBuilder.Build($"liq-{i}", c, dex, target, Discounts[i], i));
                    compared++;
                    if (expected is not null) offered++;
                }
            }
        }
        Assert.True(compared > 100, $"{compared} offers compared");
        Assert.True(offered > 0 && offered < compared, $"{offered} of {compared} sized");
    }

    /// <summary>The builder as it was before the sizing was shared (session 10).</summary>
    private static LiquidationOffer? ReferenceBuild(string liquidator, PositionSnapshot s, ConstantProductAmm dex, UFix128 targetHealth, ushort discountBps, int sequence)
    {
        UFix128 roundingMargin = UFix128.Parse("0.999"), shrink = UFix128.Parse("0.97"), bpsScale = UFix128.FromInteger(10_000);
        var sheet = s.Sheet();
        if (sheet.Health >= UFix128.One || sheet.EffectiveDebt.IsZero) return null;
        var debt = s.Balances.Keys.OrderBy(k => k, StringComparer.Ordinal).OrderByDescending(sheet.DebtOf).First();
        var coll = s.Balances.Keys.OrderBy(k => k, StringComparer.Ordinal).OrderByDescending(sheet.CollateralOf).First();
        if (sheet.DebtOf(debt).IsZero || sheet.CollateralOf(coll).IsZero || dex.GetSwapper(coll, debt) is null) return null;
        var d = s.Tokens[debt];
        var c = s.Tokens[coll];
        UFix128 nd = d.TrueBalance(s.Balances[debt]).Quantity;
        UFix128 nc = c.TrueBalance(s.Balances[coll]).Quantity;
        UFix128 a = d.Price * c.CollateralFactor;
        UFix128 b = d.Price / d.BorrowFactor;
        UFix128 tb = targetHealth * b;
        UFix128 repay = tb > a ? UFix128.SaturatingSub(targetHealth * sheet.EffectiveDebt, sheet.EffectiveCollateral) / (tb - a) : nd;
        repay = UFix128.Min(repay, nd);
        for (int attempt = 0; attempt < 40; attempt++)
        {
            UFix64 r = (repay * roundingMargin).RoundDown();
            if (r.IsZero) return null;
            UFix64 dexIn;
            try { dexIn = dex.QuoteIn(coll, debt, r); }
            catch (ProtocolException) { return null; }
            UFix64 seize = (dexIn.ToUFix128() * UFix128.FromInteger((ulong)(10_000 - discountBps)) / bpsScale).RoundDown();
            if (seize >= dexIn) seize = UFix64.SaturatingSub(dexIn, UFix64.Epsilon);
            if (seize.ToUFix128() > nc) seize = nc.RoundDown();
            if (seize.IsZero) return null;
            if (Protocol.Health.PostLiquidationHealth.TryOf(sheet, seize, c, r, d) is { } post && post <= targetHealth)
                return new LiquidationOffer(liquidator, s.Id, debt, r, coll, seize, sequence);
            repay = repay * shrink;
        }
        return null;
    }
}

using FlowAlp.Engine.Core;
using FlowAlp.Protocol;
using FlowAlp.Protocol.Health;
using FlowAlp.Protocol.Connectors;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Protocol.Positions;
using FlowAlp.Simulation.ReferenceMarket;

namespace FlowAlp.Actors.Tests.Pool;

/// <summary>
/// The sample's figures read from the tokens' snapshots (taken once per sample) equal the per-position snapshot's,
/// and the liquidation refusals decided without an exception carry the transaction's own reasons.
/// </summary>
public class PositionFiguresTests
{
    // a crash an hour in: healthy, indebted, topped-up and liquidated positions, and interest accrued in between
    private static readonly TickMarket Market = new(Positions: 60, Seed: 5, Volatility: 1.2, CrashFraction: 0.4, CrashAt: 3600);

    [Fact]
    public void Figures_from_token_snapshots_equal_each_positions_snapshot()
    {
        var loop = Market.StartPlain(wakeEveryone: false);
        int compared = 0, indebted = 0, belowOne = 0;
        foreach (var t in Market.Ticks(3 * 3600))
        {
            loop.Tick(t);
            if (t.Floor % 1200 != 0) continue;
            var pool = loop.Core.Pool;
            var tokens = pool.TokenSnapshots();
            for (long pid = 0; pid < pool.PositionCount; pid++)
            {
                var snapshot = loop.Core.TrySnapshot(pid)!;
                var sheet = snapshot.Sheet();
                var f = PositionFigures.Of(pool.PositionOf(pid), tokens)!.Value;
                UFix128 value = UFix128.Zero, debt = UFix128.Zero;
                foreach (var (token, balance) in snapshot.Balances)
                {
                    var s = snapshot.Tokens[token];
                    UFix128 amount = s.TrueBalance(balance).Quantity * s.Price;
                    if (balance.Direction == BalanceDirection.Credit) value += amount; else debt += amount;
                }
                Assert.Equal(sheet.Health, f.Health);
                Assert.Equal(sheet.EffectiveDebt, f.EffectiveDebt);
                Assert.Equal(value, f.CollateralValue);
                Assert.Equal(debt, f.DebtValue);
                compared++;
                if (!f.EffectiveDebt.IsZero) indebted++;
                if (f.Health < UFix128.One) belowOne++;
            }
        }
        Assert.Equal(9 * 60, compared);
        Assert.True(indebted > compared / 2, $"{indebted} of {compared} indebted");
        Assert.True(belowOne > 0, "no position was ever below 1");
    }

    [Fact]
    public void A_token_without_a_price_leaves_its_positions_out_like_the_snapshot()
    {
        var loop = Market.StartPlain(wakeEveryone: false);
        loop.Tick(UFix64.FromInteger(60));
        loop.Core.World.Oracle.Set("FLOW", null);
        var tokens = loop.Core.Pool.TokenSnapshots();
        Assert.Null(tokens["FLOW"]);
        Assert.NotNull(tokens["MOET"]);
        Assert.Null(loop.Core.TrySnapshot(0));
        Assert.Null(PositionFigures.Of(loop.Core.Pool.PositionOf(0), tokens));
    }

    [Fact]
    public void Early_liquidation_refusals_carry_the_transactions_reasons()
    {
        var loop = Market.StartPlain(wakeEveryone: false);
        loop.Tick(UFix64.FromInteger(60));
        var pool = loop.Core.Pool;
        var accounts = loop.Core.World.Accounts;

        string healthy = pool.EarlyLiquidationRefusal(0, "MOET", "FLOW")!;
        Assert.StartsWith("Cannot liquidate healthy position: ", healthy);
        Assert.Equal(ReasonOf(() => pool.ManualLiquidation(0, "MOET", "FLOW", UFix64.One, new Vault("MOET", UFix64.One))), healthy);
        Assert.Equal(ReasonOf(() => pool.ManualLiquidation(0, "XYZ", "FLOW", UFix64.One, new Vault("XYZ", UFix64.One))), pool.EarlyLiquidationRefusal(0, "XYZ", "FLOW"));
        Assert.Equal("Debt and seize types must be different", pool.EarlyLiquidationRefusal(0, "FLOW", "FLOW"));

        var tooMuch = UFix64.FromInteger(1_000_000_000);
        string? short_ = accounts.DebitRefusal("liquidator-0", "MOET", tooMuch);
        Assert.NotNull(short_);
        Assert.Equal(ReasonOf(() => accounts.Debit("liquidator-0", "MOET", tooMuch)), short_);
        Assert.Null(accounts.DebitRefusal("liquidator-0", "MOET", UFix64.One));
    }

    private static string ReasonOf(Action a) => Assert.Throws<ProtocolException>(a).Reason;
}

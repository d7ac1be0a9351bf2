using System.Text.Json;
using FlowAlp.Protocol;
using FlowAlp.Protocol.Interest;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Engine.Core;
using FlowAlp.Engine.Keepers;
using FlowAlp.Engine.Loop;
using FlowAlp.Engine.Operations;

namespace FlowAlp.Actors.Tests.Keepers;

/// <summary>
/// Pool keepers in the plain loop: a trigger trades after its delay, the trade brings the pool back to the reference
/// (the largest amount that does not overshoot it) or as far as the shared inventory allows, and every token stays
/// inside the world.
/// </summary>
public class PoolKeeperTests
{
    private static UFix64 U(string s) => UFix64.Parse(s);
    private static UFix64 T(ulong s) => UFix64.FromInteger(s);

    private static PlainLoop Loop(int count = 1, string inventoryMoet = "50000", string inventoryYield = "50000", ulong delay = 120, ulong? redeemAfter = null)
    {
        var flow = new TokenSettings("FLOW", U("0.8"), UFix64.One, new FixedCurve(UFix128.Parse("0.05")), T(1_000_000), T(1_000_000_000));
        var accounts = new Dictionary<string, IReadOnlyDictionary<string, UFix64>>
        {
            ["trader"] = new Dictionary<string, UFix64> { ["MOET"] = T(1_000_000), ["YT"] = T(1_000_000) },
            ["yield-reserve"] = new Dictionary<string, UFix64> { ["MOET"] = T(1_000_000) }, // the issuer that redeems
        };
        var script = new Script(new PoolConfig(), [flow], new Dictionary<string, UFix64?> { ["FLOW"] = UFix64.One },
            new Dictionary<(string, string), UFix64>(), accounts, []);
        var loop = new PlainLoop(script, new EventLogOptions(), wakeEveryone: false);
        loop.Core.Strategies.AddStrategyLiquidity("YT", T(100_000), "MOET", T(100_000));
        loop.SetYieldTokenMarket(new YieldTokenMarket("YT", ReferencePricePath.Constant(UFix64.One), null,
            new KeeperSettings(count, U(inventoryMoet), U(inventoryYield), IntervalSeconds: 3600, DeviationBps: 50, DelaySeconds: delay) { RedeemAfterSeconds = redeemAfter }));
        return loop;
    }

    /// <summary>A trader moves the pool (from its own wallet, so the world stays conserved).</summary>
    private static void Trade(PlainLoop loop, string tokenIn, string amount)
    {
        var w = loop.Core.World;
        string tokenOut = tokenIn == "YT" ? "MOET" : "YT";
        w.Accounts.Debit("trader", tokenIn, U(amount));
        w.Accounts.Credit("trader", tokenOut, loop.Core.Strategies.StrategyDex.Swap(tokenIn, tokenOut, U(amount)).Amount);
    }

    private static UFix64 Spot(PlainLoop loop) => loop.Core.Strategies.StrategyDex.Spot("YT", "MOET")!.Value;

    private static List<JsonElement> Arbitrages(PlainLoop loop) => loop.Core.Log.Lines
        .Select(l => JsonDocument.Parse(l).RootElement).Where(e => e.GetProperty("event").GetProperty("type").GetString() == "KeeperArbitrage").ToList();

    private static void RunTo(PlainLoop loop, ulong until, ulong from = 60)
    {
        for (ulong t = from; t <= until; t += 60) loop.Tick(T(t));
    }

    private static void AssertConserved(PlainLoop loop)
    {
        foreach (var (token, (expected, actual)) in loop.Core.Conservation()) Assert.True(expected == actual, $"{token}: {expected} expected, {actual} in the world");
        Assert.Empty(loop.CheckInvariants());
    }

    [Fact]
    public void A_deviation_is_traded_back_to_the_reference_after_the_delay()
    {
        var loop = Loop();
        Trade(loop, "YT", "1000"); // the yield token falls ~2 % below its reference
        Assert.True(Spot(loop) < U("0.99"));
        RunTo(loop, 120);
        Assert.Empty(Arbitrages(loop)); // seen at 60 s, due at 180 s
        RunTo(loop, 180, from: 180);
        var a = Assert.Single(Arbitrages(loop));
        Assert.Equal("180.00000000", a.GetProperty("t").GetString());
        var e = a.GetProperty("event");
        Assert.Equal("keeper-000", e.GetProperty("keeper").GetString());
        Assert.Equal("deviation", e.GetProperty("trigger").GetString());
        Assert.Equal("MOET", e.GetProperty("tokenIn").GetString());
        UFix64 amountIn = U(e.GetProperty("amountIn").GetString()!), amountOut = U(e.GetProperty("amountOut").GetString()!);
        Assert.Equal(U("50000") - amountIn, loop.Core.Keepers!.Inventory("MOET"));
        Assert.Equal(U("50000") + amountOut, loop.Core.Keepers.Inventory("YT"));

        // back at the reference (not past it)
        UFix64 spot = Spot(loop);
        Assert.Equal(spot, U(e.GetProperty("priceAfter").GetString()!));
        Assert.True(spot <= UFix64.One && spot >= U("0.9999"), $"{spot}");
        AssertConserved(loop);

        RunTo(loop, 1200, from: 240);
        Assert.Single(Arbitrages(loop)); // inside the band: nothing more until the timer
    }

    [Fact]
    public void The_trade_is_the_largest_that_does_not_carry_the_price_past_the_reference()
    {
        var tx = new FlowAlp.Protocol.Atomicity.TransactionContext();
        var amm = new FlowAlp.Engine.Dex.ConstantProductAmm(30);
        amm.JoinTransactions(tx);
        amm.SetLiquidity("YT", T(101_000), "MOET", T(99_000));
        var size = KeeperTrade.Size(amm, tx, "YT", "MOET", UFix64.One, T(50_000), T(50_000))!;
        Assert.Equal(("MOET", "YT"), (size.TokenIn, size.TokenOut));
        UFix64 After(UFix64 x) => tx.Probe(() => { amm.Swap("MOET", "YT", x); return amm.Spot("YT", "MOET")!.Value; });
        Assert.True(After(size.AmountIn) <= UFix64.One);
        Assert.True(After(size.AmountIn + UFix64.Epsilon) > UFix64.One);
        Assert.Equal((T(101_000), T(99_000)), amm.Reserves("YT", "MOET")); // the probes left the pool as it was
        Assert.Null(KeeperTrade.Size(amm, tx, "YT", "MOET", UFix64.One, UFix64.Zero, T(50_000))); // no MOET to buy with
        Assert.Equal(T(3), KeeperTrade.Size(amm, tx, "YT", "MOET", UFix64.One, T(3), T(50_000))!.AmountIn); // all of a small inventory
    }

    [Fact]
    public void A_dear_yield_token_is_sold_back_down_to_the_reference()
    {
        var loop = Loop(delay: 0);
        Trade(loop, "MOET", "3000");
        RunTo(loop, 60);
        var e = Assert.Single(Arbitrages(loop)).GetProperty("event");
        Assert.Equal("YT", e.GetProperty("tokenIn").GetString());
        Assert.True(Spot(loop) >= UFix64.One && Spot(loop) <= U("1.0001"), $"{Spot(loop)}");
        AssertConserved(loop);
    }

    [Fact]
    public void The_inventory_limits_the_trade()
    {
        var loop = Loop(inventoryMoet: "100", delay: 0);
        Trade(loop, "YT", "1000");
        RunTo(loop, 600);
        var e = Assert.Single(Arbitrages(loop)).GetProperty("event"); // all its MOET in the first trade; none left for the next triggers
        Assert.Equal("100.00000000", e.GetProperty("amountIn").GetString());
        Assert.Equal(UFix64.Zero, loop.Core.Keepers!.Inventory("MOET"));
        Assert.True(Spot(loop) < U("0.995"), $"{Spot(loop)}"); // still outside the band
        AssertConserved(loop);
    }

    [Fact]
    public void A_small_deviation_waits_for_the_timer()
    {
        var loop = Loop(delay: 120);
        Trade(loop, "YT", "200"); // ~40 bps: inside the band
        UFix64 before = Spot(loop);
        Assert.True(before > U("0.995"), $"{before}");
        RunTo(loop, 3660);
        Assert.Empty(Arbitrages(loop));
        RunTo(loop, 3780, from: 3720);
        var a = Assert.Single(Arbitrages(loop)); // the timer at 3600 s acts at 3720 s
        Assert.Equal("3720.00000000", a.GetProperty("t").GetString());
        Assert.Equal("timer", a.GetProperty("event").GetProperty("trigger").GetString());
        Assert.True(Spot(loop) <= UFix64.One && Spot(loop) >= U("0.9999"));
    }

    [Fact]
    public void Keepers_decide_together_and_the_first_in_order_closes_the_gap()
    {
        var loop = Loop(count: 3, delay: 0);
        Trade(loop, "YT", "1000");
        RunTo(loop, 60);
        var e = Assert.Single(Arbitrages(loop)).GetProperty("event"); // all three triggered; the others found the pool at the reference
        Assert.Equal("keeper-000", e.GetProperty("keeper").GetString());
        AssertConserved(loop);
    }

    [Fact]
    public void A_pending_trigger_survives_a_state_snapshot()
    {
        var whole = Loop(delay: 300);
        Trade(whole, "YT", "1000");
        RunTo(whole, 3600);

        var first = Loop(delay: 300);
        Trade(first, "YT", "1000");
        RunTo(first, 120); // the trigger seen at 60 s is pending until 360 s
        var snapshot = first.Capture([]);
        var resumed = PlainLoop.Restore(snapshot, [], new EventLogOptions());
        RunTo(resumed, 3600, from: 180);

        Assert.Equal(whole.Core.Log.Sha256(), resumed.Core.Log.Sha256());
        Assert.Equal("360.00000000", Arbitrages(resumed)[0].GetProperty("t").GetString());
        AssertConserved(resumed);
    }

    [Fact]
    public void Bought_units_are_locked_then_redeemed_with_the_issuer_at_the_reference()
    {
        var loop = Loop(redeemAfter: 600);
        Trade(loop, "YT", "1000");
        RunTo(loop, 180);
        var e = Assert.Single(Arbitrages(loop)).GetProperty("event");
        UFix64 amountIn = U(e.GetProperty("amountIn").GetString()!), amountOut = U(e.GetProperty("amountOut").GetString()!);
        var w = loop.Core.World;
        const string locked = "pool-keepers:redeeming@00000000078000000000"; // bought at 180 s, due at 780 s
        Assert.Equal(amountOut, w.Accounts.Balance(locked, "YT"));
        Assert.Equal((U("50000") - amountIn, U("50000")), (loop.Core.Keepers!.Inventory("MOET"), loop.Core.Keepers.Inventory("YT")));

        RunTo(loop, 720, from: 240);
        Assert.DoesNotContain(loop.Core.Log.Lines, l => l.Contains("KeeperRedemption"));
        RunTo(loop, 780, from: 780);
        // at the reference (1 MOET a unit) the issuer pays back the units' value: the keepers got the pool's discount
        Assert.Equal(UFix64.Zero, w.Accounts.Balance(locked, "YT"));
        Assert.Equal(U("50000") - amountIn + amountOut, loop.Core.Keepers.Inventory("MOET"));
        Assert.Equal((amountOut, T(1_000_000) - amountOut), (w.Accounts.Balance("yield-reserve", "YT"), w.Accounts.Balance("yield-reserve", "MOET")));
        var r = JsonDocument.Parse(Assert.Single(loop.Core.Log.Lines, l => l.Contains("KeeperRedemption"))).RootElement;
        Assert.Equal(("780.00000000", amountOut.ToString()), (r.GetProperty("t").GetString(), r.GetProperty("event").GetProperty("units").GetString()));
        AssertConserved(loop);
    }
}

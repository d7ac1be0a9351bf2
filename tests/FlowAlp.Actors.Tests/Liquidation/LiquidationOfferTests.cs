using System.Text.Json.Nodes;
using Akka.Actor;
using FlowAlp.Actors.Engine;
using FlowAlp.Actors.Liquidation;
using FlowAlp.Actors.Pool;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Scripting;
using Xunit.Abstractions;
using FlowAlp.Engine.Core;
using FlowAlp.Engine.Liquidation;
using FlowAlp.Engine.Loop;
using FlowAlp.Engine.Operations;
using FlowAlp.Engine.World;

namespace FlowAlp.Actors.Tests.Liquidation;

/// <summary>
/// Liquidation offers through the supervisor: alice's 1000 FLOW borrows MOET to health 1.3 at FLOW = 1, then FLOW
/// falls to 0.7 (oracle and DEX), health ≈ 0.91. Offers submitted from outside are applied at the next tick's
/// liquidation phase in canonical order; each sender hears the verdict with the protocol's reason.
/// </summary>
public class LiquidationOfferTests(ITestOutputHelper output) : EngineTestKit(output)
{
    private const string Setup = """
    { "pool": { "defaultToken": "MOET" },
      "tokens": [ { "symbol": "FLOW", "collateralFactor": "0.8", "borrowFactor": "1.0", "interestCurve": { "kind": "fixed", "yearlyRate": "0" },
                    "depositRate": "1000000", "depositCapacityCap": "1000000" } ],
      "prices": { "FLOW": "1.0" }, "dexPrices": { "FLOW/MOET": "1.0" },
      "accounts": { "alice": { "FLOW": "1000" }, "liq-a": { "MOET": "1000", "USDC": "1000" }, "liq-b": { "MOET": "1000" } },
      "steps": [
        { "op": "createPosition", "as": "alice", "deposit": { "token": "FLOW", "amount": "1000" }, "pushToDrawDownSink": true, "drawDownSink": "alice" },
        { "op": "setPrice", "token": "FLOW", "price": "0.7" },
        { "op": "setDexPrice", "pair": "FLOW/MOET", "price": "0.7" },
        { "op": "query", "what": "position", "position": 0 }
      ] }
    """;

    private static UFix64 U(string s) => UFix64.Parse(s);

    private async Task<(PoolEngine Engine, JsonObject Position)> Start(string name)
    {
        var script = ScriptParser.Parse(Setup);
        var engine = PoolEngine.StartOn(Sys, script, name);
        JsonObject last = new();
        foreach (var step in script.Steps) last = await engine.StepLine(step);
        return (engine, last["result"]!.AsObject());
    }

    private static UFix64 Amount(JsonObject position, string token) => U(position["balances"]![token]!["amount"]!.GetValue<string>());

    private static LiquidationOffer Offer(string liquidator, string repay, string seize, int seq = 0, string debt = "MOET", string coll = "FLOW", long position = 0) =>
        new(liquidator, position, debt, U(repay), coll, U(seize), seq);

    private async Task<OfferResult> SubmitAndTick(PoolEngine engine, TestKitProbe probe, LiquidationOffer offer, string account, ulong time)
    {
        engine.Supervisor.Tell(new SubmitLiquidationOffer(offer, account), probe.Ref);
        probe.ExpectMsg<OfferQueued>();
        await engine.Tick(UFix64.FromInteger(time));
        return probe.ExpectMsg<OfferResult>();
    }

    public sealed class TestKitProbe(Akka.TestKit.TestProbe p)
    {
        public IActorRef Ref => p.Ref;
        public T ExpectMsg<T>() => p.ExpectMsg<T>();
        public void ExpectNoMsg() => p.ExpectNoMsg(TimeSpan.FromMilliseconds(50));
    }

    private TestKitProbe Probe() => new(CreateTestProbe());

    [Fact]
    public async Task A_valid_offer_is_accepted_and_moves_exact_amounts()
    {
        var (engine, before) = await Start("pool-valid");
        UFix64 debt = Amount(before, "MOET");
        Assert.Equal(U("615.38461538"), debt); // 1000 · 0.8 / 1.3, truncated
        var probe = Probe();

        // repay 100 MOET, seize 140 FLOW: the DEX would ask 100 / 0.7 = 142.857… FLOW; post-health 481.6 / 515.38… ≈ 0.934 ≤ 1.05
        var verdict = await SubmitAndTick(engine, probe, Offer("keeper", "100", "140"), "liq-a", 10);
        Assert.True(verdict.Accepted, verdict.Reason);

        var after = (await engine.StepLine(new QueryStep(10, "position", new QueryArgs(Position: 0))))["result"]!.AsObject();
        Assert.Equal(U("860"), Amount(after, "FLOW"));
        Assert.Equal(debt - U("100"), Amount(after, "MOET"));
        var liq = (await engine.StepLine(new QueryStep(11, "account", new QueryArgs(Account: "liq-a"))))["result"]!["balances"]!.AsObject();
        Assert.Equal("900", liq["MOET"]!.GetValue<string>().TrimEnd('0').TrimEnd('.'));
        Assert.Equal(U("140"), U(liq["FLOW"]!.GetValue<string>()));
        var log = await engine.EventLog();
        Assert.Contains(log.Lines, l => l.Contains("LiquidationExecuted") && l.Contains("\"repayAmount\":\"100"));
    }

    public static IEnumerable<object[]> InvalidOffers() => new[]
    {
        new object[] { "seize more than the position holds", "100", "1001", "MOET", "FLOW", 0L, "Cannot seize more collateral than is in position" },
        new object[] { "repay more than the debt", "700", "140", "MOET", "FLOW", 0L, "Cannot repay more debt than is in position" },
        new object[] { "post-health above the liquidation target", "600", "10", "MOET", "FLOW", 0L, "Liquidation must not exceed target health" },
        new object[] { "not better than the DEX", "100", "143", "MOET", "FLOW", 0L, "Liquidation offer must be better than that offered by DEX" },
        new object[] { "unsupported debt token", "100", "140", "USDC", "FLOW", 0L, "Debt token type unsupported: USDC" },
        new object[] { "same debt and seize token", "100", "140", "MOET", "MOET", 0L, "Debt and seize types must be different" },
    };

    [Theory]
    [MemberData(nameof(InvalidOffers))]
    public async Task Each_invalid_offer_is_rejected_with_the_protocols_reason(string what, string repay, string seize, string debt, string coll, long position, string reason)
    {
        var (engine, before) = await Start("pool-invalid-" + what.Replace(' ', '-'));
        var probe = Probe();
        var verdict = await SubmitAndTick(engine, probe, Offer("keeper", repay, seize, debt: debt, coll: coll, position: position), "liq-a", 10);
        Assert.False(verdict.Accepted, what);
        Assert.StartsWith(reason, verdict.Reason);
        var after = (await engine.StepLine(new QueryStep(10, "position", new QueryArgs(Position: 0))))["result"]!.AsObject();
        Assert.Equal(Amount(before, "FLOW"), Amount(after, "FLOW"));
        Assert.Equal(Amount(before, "MOET"), Amount(after, "MOET"));
        var liq = (await engine.StepLine(new QueryStep(11, "account", new QueryArgs(Account: "liq-a"))))["result"]!["balances"]!.AsObject();
        Assert.Equal(U("1000"), U(liq["MOET"]!.GetValue<string>()));
        var log = await engine.EventLog();
        Assert.Contains(log.Lines, l => l.Contains("LiquidationOfferRejected") && l.Contains("keeper"));
    }

    [Fact]
    public async Task A_healthy_position_is_not_liquidated()
    {
        var (engine, _) = await Start("pool-healthy");
        await engine.StepLine(new SetPriceStep(10, "FLOW", U("1.0")));
        await engine.StepLine(new SetDexPriceStep(11, "FLOW", "MOET", U("1.0")));
        var verdict = await SubmitAndTick(engine, Probe(), Offer("keeper", "10", "9"), "liq-a", 10);
        Assert.False(verdict.Accepted);
        Assert.StartsWith("Cannot liquidate healthy position", verdict.Reason);
    }

    [Fact]
    public async Task A_dex_far_from_the_oracle_rejects_the_offer()
    {
        var (engine, _) = await Start("pool-deviation");
        await engine.StepLine(new SetDexPriceStep(10, "FLOW", "MOET", U("0.5")));
        var verdict = await SubmitAndTick(engine, Probe(), Offer("keeper", "50", "99"), "liq-a", 10);
        Assert.False(verdict.Accepted);
        Assert.StartsWith("DEX/oracle price deviation too large", verdict.Reason);
    }

    [Fact]
    public async Task A_paused_pool_rejects_offers()
    {
        var (engine, _) = await Start("pool-paused");
        var line = await engine.StepLine(new GovernanceStep(10, "paused", null, new GovernanceValue(Flag: true)));
        Assert.True(line["ok"]!.GetValue<bool>(), line.ToJsonString());
        var verdict = await SubmitAndTick(engine, Probe(), Offer("keeper", "100", "140"), "liq-a", 10);
        Assert.False(verdict.Accepted);
        Assert.Equal("Liquidations are paused by governance", verdict.Reason);
    }

    [Fact]
    public async Task Competing_offers_in_one_block_apply_in_canonical_order_whatever_the_arrival_order()
    {
        var (engine, before) = await Start("pool-competing");
        var a = Probe();
        var b = Probe();
        // b arrives first; a sorts first (same position, liquidator name "liq-a" < "liq-b"). a's offer brings health to
        // 324.8 / 315.38… ≈ 1.03: the position is healthy, so b's identical offer is refused.
        engine.Supervisor.Tell(new SubmitLiquidationOffer(Offer("liq-b", "300", "420"), "liq-b"), b.Ref);
        b.ExpectMsg<OfferQueued>();
        engine.Supervisor.Tell(new SubmitLiquidationOffer(Offer("liq-a", "300", "420"), "liq-a"), a.Ref);
        a.ExpectMsg<OfferQueued>();
        await engine.Tick(UFix64.FromInteger(10));
        var va = a.ExpectMsg<OfferResult>();
        var vb = b.ExpectMsg<OfferResult>();
        Assert.True(va.Accepted, va.Reason);
        Assert.False(vb.Accepted);
        Assert.StartsWith("Cannot liquidate healthy position", vb.Reason);

        var after = (await engine.StepLine(new QueryStep(10, "position", new QueryArgs(Position: 0))))["result"]!.AsObject();
        Assert.Equal(U("580"), Amount(after, "FLOW"));
        Assert.Equal(Amount(before, "MOET") - U("300"), Amount(after, "MOET"));
        var log = (await engine.EventLog()).Lines;
        int applied = log.ToList().FindIndex(l => l.Contains("LiquidationExecuted"));
        int rejected = log.ToList().FindIndex(l => l.Contains("LiquidationOfferRejected") && l.Contains("liq-b"));
        Assert.True(applied >= 0 && rejected > applied, string.Join("\n", log));
    }
}

using FlowAlp.Actors.Engine;
using FlowAlp.Actors.Pool;
using FlowAlp.Protocol.Numerics;
using Xunit.Abstractions;
using FlowAlp.Engine.Core;
using FlowAlp.Engine.Loop;
using FlowAlp.Simulation.ReferenceMarket;

namespace FlowAlp.Actors.Tests;

/// <summary>
/// A market with rebalancers, a crash, liquidators and a DEX, run for six simulated hours of one-minute ticks by the
/// actor engine and by the plain single-threaded loop over the same core: the event logs are byte-identical, and
/// the run really exercised top-ups, draw-downs, failed schedules and liquidations. Every token is conserved.
/// </summary>
public class TickEquivalenceTests(ITestOutputHelper output) : EngineTestKit(output)
{
    internal static readonly TickMarket Market = new(Positions: 40, Seed: 11, Volatility: 0.9, CrashFraction: 0.35, CrashAt: 3 * 3600);
    internal const ulong Hours = 6;

    internal static async Task<EventLog> RunActors(EngineSettings settings)
    {
        await using var engine = await Market.StartActors(settings);
        foreach (var t in Market.Ticks(Hours * 3600)) await engine.Tick(t);
        return await engine.EventLog();
    }

    [Fact]
    public async Task Actor_engine_and_plain_loop_write_identical_event_logs()
    {
        var actors = await RunActors(new EngineSettings(DispatcherThreads: 2, SystemName: "equivalence"));
        var plain = Market.StartPlain();
        foreach (var t in Market.Ticks(Hours * 3600)) plain.Tick(t);

        Assert.Equal(plain.Core.Log.Count, actors.Lines.Count);
        for (int i = 0; i < actors.Lines.Count; i++) Assert.Equal(plain.Core.Log.Lines[i], actors.Lines[i]);
        Assert.Equal(plain.Core.Log.Sha256(), actors.Sha256);

        string all = string.Join("\n", actors.Lines);
        Assert.Contains("\"fromUnder\":true", all);      // top-ups from wallets after the crash
        var types = actors.Lines.Select(l => System.Text.Json.Nodes.JsonNode.Parse(l)!["event"]!["type"]!.GetValue<string>()).GroupBy(x => x).Select(g => $"{g.Key}={g.Count()}");
        var rejects = actors.Lines.Where(l => l.Contains("Rejected") || l.Contains("RebalanceFailed")).Take(5);
        Assert.True(all.Contains("\"type\":\"LiquidationExecuted\""), string.Join(", ", types) + "\n" + string.Join("\n", rejects)); // odd positions have no topUpSource
        Assert.Contains("\"type\":\"LiquidationOfferRejected\"", all); // the second liquidator loses the race
        Assert.Equal(40 * (int)(Hours * 3600 / 600), actors.Lines.Count(l => l.Contains("\"type\":\"RebalancerRun\"")));
    }

    [Fact]
    public void Every_token_is_conserved_across_the_run()
    {
        var plain = Market.StartPlain();
        var setup = Market.Setup();
        foreach (var t in Market.Ticks(Hours * 3600)) plain.Tick(t);
        var w = plain.Core.World;
        foreach (var token in new[] { "FLOW", "MOET" })
        {
            UFix64 initial = UFix64.Zero, now = UFix64.Zero;
            foreach (var a in setup.Accounts.Values) if (a.TryGetValue(token, out var v)) initial += v;
            foreach (var name in w.Accounts.Accounts) now += w.Accounts.Balance(name, token);
            now += w.Pool.Reserve(token);
            if (token == "MOET") { initial += w.Pool.MoetMinted; now += w.Pool.InsuranceFund; }
            if (w.Pool.StabilityFunds.TryGetValue(token, out var f)) now += f;
            Assert.Equal(initial, now);
        }
        Assert.True(w.Accounts.Balance(RebalanceSchedule.SchedulerAccount, "FLOW") > UFix64.Zero);
    }
}

using Akka.Actor;
using FlowAlp.Actors.Engine;
using FlowAlp.Actors.Liquidation;
using FlowAlp.Actors.Pool;
using FlowAlp.Engine.Core;
using FlowAlp.Engine.Loop;
using FlowAlp.Engine.Operations;
using FlowAlp.Engine.Oracles;
using FlowAlp.Actors.Rebalancing;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Simulation.ReferenceMarket;
using Xunit.Abstractions;

namespace FlowAlp.Actors.Tests.Liquidation;

/// <summary>The tests that set the engines' liquidation batch size (a static knob) run alone.</summary>
[CollectionDefinition(nameof(LiquidationBatchKnob), DisableParallelization = true)]
public sealed class LiquidationBatchKnob;

/// <summary>
/// A block's liquidation candidates sized and applied in batches of 3 positions give exactly the offers, verdicts and
/// event log of one batch, on both engines: 60 positions, a 35 % crash at one hour; liq-a and liq-b hold little MOET and
/// run out of it in the crash block (their later offers are refused as unfunded, mid-block and in later batches),
/// liq-c is funded but waits 120 s before it acts (its latency filter sees every batch, forgets positions that recover
/// or are liquidated, and acts two blocks later on those still below 1).
/// </summary>
[Collection(nameof(LiquidationBatchKnob))]
public class CandidateBatchTests(ITestOutputHelper output) : EngineTestKit(output)
{
    private static readonly TickMarket Market = new(Positions: 60, Seed: 11, Volatility: 0.9, CrashFraction: 0.35, CrashAt: 3600, Liquidators: 0);
    private const ulong Seconds = 5400;

    private static readonly (string Name, string Account, ulong Moet, ulong Latency)[] Liquidators =
        [("liq-a", "poor-a", 150, 0), ("liq-b", "poor-b", 300, 0), ("liq-c", "funded-c", 1_000_000, 120)];

    private static Script Setup()
    {
        var setup = Market.Setup();
        var accounts = new Dictionary<string, IReadOnlyDictionary<string, UFix64>>(setup.Accounts);
        foreach (var (_, account, moet, _) in Liquidators) accounts[account] = new Dictionary<string, UFix64> { ["MOET"] = UFix64.FromInteger(moet) };
        return setup with { Accounts = accounts };
    }

    private static List<string> RunPlain(int batch)
    {
        int before = PlainLoop.LiquidationBatch;
        PlainLoop.LiquidationBatch = batch;
        try
        {
            var loop = new PlainLoop(Setup(), wakeEveryone: false);
            Assert.True(loop.Core.ApplySetUp(Market.Openings()).Ok);
            loop.AddOracle("FLOW", Market.FlowPrice());
            foreach (var (p, spec) in Market.Rebalancers()) loop.AddRebalancer(p, spec);
            loop.EnableRebalanceSupervisor();
            loop.UseDex(Market.Dex());
            foreach (var (name, account, _, latency) in Liquidators) loop.AddLiquidator(name, account, latencySeconds: latency);
            foreach (var t in Market.Ticks(Seconds)) loop.Tick(t);
            return loop.Core.Log.Lines.ToList();
        }
        finally { PlainLoop.LiquidationBatch = before; }
    }

    private async Task<(List<string> Log, List<LiquidatorStats> Stats)> RunActors(int batch, string system)
    {
        int before = PoolSupervisor.LiquidationBatch;
        PoolSupervisor.LiquidationBatch = batch;
        try
        {
            await using var engine = PoolEngine.Start(Setup(), new EngineSettings(DispatcherThreads: 2, SystemName: system));
            await engine.Ask<PositionsSetUp>(new SetUpPositions(Market.Openings()));
            await engine.Ask<Status.Success>(new AddOracle("FLOW", Market.FlowPrice()));
            await engine.Ask<RebalancersAdded>(new AddRebalancers(Market.Rebalancers()));
            await engine.Ask<Status.Success>(new EnableRebalanceSupervisor());
            await engine.Ask<Status.Success>(new UseDex(engine.System.ActorOf(FlowAlp.Actors.Dex.DexActor.Props(Market.Dex()), "dex")));
            foreach (var (name, account, _, latency) in Liquidators) await engine.Ask<Status.Success>(new AddLiquidator(name, account, LatencySeconds: latency));
            foreach (var t in Market.Ticks(Seconds)) await engine.Tick(t);
            var stats = new List<LiquidatorStats>();
            foreach (var (name, _, _, _) in Liquidators)
            {
                var actor = await engine.System.ActorSelection(engine.Supervisor.Path / $"liquidator-{name}").ResolveOne(TimeSpan.FromSeconds(5));
                stats.Add(await actor.Ask<LiquidatorStats>(new GetLiquidatorStats(), TimeSpan.FromSeconds(5)));
            }
            return ((await engine.EventLog()).Lines.ToList(), stats);
        }
        finally { PoolSupervisor.LiquidationBatch = before; }
    }

    private static int Count(List<string> log, params string[] parts) => log.Count(l => parts.All(l.Contains));

    [Fact]
    public void The_plain_loop_gives_one_batchs_event_log_in_batches_of_three()
    {
        var whole = RunPlain(int.MaxValue);
        var batched = RunPlain(3);

        Assert.Equal(whole.Count, batched.Count);
        for (int i = 0; i < whole.Count; i++) Assert.Equal(whole[i], batched[i]);
        AssertExercised(whole);
    }

    [Fact]
    public async Task The_actor_engine_gives_one_batchs_offers_verdicts_and_event_log_in_batches_of_three()
    {
        var whole = await RunActors(int.MaxValue, "batch-whole");
        var batched = await RunActors(3, "batch-three");

        Assert.Equal(whole.Log.Count, batched.Log.Count);
        for (int i = 0; i < whole.Log.Count; i++) Assert.Equal(whole.Log[i], batched.Log[i]);
        Assert.Equal(whole.Stats, batched.Stats); // offers posted (numbered through the block), accepted, rejected
        Assert.Equal(new LiquidatorStats("liq-c", 22, 22, 0), whole.Stats[2]);
        Assert.All(whole.Stats, s => Assert.True(s.Posted > 0, s.Name));
        Assert.Equal(RunPlain(int.MaxValue), batched.Log); // and the plain loop's
        AssertExercised(whole.Log);
    }

    /// <summary>
    /// The run has what the batches must carry: 30 candidates in the crash block (ten batches of three), both poor
    /// liquidators running out of MOET in it, liq-c acting only once its 120 s have passed, on the 22 still below 1.
    /// </summary>
    private static void AssertExercised(List<string> log)
    {
        var events = log.Select(l => System.Text.Json.Nodes.JsonNode.Parse(l)!)
            .Where(n => n["event"]!["type"]!.GetValue<string>() is "LiquidationExecuted" or "LiquidationOfferRejected")
            .Select(n => (T: n["t"]!.GetValue<string>(), Type: n["event"]!["type"]!.GetValue<string>(), Position: n["event"]!["position"]!.GetValue<long>(),
                Liquidator: n["event"]!["liquidator"]?.GetValue<string>(), Reason: n["event"]!["reason"]?.GetValue<string>() ?? ""))
            .ToList();
        int At(string t, string type, string? liquidator = null, string reason = "") =>
            events.Count(e => e.T == t && e.Type == type && (liquidator is null || e.Liquidator == liquidator) && e.Reason.StartsWith(reason, StringComparison.Ordinal));

        Assert.Equal(30, events.Where(e => e.T == "3600.00000000").Select(e => e.Position).Distinct().Count());
        Assert.Equal(8, At("3600.00000000", "LiquidationExecuted"));
        Assert.Equal(27, At("3600.00000000", "LiquidationOfferRejected", "liq-a", "account poor-a holds"));
        Assert.Equal(22, At("3600.00000000", "LiquidationOfferRejected", "liq-b", "account poor-b holds"));
        Assert.Equal(0, At("3660.00000000", "LiquidationExecuted")); // liq-c still waiting
        Assert.Equal(22, At("3720.00000000", "LiquidationExecuted")); // liq-c, 120 s after it first saw them
        Assert.Equal(0, events.Count(e => e.T == "3720.00000000" && e.Liquidator == "liq-c"));
        Assert.Equal(events.Count, events.Count(e => e.T is "3600.00000000" or "3660.00000000" or "3720.00000000"));
    }
}

using Akka.Actor;
using FlowAlp.Actors.Chaos;
using FlowAlp.Actors.Engine;
using FlowAlp.Actors.Liquidation;
using FlowAlp.Actors.Pool;
using FlowAlp.Actors.Rebalancing;
using FlowAlp.Protocol.Numerics;
using Xunit.Abstractions;
using FlowAlp.Engine.Chaos;
using FlowAlp.Engine.Core;
using FlowAlp.Engine.Liquidation;
using FlowAlp.Engine.Loop;
using FlowAlp.Engine.Rebalancing;
using FlowAlp.Simulation.ReferenceMarket;

namespace FlowAlp.Actors.Tests.Chaos;

/// <summary>
/// Rebalancer, oracle and liquidator actors crashed mid-run: supervision really restarts each of them (the supervisor
/// counts the restarts), each comes back with its state (the rebalancer's record, the liquidator's counts) and answers
/// the request it crashed on, and the event log is the uninterrupted run's, byte for byte.
/// </summary>
public class EngineActorCrashTests(ITestOutputHelper output) : EngineTestKit(output)
{
    private static readonly TickMarket Market = new(Positions: 20, Seed: 4, Volatility: 0.9, CrashFraction: 0.35, CrashAt: 3600);

    private async Task<(EventLog Log, long Restarts, RebalancerState Record, LiquidatorStats Liquidator)> Run(string name, bool crash)
    {
        await using var engine = await Market.StartActors(new EngineSettings(2, SystemName: name));
        foreach (var t in Market.Ticks(3000)) await engine.Tick(t);
        if (crash)
        {
            // rebalancers of positions 0–4 crash on their next run's outcome, the oracle on its next price request,
            // the liquidators on their next offer request (after the crash at 3600 there are candidates)
            await engine.Ask<Status.Success>(new InjectFault(new CrashActors("rebalancers", [0, 1, 2, 3, 4])));
            await engine.Ask<Status.Success>(new InjectFault(new CrashActors("oracles", [])));
            await engine.Ask<Status.Success>(new InjectFault(new CrashActors("liquidators", [])));
        }
        foreach (var t in Market.Ticks(3 * 3600).Where(t => t > UFix64.FromInteger(3000))) await engine.Tick(t);
        var log = await engine.EventLog();
        var stats = await engine.Ask<SupervisionStats>(new GetSupervisionStats());
        var rebalancer = await engine.Ask<RebalancerState>(new GetRebalancer(0)); // position 0's: from its row, the crashed actor being idle again
        var liquidator = await (await Child(engine, "liquidator-liq-0")).Ask<LiquidatorStats>(new GetLiquidatorStats(), TimeSpan.FromSeconds(5));
        return (log, stats.ChildRestarts, rebalancer, liquidator);
    }

    private static List<string> Events(EventLog log) => log.Lines.Where(l => !l.Contains("\"type\":\"FaultInjected\""))
        .Select(l => { var o = System.Text.Json.Nodes.JsonNode.Parse(l)!.AsObject(); o.Remove("seq"); return o.ToJsonString(); }).ToList();

    private static Task<IActorRef> Child(PoolEngine engine, string name) =>
        engine.System.ActorSelection(engine.Supervisor.Path / name).ResolveOne(TimeSpan.FromSeconds(5));

    [Fact]
    public async Task Crashed_engine_actors_restart_with_their_state_and_the_run_is_unchanged()
    {
        var calm = await Run("calm", crash: false);
        var crashed = await Run("crashed", crash: true);

        Assert.Equal(0, calm.Restarts);
        Assert.Equal(5 + 1 + 2, crashed.Restarts); // five rebalancers, the FLOW oracle, two liquidators
        // the same events, apart from the three FaultInjected lines (and the sequence numbers they shift)
        Assert.Equal(3, crashed.Log.Lines.Count(l => l.Contains("\"type\":\"FaultInjected\"")));
        Assert.Equal(Events(calm.Log), Events(crashed.Log));
        // the rebalancer's record survived its restart: 18 runs in three hours, the same as never crashed
        Assert.Equal(calm.Record, crashed.Record);
        Assert.Equal(18, crashed.Record.Runs);
        // and so did the liquidator's counts (its offers after the crash were posted by the restarted instance)
        Assert.Equal(calm.Liquidator, crashed.Liquidator);
        Assert.True(crashed.Liquidator.Posted > 0, "liquidations happened after the crash at 3600 s");
    }
}

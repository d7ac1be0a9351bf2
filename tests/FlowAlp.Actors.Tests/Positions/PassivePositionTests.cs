using Akka.Actor;
using FlowAlp.Actors.Engine;
using FlowAlp.Actors.Pool;
using FlowAlp.Actors.Positions;
using FlowAlp.Actors.Rebalancing;
using FlowAlp.Engine.Chaos;
using FlowAlp.Engine.Loop;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Simulation.ReferenceMarket;
using Xunit.Abstractions;

namespace FlowAlp.Actors.Tests.Positions;

/// <summary>
/// Passive positions and rebalancers: a quiet run leaves no position or rebalancer actor behind (their state is the
/// supervisor's tables); a woken run is decided by the position's host (no actor made), and an actor is made only when
/// a message must reach it — a crash fault, a reader, a woken run without hosts — and is stopped once it has answered. Killing a passive entity means making it from its state, then crashing it on the next
/// message it is sent: supervision restarts it, it answers, goes idle, and the run's events are the calm run's. These
/// run with no linger (an actor is stopped as soon as it has answered); <see cref="PositionLingerTests"/> covers the default.
/// </summary>
public class PassivePositionTests(ITestOutputHelper output) : EngineTestKit(output)
{
    private static readonly TickMarket Market = new(Positions: 20, Seed: 4, Volatility: 0.9, CrashFraction: 0.35, CrashAt: 3600);

    private static List<string> Events(EventLog log) => log.Lines.Where(l => !l.Contains("\"type\":\"FaultInjected\""))
        .Select(l => { var o = System.Text.Json.Nodes.JsonNode.Parse(l)!.AsObject(); o.Remove("seq"); return o.ToJsonString(); }).ToList();

    /// <summary>The market on an engine whose position actors are stopped as soon as they have answered.</summary>
    private static async Task<PoolEngine> Strict(string name) =>
        await Market.Populate(PoolEngine.Start(Market.Setup(), new EngineSettings(2, SystemName: name), LocalPositionDirectory.Lingering(0)));

    private async Task AwaitNoActors(PoolEngine engine) =>
        await AwaitAssertAsync(async () =>
        {
            var p = await engine.Ask<Passivation>(new GetPassivation());
            Assert.Equal(0, p.LivePositions);
            Assert.Equal(0, p.LiveRebalancers);
        });

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_screened_run_leaves_no_actor_and_a_woken_run_goes_to_a_host_or_without_hosts_makes_one(bool hosts)
    {
        await using var engine = await Market.Populate(PoolEngine.Start(Market.Setup(), new EngineSettings(2, SystemName: "passive"),
            hosts ? LocalPositionDirectory.Lingering(0) : LocalPositionDirectory.PerPositionActors(0)));
        Assert.Equal(0, (await engine.Ask<Passivation>(new GetPassivation())).PositionMaterialisations); // opening 20 positions made none
        long quiet = 0;
        foreach (var t in Market.Ticks(3 * 3600)) quiet += (await engine.Tick(t)).QuietRuns;
        await AwaitNoActors(engine);
        var p = await engine.Ask<Passivation>(new GetPassivation());
        long woken = 20 * (3 * 3600 / 600) - quiet;
        Assert.Equal(10, woken); // the crash at 3600 wakes positions
        // every run the screen could not settle woke its position: decided by its host, or (no hosts) by an actor made for it
        Assert.Equal(hosts ? 0 : woken, p.PositionMaterialisations);
        Assert.Equal(hosts ? woken : 0, p.HostedRuns);
    }

    [Fact]
    public async Task Killing_passive_positions_and_rebalancers_makes_them_crashes_them_on_their_next_message_and_changes_no_event()
    {
        async Task<(EventLog Log, long Restarts, RebalancerState Record)> Run(string name, bool crash)
        {
            await using var engine = await Strict(name);
            foreach (var t in Market.Ticks(3000)) await engine.Tick(t);
            await AwaitNoActors(engine);
            if (crash)
            {
                await engine.Ask<Status.Success>(new InjectFault(new CrashPositions([3, 4])));
                await engine.Ask<Status.Success>(new InjectFault(new CrashActors("rebalancers", [3])));
                // killing a passive entity makes its actor first, from the supervisor's tables
                var made = await engine.Ask<Passivation>(new GetPassivation());
                Assert.Equal(2, made.LivePositions);
                Assert.Equal(1, made.LiveRebalancers);
            }
            foreach (var t in Market.Ticks(3 * 3600).Where(t => t > UFix64.FromInteger(3000))) await engine.Tick(t);
            await AwaitNoActors(engine); // each crashed, restarted, answered and went passive again
            var restarts = (await engine.Ask<SupervisionStats>(new GetSupervisionStats())).ChildRestarts;
            return (await engine.EventLog(), restarts, await engine.Ask<RebalancerState>(new GetRebalancer(3)));
        }

        var calm = await Run("calm-passive", crash: false);
        var crashed = await Run("crashed-passive", crash: true);
        Assert.Equal(0, calm.Restarts);
        Assert.Equal(3, crashed.Restarts); // two positions (on their next woken run or refresh) and one rebalancer (on its next run's outcome)
        Assert.Equal(Events(calm.Log), Events(crashed.Log));
        Assert.Equal(calm.Record, crashed.Record); // the rebalancer's record went through its actor and back to its row intact
        Assert.Equal(18, crashed.Record.Runs);
    }
}

using Akka.Actor;
using FlowAlp.Actors.Engine;
using FlowAlp.Actors.Pool;
using FlowAlp.Actors.Positions;
using FlowAlp.Engine.Chaos;
using FlowAlp.Engine.Core;
using FlowAlp.Engine.Loop;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Simulation.ReferenceMarket;
using Xunit.Abstractions;

namespace FlowAlp.Actors.Tests.Positions;

/// <summary>
/// Woken runs decided by position hosts (<see cref="PositionHostActor"/>): a run whose position has no actor is decided
/// in its host's batch, so no position actor is made for it, and the event log is the plain loop's. A position that has
/// an actor (crash-armed, or its ref handed to a reader) has its run decided by that actor, and while message faults
/// are active every run goes to its position's actor, as before hosts.
/// </summary>
public class PositionHostTests(ITestOutputHelper output) : EngineTestKit(output)
{
    private static readonly EventLogOptions Unretained = new(Retain: false);

    [Fact]
    public async Task Woken_runs_at_thousands_of_positions_make_no_position_actor_and_write_the_plain_loops_event_log()
    {
        // every rebalancer is due at the same ten-minute marks; the 40 % crash at 20 minutes wakes more than a slice
        var market = new TickMarket(Positions: 3000, Seed: 7, Volatility: 0.8, CrashFraction: 0.4, CrashAt: 1200);
        await using var engine = await market.StartActors(new EngineSettings(2, SystemName: "hosts", EventLog: Unretained));
        var plain = market.StartPlain(Unretained, wakeEveryone: false);
        long woken = 0, mostWoken = 0;
        foreach (var t in market.Ticks(3600))
        {
            var actors = await engine.Tick(t);
            var loop = plain.Tick(t);
            Assert.Equal(loop.QuietRuns, actors.QuietRuns);
            Assert.Equal(loop.Rebalances, actors.Rebalances);
            if (t.Floor % market.RebalanceInterval != 0) continue;
            woken += market.Positions - actors.QuietRuns;
            mostWoken = Math.Max(mostWoken, market.Positions - actors.QuietRuns);
        }
        Assert.True(mostWoken > PoolSupervisor.HostSlice, $"at most {mostWoken} woken in a block: one slice only");
        var actorLog = await engine.EventLog();
        Assert.Equal(plain.Core.Log.Count, actorLog.Count);
        Assert.Equal(plain.Core.Log.Sha256(), actorLog.Sha256);
        var p = await engine.Ask<Passivation>(new GetPassivation());
        Assert.Equal(0, p.PositionMaterialisations);
        Assert.Equal(0, p.LivePositions);
        Assert.Equal(woken, p.HostedRuns);
        // each position's decision count is kept by the directory: a reader's actor, made now, starts from it
        long decisions = 0;
        for (long pid = 0; pid < market.Positions; pid++)
        {
            var actor = (await engine.Ask<PositionActorRef>(new GetPositionActor(pid))).Actor!;
            decisions += (await actor.Ask<Replica>(new GetReplica(), TimeSpan.FromSeconds(10))).Decisions;
        }
        Assert.Equal(woken, decisions);
    }

    // every due run wakes its position (naive mode): 20 positions, a run every 600 s, 18 runs each in three hours
    private static readonly TickMarket Small = new(Positions: 20, Seed: 4, Volatility: 0.9, CrashFraction: 0.35, CrashAt: 3600);
    private const long Runs = 20 * 18;

    private static async Task<PoolEngine> Naive(string name, EventLogOptions? log = null) =>
        await Small.Populate(PoolEngine.Start(Small.Setup(), new EngineSettings(2, SystemName: name, WakeEveryone: true, EventLog: log ?? Unretained), LocalPositionDirectory.Factory));

    private async Task<Passivation> AwaitNoActors(PoolEngine engine)
    {
        Passivation p = null!;
        await AwaitAssertAsync(async () =>
        {
            p = await engine.Ask<Passivation>(new GetPassivation());
            Assert.Equal(0, p.LivePositions);
        });
        return p;
    }

    [Fact]
    public async Task A_crash_armed_or_reader_held_position_has_its_next_run_decided_by_its_actor()
    {
        async Task<(string Sha, Passivation P, long Restarts)> Run(string name, bool actors)
        {
            await using var engine = await Naive(name);
            foreach (var t in Small.Ticks(3000)) await engine.Tick(t);
            if (actors)
            {
                // the 600-second run of 3000 s was the fifth: a reader's actor starts from the directory's count
                var reader = (await engine.Ask<PositionActorRef>(new GetPositionActor(5))).Actor!;
                Assert.Equal(5, (await reader.Ask<Replica>(new GetReplica(), TimeSpan.FromSeconds(10))).Decisions);
                await engine.Ask<Status.Success>(new InjectFault(new CrashPositions([3, 4])));
                Assert.Equal(3, (await engine.Ask<Passivation>(new GetPassivation())).LivePositions);
            }
            foreach (var t in Small.Ticks(3 * 3600).Where(t => t > UFix64.FromInteger(3000))) await engine.Tick(t);
            var p = await AwaitNoActors(engine); // each answered its run at 3600 and was stopped (no linger)
            var restarts = (await engine.Ask<SupervisionStats>(new GetSupervisionStats())).ChildRestarts;
            return ((await engine.EventLog()).Sha256, p, restarts);
        }

        var calm = await Run("hosts-calm", actors: false);
        var held = await Run("hosts-held", actors: true);
        Assert.Equal(new Passivation(0, 0, 0, Runs), calm.P with { LiveRebalancers = 0 });
        // positions 3, 4 (crashed by their run, restarted, answered) and 5 (the reader's) took their run at 3600; every other run was hosted
        Assert.Equal(new Passivation(0, 3, 0, Runs - 3), held.P with { LiveRebalancers = 0 });
        Assert.Equal(0, calm.Restarts);
        Assert.Equal(2, held.Restarts);
    }

    [Fact]
    public async Task While_message_faults_are_active_every_run_goes_to_its_positions_actor_and_the_log_is_the_plain_loops()
    {
        var drop = new MessageFaultRule(1, MessageKind.RebalanceDue, MessageFate.Drop, 300_000, 0, Seed: 11);
        var retained = new EventLogOptions();
        await using var engine = await Naive("hosts-faults", retained);
        var plain = Small.StartPlain(retained, wakeEveryone: true);
        foreach (var t in Small.Ticks(3 * 3600))
        {
            Assert.Equal(plain.Tick(t).Rebalances, (await engine.Tick(t)).Rebalances);
            // the fault is active for the runs at 3600, 4200, 4800 and 5400
            if (t == UFix64.FromInteger(3000) || t == UFix64.FromInteger(5400))
            {
                var fault = new MessageFault(drop, Active: t == UFix64.FromInteger(3000));
                await engine.Ask<Status.Success>(new InjectFault(fault));
                plain.Inject(fault);
            }
        }
        var log = await engine.EventLog();
        Assert.Equal(plain.Core.Log.Sha256(), log.Sha256);
        int lost = log.Lines.Count(l => l.Contains("\"type\":\"MessageLost\"", StringComparison.Ordinal));
        var p = await AwaitNoActors(engine);
        var stats = await engine.Ask<DeliveryStats>(new GetDeliveryStats());
        Assert.True(stats.Resent > 0, "the fault dropped no request");
        // 4 blocks of 20 runs under the fault, each sent to an actor made for it (none for a run lost after every
        // retry); the other 280 were hosted
        Assert.Equal(Runs - 4 * 20, p.HostedRuns);
        Assert.Equal(4 * 20 - lost, p.PositionMaterialisations);
    }
}

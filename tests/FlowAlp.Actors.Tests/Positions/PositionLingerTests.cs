using Akka.Actor;
using FlowAlp.Actors.Engine;
using FlowAlp.Actors.Pool;
using FlowAlp.Actors.Positions;
using FlowAlp.Engine.Loop;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Simulation.ReferenceMarket;
using Xunit.Abstractions;

namespace FlowAlp.Actors.Tests.Positions;

/// <summary>
/// Passive entities linger: an actor that has answered stays for its linger (virtual time since the last message it
/// was sent) and is reused if woken again meanwhile, instead of being made again per message; once the linger has run
/// out, the end-of-block sweep stops it. The event log does not depend on it. Positions linger only without hosts
/// (<see cref="LocalPositionDirectory.PerPositionActors"/>): with them a woken run makes no actor to keep.
/// </summary>
public class PositionLingerTests(ITestOutputHelper output) : EngineTestKit(output)
{
    private sealed record Send(long Id);
    private sealed record AdvanceTo(ulong Seconds);
    private sealed record Sweep;
    private sealed record Counts(int Live, long Made, int Stopped);
    private sealed record Handled(long Id, bool Stopped);
    private sealed record Ack(long Id);

    /// <summary>Answers every message with an acknowledgement to its parent (a passive entity's idle notice).</summary>
    private sealed class Entity : ReceiveActor
    {
        public Entity(long id) => ReceiveAny(_ => Context.Parent.Tell(new Ack(id)));
    }

    /// <summary>A parent holding entities passive with <paramref name="linger"/> seconds of linger; reports each idle notice to <paramref name="probe"/>.</summary>
    private sealed class Host : ReceiveActor
    {
        public Host(ulong linger, IActorRef probe, int cap = PassiveEntities.LingerCap)
        {
            var entities = new PassiveEntities(Context, "e", linger, cap);
            int stopped = 0;
            Receive<Send>(m => entities.Tell(m.Id, () => Props.Create(() => new Entity(m.Id)), "work", Self, acknowledged: true));
            Receive<Ack>(m => probe.Tell(new Handled(m.Id, entities.Idle(m.Id))));
            Receive<AdvanceTo>(m => entities.Advance(UFix64.FromInteger(m.Seconds)));
            Receive<Sweep>(_ => { stopped += entities.PassivateIdle(); Sender.Tell(new Counts(entities.LiveCount, entities.Materialised, stopped)); });
        }
    }

    private Counts SendAt(IActorRef host, ulong seconds, long id, bool expectStopped)
    {
        host.Tell(new AdvanceTo(seconds));
        host.Tell(new Send(id));
        Assert.Equal(new Handled(id, expectStopped), ExpectMsg<Handled>());
        host.Tell(new Sweep());
        return ExpectMsg<Counts>();
    }

    [Fact]
    public void An_entity_woken_within_its_linger_is_not_made_again_and_is_stopped_once_the_linger_has_run_out()
    {
        var host = Sys.ActorOf(Props.Create(() => new Host(600, TestActor)));
        Assert.Equal(new Counts(1, 1, 0), SendAt(host, 0, 7, expectStopped: false));    // made, answered, lingers
        Assert.Equal(new Counts(1, 1, 0), SendAt(host, 300, 7, expectStopped: false));  // woken again: the same actor
        Assert.Equal(new Counts(2, 2, 0), SendAt(host, 600, 8, expectStopped: false));  // another entity; 7 sent at 300 stays
        host.Tell(new AdvanceTo(899));
        host.Tell(new Sweep());
        Assert.Equal(new Counts(2, 2, 0), ExpectMsg<Counts>());                          // 300 + 600 > 899
        host.Tell(new AdvanceTo(900));
        host.Tell(new Sweep());
        Assert.Equal(new Counts(1, 2, 1), ExpectMsg<Counts>());                          // 7's linger ran out; 8 (sent at 600) stays
        Assert.Equal(new Counts(2, 3, 1), SendAt(host, 1000, 7, expectStopped: false));  // 7 made again
        host.Tell(new AdvanceTo(1600));
        host.Tell(new Sweep());
        Assert.Equal(new Counts(0, 3, 3), ExpectMsg<Counts>());
    }

    [Fact]
    public void With_no_linger_an_entity_is_stopped_as_soon_as_it_has_answered()
    {
        var host = Sys.ActorOf(Props.Create(() => new Host(0, TestActor)));
        Assert.Equal(new Counts(0, 1, 0), SendAt(host, 0, 7, expectStopped: true));
        Assert.Equal(new Counts(0, 2, 0), SendAt(host, 300, 7, expectStopped: true));
    }

    [Fact]
    public async Task Without_hosts_a_position_woken_run_after_run_keeps_one_actor_and_with_hosts_none_is_made_and_the_event_log_is_the_same()
    {
        // every due run wakes its position (naive mode): 20 positions, a run every 600 s, 18 runs each in three hours
        var market = new TickMarket(Positions: 20, Seed: 4, Volatility: 0.9, CrashFraction: 0.35, CrashAt: 3600);
        async Task<(EventLog Log, Passivation P)> Run(string name, PositionDirectoryFactory directory, int live)
        {
            var settings = new EngineSettings(2, SystemName: name, WakeEveryone: true);
            await using var engine = await market.Populate(PoolEngine.Start(market.Setup(), settings, directory));
            foreach (var t in market.Ticks(3 * 3600)) await engine.Tick(t);
            var log = await engine.EventLog();
            return (log, await AwaitPassivation(engine, live));
        }

        var strict = await Run("linger-0", LocalPositionDirectory.PerPositionActors(0), 0);
        var lingering = await Run("linger-600", LocalPositionDirectory.PerPositionActors(600), 20);
        var hosted = await Run("hosted", LocalPositionDirectory.Factory, 0);
        Assert.Equal(strict.Log.Sha256, lingering.Log.Sha256);
        Assert.Equal(strict.Log.Sha256, hosted.Log.Sha256);
        Assert.Equal(20 * 18, strict.P.PositionMaterialisations); // one actor per run
        Assert.Equal(20, lingering.P.PositionMaterialisations);    // one per position: each run comes within the last one's linger
        Assert.Equal(0, hosted.P.PositionMaterialisations);        // the hosts decide every run: lingering has nothing left to save
        Assert.Equal(20 * 18, hosted.P.HostedRuns);
        Assert.Equal(0, strict.P.HostedRuns);
    }

    /// <summary>The passivation figures once the last idle notices are in (they may follow the tick's reply).</summary>
    private async Task<Passivation> AwaitPassivation(PoolEngine engine, int live)
    {
        Passivation p = null!;
        await AwaitAssertAsync(async () =>
        {
            p = await engine.Ask<Passivation>(new GetPassivation());
            Assert.Equal(live, p.LivePositions);
        });
        return p;
    }

    [Fact]
    public void Past_the_cap_of_live_actors_an_answered_entity_is_stopped_at_once()
    {
        // a mass wake (a crash at scale) makes more actors than lingering is worth: beyond the cap none lingers
        var host = Sys.ActorOf(Props.Create(() => new Host(600, TestActor, 2)));
        Assert.Equal(new Counts(1, 1, 0), SendAt(host, 0, 1, expectStopped: false));  // 1 live: lingers
        Assert.Equal(new Counts(2, 2, 0), SendAt(host, 0, 2, expectStopped: false));  // 2 live, at the cap: lingers
        Assert.Equal(new Counts(2, 3, 0), SendAt(host, 0, 3, expectStopped: true));   // 3 live, past it: stopped when answered
        Assert.Equal(new Counts(2, 3, 0), SendAt(host, 60, 1, expectStopped: false)); // the lingering ones are still reused
        Assert.Equal(new Counts(0, 4, 2), SendAt(host, 700, 4, expectStopped: true)); // past the cap again; the sweep stops 1 and 2 (linger run out)
    }
}

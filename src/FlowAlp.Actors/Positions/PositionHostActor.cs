using Akka.Actor;
using FlowAlp.Actors.Engine;
using FlowAlp.Protocol.Positions;
using FlowAlp.Engine.Positions;

namespace FlowAlp.Actors.Positions;

/// <summary>One woken rebalancer run of a passive position: the block's snapshot of the position and whether the run is forced.</summary>
public readonly record struct HostedRun(long RebalancerId, long Position, bool Force, PositionSnapshot? Snapshot);

/// <summary>
/// A batch of woken runs for one position host: decide each and answer the supervisor's barrier with one
/// <see cref="RunsDecided"/> (<paramref name="Batch"/> names the batch in the supervisor's wake plan).
/// </summary>
public sealed record DecideRuns(long Tick, int Batch, HostedRun[] Runs, IActorRef ReplyTo);

/// <summary>A host's answer: for each run of the batch, in its order, whether the pool must be asked to rebalance.</summary>
public sealed record RunsDecided(long Tick, int Batch, bool[] Needed);

/// <summary>
/// The home of the passive positions of one partition (position id mod the host count), the way a sharding shard hosts
/// its entities: a woken run of a position that has no actor is decided here, with the same
/// <see cref="RunDecision.Decide"/> a position actor runs on the block's snapshot, in batches (one message each way per
/// batch instead of an actor made, two messages and an actor stopped per run). A host keeps no state: a decision is a
/// pure function of the snapshot and the run's force, so hosts decide in parallel and the supervisor applies the
/// decisions by (due time, rebalancer id) as it does a position actor's. A host that fails is restarted and handles
/// the batch again (<see cref="PreRestart"/>); no chaos fault names a host (faults name positions, rebalancers,
/// oracles, liquidators), and while message faults are active every run goes to its position actor instead.
/// </summary>
public sealed class PositionHostActor : UntypedActor
{
    protected override void OnReceive(object message)
    {
        if (message is not DecideRuns m) { Unhandled(message); return; }
        var needed = new bool[m.Runs.Length];
        for (int i = 0; i < needed.Length; i++) needed[i] = RunDecision.Decide(m.Runs[i].Snapshot, m.Runs[i].Force).Needed;
        m.ReplyTo.Tell(new RunsDecided(m.Tick, m.Batch, needed), Self);
    }

    /// <summary>The batch that failed is handled again after the restart, so the supervisor's barrier completes.</summary>
    protected override void PreRestart(Exception reason, object message)
    {
        if (message is DecideRuns) Self.Tell(message);
        base.PreRestart(reason, message);
    }

    public static Props Props() =>
        Akka.Actor.Props.Create(() => new PositionHostActor()).WithDispatcher(AkkaConfig.Dispatcher);
}

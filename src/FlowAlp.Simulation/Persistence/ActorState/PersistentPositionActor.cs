using Akka.Actor;
using Akka.Persistence;
using FlowAlp.Actors.Positions;
using FlowAlp.Engine.Positions;

namespace FlowAlp.Simulation.Persistence;

/// <summary>The pool's copy of the position after a commit became the replica (journaled).</summary>
public sealed record PositionReplicaRefreshed(long Position, PositionReplica Replica) : IPersistedEvent;
/// <summary>The position decided a rebalancer's run (journaled): the decision count grows, the run's snapshot (if any) is the replica.</summary>
public sealed record PositionDecided(long Position, long Tick, long RebalancerId, PositionReplica? Replica) : IPersistedEvent;
/// <summary>The position's state as a snapshot (every N events), so recovery replays only the events after it.</summary>
public sealed record PositionState(long Position, PositionReplica? Replica, long Decisions) : IPersistedEvent;

/// <summary>
/// An event-sourced <see cref="PositionActor"/>: the same protocol (<see cref="RebalanceDue"/>, <see cref="PositionRefreshed"/>,
/// <see cref="GetReplica"/>, <see cref="CrashOnNextMessage"/>), but every replica refresh and every decision is journaled
/// before it takes effect (the decision's reply goes out once it is stored), with a snapshot every
/// <c>snapshotEvery</c> events. After a restart, or in a new process, the actor recovers its replica and decision count
/// from its journal, without asking the pool supervisor.
/// </summary>
public sealed class PersistentPositionActor : ReceivePersistentActor
{
    private readonly long _id;
    private readonly int _snapshotEvery;
    private PositionReplica? _replica;
    private long _decisions;
    private bool _crashNext;

    public override string PersistenceId { get; }

    public PersistentPositionActor(string persistenceId, long id, int snapshotEvery)
    {
        if (snapshotEvery <= 0) throw new ArgumentException("snapshotEvery: must be greater than 0");
        PersistenceId = persistenceId;
        // its rows are untrusted: the actor does not start (so recovers nothing) unless every one is FlowAlp's own
        if (JournalRowCheck.ForSystem(Context.System, persistenceId) is { } refused) throw new Running.SimulationException($"position journal: {refused}");
        _id = id;
        _snapshotEvery = snapshotEvery;

        Recover<SnapshotOffer>(o => { if (o.Snapshot is PositionState s) (_replica, _decisions) = (s.Replica, s.Decisions); });
        Recover<PositionReplicaRefreshed>(Apply);
        Recover<PositionDecided>(Apply);

        Command<PositionRefreshed>(m =>
        {
            CrashIfAsked();
            Persist(new PositionReplicaRefreshed(_id, PositionReplica.From(m.Snapshot)), e => { Apply(e); SnapshotIfDue(); });
        });
        Command<RebalanceDue>(m =>
        {
            CrashIfAsked();
            var (plan, needed) = RunDecision.Decide(m.Snapshot, m.Force);
            var replica = m.Snapshot is { } s ? PositionReplica.From(s) : null;
            Persist(new PositionDecided(_id, m.Tick, m.RebalancerId, replica), e =>
            {
                Apply(e);
                m.ReplyTo.Tell(new FlowAlp.Actors.Rebalancing.RebalancerReady(m.Tick, m.RebalancerId, new RebalanceDecision(m.Tick, m.RebalancerId, _id, plan, needed), m.NextIfPaid));
                SnapshotIfDue();
            });
        });
        Command<GetReplica>(_ => Sender.Tell(new Replica(_id, _replica, _decisions)));
        Command<CrashOnNextMessage>(_ => _crashNext = true);
        Command<SaveSnapshotSuccess>(s => DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(_ => { }); // the events are still journaled: recovery replays more, nothing is lost
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(_ => { });
    }

    private void Apply(PositionReplicaRefreshed e) => _replica = e.Replica;

    private void Apply(PositionDecided e)
    {
        if (e.Replica is not null) _replica = e.Replica;
        _decisions++;
    }

    private void SnapshotIfDue()
    {
        if (LastSequenceNr % _snapshotEvery == 0) SaveSnapshot(new PositionState(_id, _replica, _decisions));
    }

    private void CrashIfAsked()
    {
        if (!_crashNext) return;
        _crashNext = false;
        throw new FlowAlp.Actors.Chaos.InjectedCrashException($"position {_id}");
    }

    /// <summary>The message that crashed the actor is handled again after the restart (after recovery), so its step completes.</summary>
    protected override void PreRestart(Exception reason, object message)
    {
        if (message is RebalanceDue or PositionRefreshed) Self.Tell(message, Sender);
        base.PreRestart(reason, message);
    }

    public static Props Props(string persistenceId, long id, int snapshotEvery = 100) =>
        Akka.Actor.Props.Create(() => new PersistentPositionActor(persistenceId, id, snapshotEvery));
}

using Akka.Actor;
using Akka.Persistence;

namespace FlowAlp.Simulation.Persistence;

public sealed record OpenJournal(string ScenarioSha256, string Engine);
/// <summary>Store a state snapshot; the reply is its sequence number.</summary>
public sealed record SaveRunSnapshot(byte[] Bytes);
/// <summary>The stored snapshot with this sequence number (the reply is <see cref="RunSnapshotLoaded"/>).</summary>
public sealed record LoadRunSnapshot(long SequenceNr);
public sealed record RunSnapshotLoaded(long SequenceNr, byte[]? Bytes);
/// <summary>Deletes older snapshots (the journal keeps a thinned set of them, see <see cref="RunJournal"/>).</summary>
public sealed record DeleteRunSnapshots(IReadOnlyList<long> SequenceNrs);
/// <summary>
/// What the journal holds: the header (null for a new journal), the journaled steps (after the latest snapshot, when
/// there is one: recovery starts from it), whether the run completed, and the latest state snapshot's bytes.
/// </summary>
public sealed record JournalState(JournalOpened? Header, IReadOnlyDictionary<long, StepJournaled> Steps, RunCompleted? Completed, byte[]? Snapshot = null,
    string? SnapshotError = null)
{
    public long LastStep => Steps.Count == 0 ? 0 : Steps.Keys.Max();
}
public sealed record GetJournalState;
public sealed record Journaled(long SequenceNr);
/// <summary>The journal could not write: the sender's Ask fails with this, so the run stops at once.</summary>
public sealed class JournalWriteFailed(string message) : Exception(message);

/// <summary>
/// The run's journal (Akka.Persistence, one persistence id per run folder): it persists the header, one record per journaled step and
/// the completion, and rebuilds the same state on recovery. A write that fails stops the actor; the runner sees it and
/// stops the run with the reason rather than continuing with state that was not saved.
/// </summary>
public sealed class RunJournalActor : ReceivePersistentActor
{
    private JournalOpened? _header;
    private readonly SortedDictionary<long, StepJournaled> _steps = new();
    private RunCompleted? _completed;
    private IActorRef? _waiting;
    private byte[]? _snapshot;
    private IActorRef? _loading;
    private string? _snapshotError;

    public override string PersistenceId { get; }

    /// <param name="persistenceId">one per run folder, so runs can share a PostgreSQL database</param>
    public RunJournalActor(string persistenceId)
    {
        PersistenceId = persistenceId;
        Recover<JournalOpened>(e => _header = e);
        Recover<SnapshotOffer>(o =>
        {
            // the snapshot stands for every event before it, the header included: it carries the header itself
            _snapshot = ((RunSnapshotStored)o.Snapshot).Bytes;
            try { _header = RunSnapshot.HeaderOf(_snapshot); }
            catch (InvalidDataException e) { _snapshotError = e.Message; }
        });
        Recover<StepJournaled>(e => _steps[e.Step] = e);
        Recover<RunCompleted>(e => _completed = e);

        Command<GetJournalState>(_ => Sender.Tell(State()));
        Command<OpenJournal>(m =>
        {
            if (_header is not null) { Sender.Tell(State()); return; }
            var sender = Sender;
            Persist(new JournalOpened(m.ScenarioSha256, JournalFormat.Current, m.Engine), e => { _header = e; sender.Tell(State()); });
        });
        Command<StepJournaled>(m =>
        {
            var sender = _waiting = Sender;
            Persist(m, e => { _steps[e.Step] = e; sender.Tell(new Journaled(LastSequenceNr)); });
        });
        Command<SaveRunSnapshot>(m =>
        {
            _waiting = Sender;
            SaveSnapshot(new RunSnapshotStored(m.Bytes));
        });
        Command<SaveSnapshotSuccess>(s => _waiting?.Tell(new Journaled(s.Metadata.SequenceNr)));
        Command<DeleteRunSnapshots>(m => { foreach (var seq in m.SequenceNrs) DeleteSnapshot(seq); });
        Command<DeleteSnapshotSuccess>(_ => { });
        Command<DeleteSnapshotFailure>(_ => { }); // a snapshot left behind costs disk space only
        Command<LoadRunSnapshot>(m =>
        {
            _loading = Sender;
            SnapshotStore.Tell(new LoadSnapshot(PersistenceId, new SnapshotSelectionCriteria(m.SequenceNr, DateTime.MaxValue, m.SequenceNr), long.MaxValue));
        });
        Command<LoadSnapshotResult>(r => _loading?.Tell(new RunSnapshotLoaded(r.Snapshot?.Metadata.SequenceNr ?? 0, (r.Snapshot?.Snapshot as RunSnapshotStored)?.Bytes)));
        Command<LoadSnapshotFailed>(f => _loading?.Tell(new Status.Failure(f.Cause)));
        Command<SaveSnapshotFailure>(f => _waiting?.Tell(new Status.Failure(new JournalWriteFailed("state snapshot: " + f.Cause.Message.Split('\n')[0]))));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(_ => { }); // an older snapshot left behind costs disk space only: recovery takes the latest
        Command<RunCompleted>(m =>
        {
            var sender = _waiting = Sender;
            Persist(m, e => { _completed = e; sender.Tell(new Journaled(LastSequenceNr)); });
        });
    }

    /// <summary>The write failed (disk full, database gone): tell the waiting runner before the actor stops.</summary>
    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        _waiting?.Tell(new Status.Failure(new JournalWriteFailed(cause.Message.Split('\n')[0])));
        base.OnPersistFailure(cause, @event, sequenceNr);
    }

    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        _waiting?.Tell(new Status.Failure(new JournalWriteFailed(cause.Message.Split('\n')[0])));
        base.OnPersistRejected(cause, @event, sequenceNr);
    }

    private JournalState State() => new(_header, new SortedDictionary<long, StepJournaled>(_steps), _completed, _snapshot, _snapshotError);

    public static Props Props(string persistenceId) => Akka.Actor.Props.Create(() => new RunJournalActor(persistenceId));
}

namespace FlowAlp.Simulation.Persistence;

/// <summary>The journal's format; a journal written by a newer format is refused.</summary>
public static class JournalFormat
{
    // 2: state snapshots in the snapshot store (a format-1 journal resumes by re-deriving)
    // 3: every row through FlowAlp's own serializer (stable manifests, no CLR type names): earlier journals are refused;
    //    a snapshot also records the SHA-256 of timeseries.csv.partial's prefix
    public const int Current = 3;
}

/// <summary>First event of a run's journal: which scenario (SHA-256 of its canonical JSON) and format wrote it.</summary>
public sealed record JournalOpened(string ScenarioSha256, int Format, string Engine) : IPersistedEvent;

/// <summary>
/// A step the run completed: its virtual time, the event log's length and SHA-256 after it, and (in events mode) the
/// step's own event lines. Resume re-derives the state deterministically and checks it against these, step by step.
/// </summary>
public sealed record StepJournaled(long Step, ulong Time, int EventCount, string LogSha256, string[]? Events) : IPersistedEvent;

/// <summary>A <see cref="RunSnapshot"/> as the snapshot store keeps it (its bytes verbatim).</summary>
public sealed record RunSnapshotStored(byte[] Bytes) : IPersistedEvent;

/// <summary>The run reached its last step and wrote its outputs.</summary>
public sealed record RunCompleted(long Steps, string LogSha256) : IPersistedEvent;

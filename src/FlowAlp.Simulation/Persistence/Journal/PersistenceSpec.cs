namespace FlowAlp.Simulation.Persistence;

/// <summary>What a run journals: every step's events, a checkpoint every N steps, or nothing (pure in-memory). Both journaling modes store a state snapshot every N steps.</summary>
public enum PersistenceMode { Off, Checkpoint, Events }

/// <summary>
/// A scenario's persistence: the mode, the checkpoint period, and the backend — an embedded SQLite file in the run's
/// output folder (default, no server) or PostgreSQL (a connection string, e.g. from config/persistence/postgres.conf).
/// </summary>
/// <param name="EverySteps">
/// the checkpoint period: a step record (and, in both journaling modes, a state snapshot) every this many steps. The
/// default, 60, comes from README's measurements: a snapshot costs about as much as 10 steps of a quiet 10k-position
/// market (150 ms; 1.1 s at 100k), so every 10 steps added about half to such a run and every 60 about an eighth,
/// while a resume re-runs at most 60 steps.
/// </param>
public sealed record PersistenceSpec(PersistenceMode Mode = PersistenceMode.Checkpoint, int EverySteps = PersistenceSpec.DefaultEverySteps, string Backend = "sqlite",
    string? ConnectionString = null)
{
    public const int DefaultEverySteps = 60;

    public static readonly PersistenceSpec Default = new();
}

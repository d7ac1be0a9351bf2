namespace FlowAlp.Simulation.Persistence;

/// <summary>What a run journals: every step's events, a checkpoint every N steps, or nothing (pure in-memory).</summary>
public enum PersistenceMode { Off, Checkpoint, Events }

/// <summary>
/// A scenario's persistence: the mode, the checkpoint period, and the backend — an embedded SQLite file in the run's
/// output folder (default, no server) or PostgreSQL (a connection string, e.g. from config/persistence/postgres.conf).
/// </summary>
public sealed record PersistenceSpec(PersistenceMode Mode = PersistenceMode.Checkpoint, int EverySteps = 10, string Backend = "sqlite", string? ConnectionString = null)
{
    public static readonly PersistenceSpec Default = new();
}

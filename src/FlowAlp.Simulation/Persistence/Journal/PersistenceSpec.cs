namespace FlowAlp.Simulation.Persistence;

/// <summary>What a run journals: every step's events, checkpoints, or nothing (pure in-memory). Both journaling modes store a state snapshot at each checkpoint.</summary>
public enum PersistenceMode { Off, Checkpoint, Events }

/// <summary>
/// A scenario's persistence: the mode, the checkpoint policy, and the backend — an embedded SQLite file in the run's
/// output folder (default, no server) or PostgreSQL (a connection string, e.g. from config/persistence/postgres.conf).
/// </summary>
/// <param name="EverySteps">
/// a checkpoint (a step record and, in both journaling modes, a state snapshot) every this many steps; null (the
/// default) checkpoints by wall-clock budget instead (<see cref="CheckpointBudget"/>: at most 5 % of the run's wall
/// time, at least 10 s apart), so a short run never opens its journal and a long one with a small state is not slowed
/// 2–3× by a snapshot every 60 steps (README's measurements).
/// </param>
public sealed record PersistenceSpec(PersistenceMode Mode = PersistenceMode.Checkpoint, int? EverySteps = null, string Backend = "sqlite",
    string? ConnectionString = null)
{
    public static readonly PersistenceSpec Default = new();
}

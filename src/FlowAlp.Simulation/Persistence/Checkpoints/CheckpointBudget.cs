namespace FlowAlp.Simulation.Persistence;

/// <summary>
/// The default checkpoint policy: a checkpoint is taken only when the wall time spent checkpointing, this one included
/// (estimated as the last one's cost without the journal's opening, or before any as <see cref="FirstEstimate"/> for the run's positions), stays within <see cref="Share"/> of
/// the run's elapsed wall time, and at least <see cref="MinInterval"/> after the previous one. So a run shorter than
/// about 20 × the first checkpoint's cost takes none (its journal is never opened), a long run keeps checkpointing, and
/// the overhead stays near 5 % whatever the snapshot's size (a bigger state checkpoints less often).
/// </summary>
/// <param name="elapsed">the run's wall time so far (a fake clock in tests)</param>
/// <param name="firstEstimate">the first checkpoint's cost before it is known (<see cref="FirstEstimate"/>)</param>
public sealed class CheckpointBudget(Func<TimeSpan> elapsed, TimeSpan firstEstimate) : CheckpointPolicy
{
    /// <summary>The most of the wall time checkpoints may take.</summary>
    public const double Share = 0.05;

    /// <summary>
    /// The first checkpoint's cost before it is known: opening the journal (≈ 0.5–1 s for SQLite) and a snapshot of
    /// about 15 µs per position (README: 150 ms at 10k positions, 1.1 s at 100k).
    /// </summary>
    public static TimeSpan FirstEstimate(long positions) => TimeSpan.FromMilliseconds(750 + positions * 15 / 1000.0);

    /// <summary>The least wall time between checkpoints (cheap snapshots need not be taken every few steps).</summary>
    public static readonly TimeSpan MinInterval = TimeSpan.FromSeconds(10);

    private TimeSpan _spent, _last;
    private TimeSpan? _lastCost;

    /// <summary>Wall time spent checkpointing so far.</summary>
    public TimeSpan Spent => _spent;

    public override bool Due(long step)
    {
        var now = elapsed();
        if (now - _last < MinInterval) return false;
        var next = _lastCost ?? firstEstimate;
        return (_spent + next).Ticks <= Share * (now + next).Ticks;
    }

    public override void Took(TimeSpan cost, TimeSpan oneOff = default)
    {
        _spent += cost;
        _lastCost = cost - oneOff; // the next one costs what this one did, less the journal's opening
        _last = elapsed();
    }
}

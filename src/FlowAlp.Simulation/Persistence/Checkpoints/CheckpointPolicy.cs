namespace FlowAlp.Simulation.Persistence;

/// <summary>
/// When a persistent run takes a checkpoint (a step record and a state snapshot) after a step: every N steps when the
/// scenario sets <c>persistence.everySteps</c>, else by wall-clock budget (<see cref="CheckpointBudget"/>). A checkpoint
/// never changes the run's result, so either policy gives the same outputs; it only decides how much a resume re-runs.
/// </summary>
public abstract class CheckpointPolicy
{
    /// <summary>Whether to checkpoint after step <paramref name="step"/> (asked once per step, before the last).</summary>
    public abstract bool Due(long step);

    /// <summary>A checkpoint was taken and cost <paramref name="cost"/> of wall time, of which <paramref name="oneOff"/> will not recur (opening the journal, for the first).</summary>
    public virtual void Took(TimeSpan cost, TimeSpan oneOff = default) { }

    /// <summary>The scenario's policy for a run of <paramref name="positions"/> positions; the budget's clock starts now.</summary>
    public static CheckpointPolicy For(PersistenceSpec spec, long positions) =>
        spec.EverySteps is { } every ? new EveryStepsPolicy(every) : new CheckpointBudget(StopwatchClock(), CheckpointBudget.FirstEstimate(positions));

    private static Func<TimeSpan> StopwatchClock()
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        return () => watch.Elapsed;
    }
}

/// <summary><c>persistence.everySteps</c>: a checkpoint after every N-th step, wherever the wall clock stands.</summary>
public sealed class EveryStepsPolicy(int every) : CheckpointPolicy
{
    public override bool Due(long step) => step > 0 && step % every == 0;
}

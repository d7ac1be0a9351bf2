namespace FlowAlp.Simulation.Running;

/// <summary>
/// How a run ended, as a closed set of cases a host maps to its own answer (the CLI: exit codes). Bad input is not an
/// outcome: it is refused before or while setting up, as a <see cref="Scenarios.ScenarioException"/> or <see cref="SimulationException"/>.
/// </summary>
public abstract record RunOutcome
{
    private RunOutcome() { }

    /// <summary>The run reached its last step; <see cref="Conserved"/> says whether every token's totals still add up.</summary>
    public sealed record Completed(SimulationResult Result) : RunOutcome
    {
        public bool Conserved => Result.Conservation.Values.All(c => c.Expected == c.Actual);
    }

    /// <summary>Stopped at a step boundary when asked (SIGINT/SIGTERM); a journal holds the run up to <paramref name="SavedStep"/> (null: none).</summary>
    public sealed record Interrupted(long? SavedStep) : RunOutcome;

    /// <summary>The journal could not write; what it saved (up to <paramref name="SavedStep"/>) stays resumable.</summary>
    public sealed record JournalFailed(long SavedStep, string Reason) : RunOutcome;

    /// <summary>An output file could not be written (disk full, read-only); a journal holds the run up to <paramref name="SavedStep"/> (null: none).</summary>
    public sealed record OutputsFailed(long? SavedStep, string Reason) : RunOutcome;
}

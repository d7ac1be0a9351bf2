namespace FlowAlp.Actors.Cluster;

/// <summary>
/// One run of a sweep handed to a worker node: the scenario as JSON after the grid point's overrides, the folder its
/// relative paths (price CSVs) are read from on the worker (nodes share the checkout, at the same path), the run's
/// seed and engine ("actors" or "plain"). <see cref="Index"/> is the run's place in the sweep's order.
/// </summary>
public sealed record SweepJob(int Index, string ScenarioJson, string BaseDir, ulong Seed, string Engine)
{
    public const string Actors = "actors";
    public const string Plain = "plain";

    /// <summary>The most a job's scenario may take (UTF-8 bytes), and a run's summary: far above any shipped one, well inside a frame.</summary>
    public const int MaxScenarioBytes = 1024 * 1024;
    public const int MaxSummaryBytes = 1024 * 1024;
    /// <summary>The longest failure reason a worker sends back (longer ones are cut).</summary>
    public const int MaxReasonBytes = 4096;
}

/// <summary>A worker took the job: from now on the coordinator sends it again if that worker's node leaves or becomes unreachable.</summary>
public sealed record SweepJobAccepted(int Index);

/// <summary>What a worker answers for a job: its summary, or why it could not run.</summary>
public interface ISweepJobOutcome
{
    int Index { get; }
}

/// <summary>The run's summary (summary.json's text) and whether every token's totals still add up.</summary>
public sealed record SweepJobDone(int Index, string SummaryJson, bool Conserved) : ISweepJobOutcome;

/// <summary>
/// The run was refused: <see cref="Field"/> names the scenario field for bad input (a file the worker cannot read), null
/// for a run the pool refused; <see cref="Reason"/> is one line.
/// </summary>
public sealed record SweepJobFailed(int Index, string? Field, string Reason) : ISweepJobOutcome;

/// <summary>Runs a worker's jobs (FlowAlp.Simulation's executor: the scenario parser and the runner live there).</summary>
public interface ISweepJobRunner : IAsyncDisposable
{
    /// <summary>The job's outcome; a run refused by its input or the pool is a <see cref="SweepJobFailed"/>, not an exception.</summary>
    Task<ISweepJobOutcome> Run(SweepJob job, CancellationToken cancel);
}

/// <summary>A run of the sweep failed on a worker: the sweep stops, as a local sweep stops at its first failed run.</summary>
public sealed class SweepJobException(SweepJobFailed failed, string worker) : Exception($"{failed.Reason} (on {worker})")
{
    public SweepJobFailed Failed { get; } = failed;
    public string Worker { get; } = worker;
}

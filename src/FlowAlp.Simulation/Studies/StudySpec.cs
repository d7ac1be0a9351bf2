namespace FlowAlp.Simulation.Studies;

/// <summary>
/// A replication study (config/studies/NAME/study.json): a scenario run over seeds, and the published figures of the
/// study it replicates, each tied to a metric of the run summaries (<see cref="Sweeps.SweepMetrics"/> names such as
/// <c>populations.hightide.survivalRate</c>) and to the named model difference that explains any gap.
/// </summary>
public sealed record StudySpec(
    string Name,
    string ScenarioFile,
    int Seeds,
    ulong? FirstSeed,
    IReadOnlyList<(string Path, string Value)> Overrides,
    StudyReference Reference);

/// <summary>Where the published figures come from (a report's title and address).</summary>
public sealed record StudyReference(string Source, string? Address, IReadOnlyList<PublishedFigure> Figures);

/// <summary>
/// One published figure and the run metric it is compared with: the metric's mean over the seeds, or, with
/// <see cref="Per"/>, the ratio of the two metrics' sums over the seeds (e.g. slippage per rebalance); times
/// <see cref="Scale"/> (e.g. 100 for a percentage). <see cref="Difference"/> names the model difference that explains a gap.
/// </summary>
public sealed record PublishedFigure(string Label, string Metric, string? Per, double Scale, double Published, string Unit, string Difference);

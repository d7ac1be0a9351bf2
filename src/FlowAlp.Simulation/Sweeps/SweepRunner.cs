using System.Text.Json.Nodes;
using FlowAlp.Actors.Cluster;
using FlowAlp.Reporting;
using FlowAlp.Simulation.Reports;
using FlowAlp.Simulation.Running;
using FlowAlp.Simulation.Scenarios;

namespace FlowAlp.Simulation.Sweeps;

/// <summary>
/// One run of a sweep: its grid point (label and the value of each grid parameter), its seed, its summary, whether
/// every token's totals still add up, and the summary's numbers (<see cref="SweepMetrics"/>), read once from the
/// in-memory summary so that every table and page of the sweep shows the same values.
/// </summary>
public sealed record SweepRun(string Point, ulong Seed, JsonObject Summary, bool Conserved)
{
    /// <summary>The grid parameters' values at this run's point, in axis order (empty for a sweep without <c>--set</c>).</summary>
    public IReadOnlyList<(string Path, string Value)> Parameters { get; init; } = [];

    /// <summary>Every number of the summary's populations and totals, in summary order.</summary>
    public IReadOnlyList<SweepMetric> Metrics { get; init; } = SweepMetrics.Of(Summary);
}

/// <summary>
/// A scenario over N seeds and a grid of overrides (the cartesian product of every <c>--set</c> axis), runs in
/// parallel; per grid point, each population's survival rate, liquidations and rebalancing cost with 95 % confidence
/// intervals over the seeds, and the bad debt's mean, VaR and expected shortfall. Results are ordered by grid point and
/// seed, never by completion, so they do not depend on the parallelism, nor on the nodes that ran them.
/// </summary>
public static class SweepRunner
{
    /// <param name="parallel">runs at once; on a cluster, jobs handed out and unfinished at once (each node runs at most its cores)</param>
    /// <param name="cluster">
    /// given: the runs go to the cluster's "sweeps" nodes (<see cref="SweepDispatch"/>) instead of this process, with the
    /// same results; every grid point is still parsed here first
    /// </param>
    public static async Task<IReadOnlyList<SweepRun>> Run(string scenarioJson, string baseDir, IReadOnlyList<(string Path, IReadOnlyList<string> Values)> axes,
        ulong firstSeed, int seeds, int parallel, EngineKind engine, Action<int, int>? progress = null, CancellationToken cancel = default,
        ActorEngineHost? host = null, SweepDispatch? cluster = null)
    {
        if (seeds < 1) throw ScenarioException.Argument("seeds", "must be at least 1");
        if (parallel < 1) throw ScenarioException.Argument("parallel", "must be at least 1");
        var points = Grid(axes);
        // parse every grid point first: a bad override fails before anything runs
        var texts = points.Select(p => ScenarioOverrides.Apply(scenarioJson, p.Overrides)).ToList();
        var scenarios = points.Select((p, k) => (p.Label, Scenario: ScenarioParser.Parse(texts[k], baseDir) with { Threads = 1 })).ToList();
        var jobs = scenarios.SelectMany((p, k) => Enumerable.Range(0, seeds).Select(i => (p.Label, points[k].Overrides, Scenario: p.Scenario with { Seed = firstSeed + (ulong)i }))).ToList();
        if (cluster is not null)
        {
            return await SweepCluster.Run(cluster, jobs.Select((j, i) => (j.Label, j.Overrides, j.Scenario.Seed, texts[i / seeds])).ToList(),
                baseDir, engine, parallel, progress, cancel);
        }
        var results = new SweepRun[jobs.Count];
        int done = 0;
        // one warm ActorSystem for every run (a pool supervisor each), its dispatcher as wide as the runs at once; a caller
        // that runs several sweeps back to back (optimize) passes its own and keeps it warm between them
        await using var own = engine == EngineKind.Actors && host is null ? new ActorEngineHost(Math.Min(parallel, Environment.ProcessorCount), "sweep") : null;
        host = engine == EngineKind.Actors ? host ?? own : null;
        await Parallel.ForEachAsync(Enumerable.Range(0, jobs.Count), new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = cancel }, async (i, ct) =>
        {
            var (label, overrides, s) = jobs[i];
            var r = await SimulationRunner.Run(s, engine, cancel: ct, makeEngine: host is null ? null : host.NewEngine);
            results[i] = new SweepRun(label, s.Seed, RunReport.Summary(r), Conserved(r)) { Parameters = overrides };
            progress?.Invoke(Interlocked.Increment(ref done), jobs.Count);
        });
        return results;
    }

    /// <summary>A run's scenario as every sweep runs it (here or on a worker node): one engine thread, the run's seed.</summary>
    internal static Scenario JobScenario(string json, string baseDir, ulong seed) => ScenarioParser.Parse(json, baseDir) with { Threads = 1, Seed = seed };

    /// <summary>A summary a worker node sent (off the wire): a summary that is not a JSON object is a failed run, not a crash.</summary>
    internal static JsonObject WorkerSummary(string json, string label, ulong seed)
    {
        try
        {
            return JsonNode.Parse(json) as JsonObject
                ?? throw new SimulationException($"cluster: the summary of {label} seed {seed} from a worker is not a JSON object");
        }
        catch (System.Text.Json.JsonException e) { throw new SimulationException($"cluster: the summary of {label} seed {seed} from a worker is not JSON: {e.Message}"); }
    }

    /// <summary>Every token's totals still add up.</summary>
    internal static bool Conserved(SimulationResult r) => r.Conservation.Values.All(c => c.Expected == c.Actual);

    public static IReadOnlyList<(string Label, IReadOnlyList<(string Path, string Value)> Overrides)> Grid(IReadOnlyList<(string Path, IReadOnlyList<string> Values)> axes)
    {
        IEnumerable<List<(string, string)>> acc = [[]];
        foreach (var (path, values) in axes)
            acc = acc.SelectMany(prefix => values.Select(v => new List<(string, string)>(prefix) { (path, v) })).ToList();
        return acc.Select(o => (o.Count == 0 ? "base" : string.Join(" ", o.Select(x => $"{x.Item1}={x.Item2}")), (IReadOnlyList<(string, string)>)o)).ToList();
    }

    /// <summary>
    /// Per grid point: its parameters; per population survival/liquidations/cost with 95 % CIs; bad debt mean, VaR95 and
    /// ES95 over the seeds; and <c>metrics</c>: every number of the summaries (<see cref="SweepMetrics"/>) with its CI.
    /// </summary>
    public static JsonObject Aggregate(IReadOnlyList<SweepRun> runs) => Aggregate(runs, SweepTable.From(runs));

    private static JsonObject Aggregate(IReadOnlyList<SweepRun> runs, SweepTable table)
    {
        var result = new JsonObject();
        foreach (var point in table.Points)
        {
            var list = runs.Where(r => r.Point == point.Label).OrderBy(r => r.Seed).ToList();
            var pops = new JsonObject();
            foreach (var name in list[0].Summary["populations"]!.AsObject().Select(p => p.Key))
            {
                JsonNode? Metric(string m) => point.Metrics.TryGetValue($"populations.{name}.{m}", out var ci) ? Ci(ci) : null;
                pops[name] = new JsonObject
                {
                    ["survivalRate"] = Metric("survivalRate"),
                    ["liquidations"] = Metric("liquidations"),
                    ["rebalancerFeesPerPosition"] = Metric("rebalancerFeesPerPosition"),
                };
            }
            var badDebt = list.SelectMany(r => r.Metrics.Where(m => m.Name == SweepTable.BadDebt).Select(m => m.Value)).ToArray();
            var metrics = new JsonObject();
            foreach (var (name, ci) in point.Metrics) metrics[name] = Ci(ci);
            result[point.Label] = new JsonObject
            {
                ["parameters"] = new JsonObject(point.Parameters.Select(p => KeyValuePair.Create(p.Path, (JsonNode?)p.Value))),
                ["runs"] = list.Count,
                ["seeds"] = new JsonArray(list.Select(r => (JsonNode)r.Seed).ToArray()),
                ["populations"] = pops,
                ["badDebtMax"] = badDebt.Length == 0 ? null : new JsonObject
                {
                    ["mean"] = Stats.Mean(badDebt),
                    ["var95"] = Stats.ValueAtRisk(badDebt, 0.95),
                    ["es95"] = Stats.ExpectedShortfall(badDebt, 0.95),
                },
                ["allConserved"] = list.All(r => r.Conserved),
                ["metrics"] = metrics,
            };
        }
        return result;
    }

    private static JsonObject Ci(MetricInterval ci) => ci.Low is null
        ? new JsonObject { ["mean"] = ci.Mean, ["ci95"] = null }
        : new JsonObject { ["mean"] = ci.Mean, ["ci95Low"] = ci.Low, ["ci95High"] = ci.High };

    /// <summary>
    /// sweep.json (the aggregate), runs.csv and runs.parquet (one row per run: a column per grid parameter, the seed,
    /// every metric), sweep.html (the metrics that matter per grid point with 95 % intervals, error bars, heat maps for
    /// a two-axis grid) and a comparison page of the grid points' means.
    /// </summary>
    public static JsonObject Write(string dir, string scenarioName, IReadOnlyList<SweepRun> runs)
    {
        var table = SweepTable.From(runs);
        var aggregate = Aggregate(runs, table);
        Directory.CreateDirectory(dir);
        SweepRunsFile.Write(dir, table, runs);
        WriteAtomic(Path.Combine(dir, "sweep.json"), aggregate.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n");
        var pops = runs[0].Summary["populations"]!.AsObject().Select(p => p.Key).ToList();
        var metrics = pops.Select(p => $"populations.{p}.survivalRate.mean").Concat(pops.Select(p => $"populations.{p}.liquidations.mean"))
            .Concat(aggregate.Select(kv => kv.Value!["badDebtMax"]).Any(b => b is null) ? [] : ["badDebtMax.mean"]).ToList();
        string title = $"{scenarioName}: sweep over {runs.Select(r => r.Seed).Distinct().Count()} seeds";
        ComparisonReport.Write(Path.Combine(dir, "comparison"), title, aggregate.Select(kv => (kv.Key, kv.Value!.AsObject())).ToList(), metrics);
        SweepPage.Write(dir, title, table);
        return aggregate;
    }

    internal static void WriteAtomic(string path, string text)
    {
        string tmp = path + ".tmp";
        File.WriteAllText(tmp, text);
        File.Move(tmp, path, overwrite: true);
    }
}

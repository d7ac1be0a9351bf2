using System.Text.Json.Nodes;
using FlowAlp.Reporting;
using FlowAlp.Simulation.Reports;
using FlowAlp.Simulation.Running;
using FlowAlp.Simulation.Scenarios;

namespace FlowAlp.Simulation.Sweeps;

/// <summary>One run of a sweep: its grid point (label and overrides), its seed, its summary, and whether every token's totals still add up.</summary>
public sealed record SweepRun(string Point, ulong Seed, JsonObject Summary, bool Conserved);

/// <summary>
/// A scenario over N seeds and a grid of overrides (the cartesian product of every <c>--set</c> axis), runs in
/// parallel; per grid point, each population's survival rate, liquidations and rebalancing cost with 95 % confidence
/// intervals over the seeds, and the bad debt's mean, VaR and expected shortfall. Results are ordered by grid point and
/// seed, never by completion, so they do not depend on the parallelism.
/// </summary>
public static class SweepRunner
{
    public static async Task<IReadOnlyList<SweepRun>> Run(string scenarioJson, string baseDir, IReadOnlyList<(string Path, IReadOnlyList<string> Values)> axes,
        ulong firstSeed, int seeds, int parallel, EngineKind engine, Action<int, int>? progress = null, CancellationToken cancel = default)
    {
        if (seeds < 1) throw ScenarioException.Argument("seeds", "must be at least 1");
        if (parallel < 1) throw ScenarioException.Argument("parallel", "must be at least 1");
        var points = Grid(axes);
        // parse every grid point first: a bad override fails before anything runs
        var scenarios = points.Select(p => (p.Label, Scenario: ScenarioParser.Parse(ScenarioOverrides.Apply(scenarioJson, p.Overrides), baseDir) with { Threads = 1 })).ToList();
        var jobs = scenarios.SelectMany(p => Enumerable.Range(0, seeds).Select(i => (p.Label, Scenario: p.Scenario with { Seed = firstSeed + (ulong)i }))).ToList();
        var results = new SweepRun[jobs.Count];
        int done = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, jobs.Count), new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = cancel }, async (i, ct) =>
        {
            var (label, s) = jobs[i];
            var r = await SimulationRunner.Run(s, engine, cancel: ct, systemName: $"sweep-{i}");
            results[i] = new SweepRun(label, s.Seed, RunReport.Summary(r), r.Conservation.Values.All(c => c.Expected == c.Actual));
            progress?.Invoke(Interlocked.Increment(ref done), jobs.Count);
        });
        return results;
    }

    public static IReadOnlyList<(string Label, IReadOnlyList<(string Path, string Value)> Overrides)> Grid(IReadOnlyList<(string Path, IReadOnlyList<string> Values)> axes)
    {
        IEnumerable<List<(string, string)>> acc = [[]];
        foreach (var (path, values) in axes)
            acc = acc.SelectMany(prefix => values.Select(v => new List<(string, string)>(prefix) { (path, v) })).ToList();
        return acc.Select(o => (o.Count == 0 ? "base" : string.Join(" ", o.Select(x => $"{x.Item1}={x.Item2}")), (IReadOnlyList<(string, string)>)o)).ToList();
    }

    /// <summary>Per grid point: per population survival/liquidations/cost with 95 % CIs; bad debt mean, VaR95 and ES95 over the seeds.</summary>
    public static JsonObject Aggregate(IReadOnlyList<SweepRun> runs)
    {
        var result = new JsonObject();
        foreach (var group in runs.GroupBy(r => r.Point))
        {
            var list = group.OrderBy(r => r.Seed).ToList();
            var pops = new JsonObject();
            foreach (var name in list[0].Summary["populations"]!.AsObject().Select(p => p.Key))
            {
                double[] Metric(string m) => list.Select(r => double.Parse(r.Summary["populations"]![name]![m]!.ToString(), System.Globalization.CultureInfo.InvariantCulture)).ToArray();
                pops[name] = new JsonObject
                {
                    ["survivalRate"] = Ci(Metric("survivalRate")),
                    ["liquidations"] = Ci(Metric("liquidations")),
                    ["rebalancerFeesPerPosition"] = Ci(Metric("rebalancerFeesPerPosition")),
                };
            }
            var badDebt = list.Select(r => double.Parse(r.Summary["totals"]!["badDebtMax"]!.ToString(), System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            result[group.Key] = new JsonObject
            {
                ["runs"] = list.Count,
                ["seeds"] = new JsonArray(list.Select(r => (JsonNode)r.Seed).ToArray()),
                ["populations"] = pops,
                ["badDebtMax"] = new JsonObject
                {
                    ["mean"] = Stats.Mean(badDebt),
                    ["var95"] = Stats.ValueAtRisk(badDebt, 0.95),
                    ["es95"] = Stats.ExpectedShortfall(badDebt, 0.95),
                },
                ["allConserved"] = list.All(r => r.Summary["conservation"]!.AsObject().All(c => c.Value!["conserved"]!.GetValue<bool>())),
            };
        }
        return result;
    }

    private static JsonObject Ci(double[] values)
    {
        if (values.Length < 2) return new JsonObject { ["mean"] = Stats.Mean(values), ["ci95"] = null };
        var ci = Stats.MeanConfidenceInterval(values, 0.95);
        return new JsonObject { ["mean"] = Math.Round(ci.Mean, 8), ["ci95Low"] = Math.Round(ci.Lower, 8), ["ci95High"] = Math.Round(ci.Upper, 8) };
    }

    /// <summary>sweep.json (the aggregate), runs.csv (one line per run) and a comparison page of the grid points' means.</summary>
    public static JsonObject Write(string dir, string scenarioName, IReadOnlyList<SweepRun> runs)
    {
        var aggregate = Aggregate(runs);
        Directory.CreateDirectory(dir);
        var pops = runs[0].Summary["populations"]!.AsObject().Select(p => p.Key).ToList();
        var lines = new List<string> { "point,seed," + string.Join(",", pops.SelectMany(p => new[] { $"{p}.survivalRate", $"{p}.liquidations", $"{p}.rebalancerFeesPerPosition" })) + ",badDebtMax,eventLogSha256" };
        foreach (var r in runs)
            lines.Add($"\"{r.Point}\",{r.Seed}," + string.Join(",", pops.SelectMany(p => new[] { "survivalRate", "liquidations", "rebalancerFeesPerPosition" }.Select(m => r.Summary["populations"]![p]![m]!.ToString())))
                + $",{r.Summary["totals"]!["badDebtMax"]},{r.Summary["eventLogSha256"]}");
        WriteAtomic(Path.Combine(dir, "runs.csv"), string.Join("\n", lines) + "\n");
        WriteAtomic(Path.Combine(dir, "sweep.json"), aggregate.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n");
        var metrics = pops.Select(p => $"populations.{p}.survivalRate.mean").Concat(pops.Select(p => $"populations.{p}.liquidations.mean")).Append("badDebtMax.mean").ToList();
        ComparisonReport.Write(Path.Combine(dir, "comparison"), $"{scenarioName}: sweep over {runs.Select(r => r.Seed).Distinct().Count()} seeds",
            aggregate.Select(kv => (kv.Key, kv.Value!.AsObject())).ToList(), metrics);
        return aggregate;
    }

    private static void WriteAtomic(string path, string text)
    {
        string tmp = path + ".tmp";
        File.WriteAllText(tmp, text);
        File.Move(tmp, path, overwrite: true);
    }
}

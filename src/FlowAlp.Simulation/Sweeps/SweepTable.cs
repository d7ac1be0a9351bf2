using FlowAlp.Reporting;

namespace FlowAlp.Simulation.Sweeps;

/// <summary>A metric's mean over one grid point's seeds, with its 95 % confidence interval (null with a single seed).</summary>
public sealed record MetricInterval(double Mean, double? Low, double? High, int Count);

/// <summary>One grid point of a sweep: its label, its parameters' values, its seeds and every metric's interval.</summary>
public sealed record SweepPoint(string Label, IReadOnlyList<(string Path, string Value)> Parameters, IReadOnlyList<ulong> Seeds, IReadOnlyDictionary<string, MetricInterval> Metrics);

/// <summary>
/// A sweep's results per grid point (in grid order): the grid's axes, every metric any run has (in summary order), and
/// which metrics to show: the headline ones (each population's survival, liquidations and rebalancing cost per position,
/// and the bad debt) and every other metric whose mean differs between grid points, so a parameter that moves only the
/// fees still shows in the console and in sweep.html.
/// </summary>
/// <param name="Headline">the metrics shown whether or not they differ (borrower populations' survival, liquidations, fees per position; the bad debt)</param>
public sealed record SweepTable(IReadOnlyList<(string Path, IReadOnlyList<string> Values)> Axes, IReadOnlyList<string> MetricNames, IReadOnlyList<SweepPoint> Points,
    IReadOnlyList<string> Headline)
{
    /// <summary>Metrics shown whether or not they differ.</summary>
    public static readonly IReadOnlyList<string> HeadlineMetrics = ["survivalRate", "liquidations", "rebalancerFeesPerPosition"];
    public const string BadDebt = "totals.badDebtMax";

    public static SweepTable From(IReadOnlyList<SweepRun> runs)
    {
        if (runs.Count == 0) throw new ArgumentException("runs: a sweep has at least one run", nameof(runs));
        var names = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var m in runs.SelectMany(r => r.Metrics))
            if (seen.Add(m.Name)) names.Add(m.Name);
        var points = runs.GroupBy(r => r.Point).Select(g =>
        {
            var list = g.OrderBy(r => r.Seed).ToList();
            var metrics = new Dictionary<string, MetricInterval>(StringComparer.Ordinal);
            foreach (string name in names)
            {
                var values = list.SelectMany(r => r.Metrics.Where(m => m.Name == name).Select(m => m.Value).Take(1)).ToArray();
                if (values.Length > 0) metrics[name] = Interval(values);
            }
            return new SweepPoint(g.Key, list[0].Parameters, list.Select(r => r.Seed).ToList(), metrics);
        }).ToList();
        var axes = points[0].Parameters.Select((p, i) => (p.Path, (IReadOnlyList<string>)points.Select(q => q.Parameters[i].Value).Distinct(StringComparer.Ordinal).ToList())).ToList();
        // an LP population has no debt: its survival and fees are constants, shown only if they ever differ
        var borrowers = SweepMetrics.Borrowers(runs[0].Summary);
        var headline = borrowers.SelectMany(p => HeadlineMetrics.Select(m => $"populations.{p}.{m}")).Append(BadDebt).Where(seen.Contains).ToList();
        return new SweepTable(axes, names, points, headline);
    }

    /// <summary>The mean with its 95 % t-interval, rounded to 8 decimals (as sweep.json has always written them).</summary>
    public static MetricInterval Interval(IReadOnlyList<double> values)
    {
        if (values.Count < 2) return new MetricInterval(Stats.Mean(values), null, null, values.Count);
        var ci = Stats.MeanConfidenceInterval(values, 0.95);
        return new MetricInterval(Math.Round(ci.Mean, 8), Math.Round(ci.Lower, 8), Math.Round(ci.Upper, 8), values.Count);
    }

    /// <summary>Metrics whose mean is not the same at every grid point.</summary>
    public IReadOnlyList<string> Differing => MetricNames.Where(n => Points.Select(p => p.Metrics.TryGetValue(n, out var m) ? m.Mean : double.NaN).Distinct().Count() > 1).ToList();

    /// <summary>The headline metrics and every other metric that differs between grid points, in summary order.</summary>
    public IReadOnlyList<string> Shown
    {
        get
        {
            var shown = Differing.Concat(Headline).ToHashSet(StringComparer.Ordinal);
            return MetricNames.Where(shown.Contains).ToList();
        }
    }
}

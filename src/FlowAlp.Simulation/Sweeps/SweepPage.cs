using FlowAlp.Reporting;

namespace FlowAlp.Simulation.Sweeps;

/// <summary>sweep.html from a <see cref="SweepTable"/>: the metrics it shows (<see cref="SweepTable.Shown"/>), labelled for people.</summary>
public static class SweepPage
{
    public static void Write(string dir, string title, SweepTable table) =>
        SweepReport.Write(dir, title, table.Axes.Select(a => (a.Path, a.Values)).ToList(),
            table.Points.Select(p => (p.Label, (IReadOnlyList<string>)p.Parameters.Select(x => x.Value).ToList())).ToList(),
            table.Points.Max(p => p.Seeds.Count), Metrics(table));

    /// <summary>The shown metrics as report rows: each point's mean and interval.</summary>
    public static IReadOnlyList<SweepReportMetric> Metrics(SweepTable table) =>
        table.Shown.Select(n => new SweepReportMetric(n, SweepMetrics.Label(n),
            table.Points.Select(p => p.Metrics.TryGetValue(n, out var m) ? new SweepCell(m.Mean, m.Low, m.High) : (SweepCell?)null).ToList())).ToList();
}

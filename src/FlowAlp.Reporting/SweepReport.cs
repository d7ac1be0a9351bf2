using System.Globalization;
using System.Text;

namespace FlowAlp.Reporting;

/// <summary>A metric at one grid point: the mean over the seeds and its 95 % interval (null with a single seed).</summary>
public readonly record struct SweepCell(double Mean, double? Low, double? High);

/// <summary>A metric of a sweep: its name in the data files, its label for people, and its cell per grid point (null where no run had it).</summary>
public sealed record SweepReportMetric(string Name, string Label, IReadOnlyList<SweepCell?> Cells);

/// <summary>
/// <c>sweep.html</c>: one self-contained page (images as data URIs) for a sweep: the grid, a table of every metric
/// given (rows) per grid point (columns) as "mean [95 % interval]", one error-bar chart per metric, and for a
/// two-axis grid a heat map per metric. Same inputs, same bytes.
/// </summary>
public static class SweepReport
{
    public const string FileName = "sweep.html";

    /// <param name="axes">the grid's parameters and their values (empty for a sweep over seeds only)</param>
    /// <param name="points">each grid point's label and its value of each axis, in grid order</param>
    /// <param name="seeds">how many seeds each grid point ran</param>
    public static void Write(string dir, string title, IReadOnlyList<(string Name, IReadOnlyList<string> Values)> axes,
        IReadOnlyList<(string Label, IReadOnlyList<string> Values)> points, int seeds, IReadOnlyList<SweepReportMetric> metrics)
    {
        if (points.Count == 0) throw new ArgumentException("points: a sweep has at least one grid point", nameof(points));
        if (metrics.Any(m => m.Cells.Count != points.Count)) throw new ArgumentException("metrics: every metric needs one cell per grid point", nameof(metrics));
        var page = new HtmlPage(title);
        page.Paragraph(axes.Count == 0
            ? $"One grid point, {seeds} seed(s). Intervals are 95 % t-intervals of the mean over the seeds."
            : $"Grid: {string.Join(" × ", axes.Select(a => $"<code>{HtmlPage.Escape(a.Name)}</code> ∈ {{{HtmlPage.Escape(string.Join(", ", a.Values))}}}"))}; "
              + $"{points.Count} grid points × {seeds} seed(s). Intervals are 95 % t-intervals of the mean over the seeds.");
        page.Paragraph("Shown: each population's survival, liquidations and rebalancing cost per position, the bad debt, and every other "
            + "metric whose mean differs between grid points. All metrics of every run: <a href=\"runs.csv\">runs.csv</a> / "
            + "<a href=\"runs.parquet\">runs.parquet</a> (a column per grid parameter), <a href=\"sweep.json\">sweep.json</a>; "
            + "<a href=\"comparison/report.html\">comparison/report.html</a>.");

        string[] labels = points.Select(p => axes.Count == 0 ? p.Label : string.Join(", ", p.Values)).ToArray();
        var t = new StringBuilder("<table class=\"cmp\"><thead><tr><th>metric</th>");
        foreach (string l in labels) t.Append("<th>").Append(HtmlPage.Escape(l)).Append("</th>");
        t.Append("</tr></thead><tbody>\n");
        foreach (var m in metrics)
        {
            t.Append("<tr><th>").Append(HtmlPage.Escape(m.Label)).Append("</th>");
            foreach (var c in m.Cells)
                t.Append(c is { } cell ? $"<td class=\"num\">{HtmlPage.Escape(Format(cell))}</td>" : "<td class=\"null\">n/a</td>");
            t.Append("</tr>\n");
        }
        t.Append("</tbody></table>\n");
        page.Heading(2, axes.Count == 0 ? "Metrics" : $"Metrics per grid point ({string.Join(", ", axes.Select(a => a.Name))})").Raw(t.ToString());

        string xLabel = axes.Count == 0 ? "grid point" : string.Join(", ", axes.Select(a => a.Name));
        page.Heading(2, "Means with 95 % intervals");
        for (int i = 0; i < metrics.Count; i++)
            page.Image(SweepPlots.ErrorBars(metrics[i].Label, xLabel, labels, metrics[i].Cells), metrics[i].Label, $"{metrics[i].Name} per grid point", PlotRenderer.Width, PlotRenderer.Height);

        if (axes.Count == 2)
        {
            page.Heading(2, $"Heat maps: {axes[0].Name} × {axes[1].Name}");
            foreach (var m in metrics)
            {
                var means = new double?[axes[0].Values.Count, axes[1].Values.Count];
                for (int p = 0; p < points.Count; p++)
                {
                    int x = IndexOf(axes[0].Values, points[p].Values[0]), y = IndexOf(axes[1].Values, points[p].Values[1]);
                    if (x >= 0 && y >= 0) means[x, y] = m.Cells[p]?.Mean;
                }
                page.Image(SweepPlots.HeatMap(m.Label, axes[0].Name, axes[0].Values, axes[1].Name, axes[1].Values, means), m.Label, $"{m.Name}: mean per grid point", PlotRenderer.Width, PlotRenderer.Height);
            }
        }
        OutputFiles.WriteText(Path.Combine(dir, FileName + ".tmp"), page.Render());
        File.Move(Path.Combine(dir, FileName + ".tmp"), Path.Combine(dir, FileName), overwrite: true);
    }

    private static int IndexOf(IReadOnlyList<string> values, string v)
    {
        for (int i = 0; i < values.Count; i++) if (values[i] == v) return i;
        return -1;
    }

    /// <summary>"mean [low, high]" (or the mean alone with a single seed), numbers rounded for reading (the data files keep them whole).</summary>
    public static string Format(SweepCell c) => c.Low is { } lo && c.High is { } hi ? $"{Number(c.Mean)} [{Number(lo)}, {Number(hi)}]" : Number(c.Mean);

    /// <summary>"mean ± half-width" (the interval is symmetric), for a narrow console; the mean alone with a single seed.</summary>
    public static string PlusMinus(SweepCell c) => c.Low is { } lo && c.High is { } hi ? $"{Number(c.Mean)} ± {Number((hi - lo) / 2, 3)}" : Number(c.Mean);

    /// <summary>A number for reading: six significant digits, no exponent below 10¹⁵ ("0.05145", "1641819", "1.3").</summary>
    public static string Number(double v) => Number(v, 6);

    /// <summary>A number rounded to <paramref name="significant"/> digits, without an exponent below 10¹⁵.</summary>
    public static string Number(double v, int significant)
    {
        if (v == 0 || !double.IsFinite(v)) return v == 0 ? "0" : v.ToString(CultureInfo.InvariantCulture);
        if (Math.Abs(v) >= 1e15) return v.ToString("0.###E+0", CultureInfo.InvariantCulture);
        int digits = Math.Clamp(significant - 1 - (int)Math.Floor(Math.Log10(Math.Abs(v))), 0, 12);
        string s = Math.Round(v, digits).ToString("0." + new string('#', Math.Max(digits, 1)), CultureInfo.InvariantCulture);
        return s == "-0" ? "0" : s;
    }
}

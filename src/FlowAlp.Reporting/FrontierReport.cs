using System.Text;

namespace FlowAlp.Reporting;

/// <summary>The chart of an optimisation: per evaluation (in the order run) the parameter's value, the statistic, its bound and the verdict.</summary>
/// <param name="Interval">the bracket the boundary lies in (null when no value passed)</param>
public sealed record FrontierChart(string Title, string Parameter, string YLabel, string StatisticLabel, string BoundLabel, double Threshold,
    IReadOnlyList<double> Values, IReadOnlyList<double> Statistic, IReadOnlyList<double> Bound, IReadOnlyList<bool> Passes, (double Low, double High)? Interval);

/// <summary>
/// <c>index.html</c> of <c>flowalp optimize</c>: the answer and its interval in words, the chart (<see cref="FrontierPlot"/>,
/// also written as frontier.png) unless plots are off, and the evaluations as a table. Same inputs, same bytes.
/// </summary>
public static class FrontierReport
{
    public const string FileName = "index.html", PlotFile = "frontier.png";

    /// <param name="lines">the answer and how it was found, one paragraph each (plain text)</param>
    /// <param name="header">the evaluations table's columns</param>
    /// <param name="rows">one row per evaluation, a cell per column</param>
    public static void Write(string dir, string title, IReadOnlyList<string> lines, FrontierChart chart, IReadOnlyList<string> header, IReadOnlyList<IReadOnlyList<string>> rows,
        bool plots, bool html)
    {
        if (rows.Any(r => r.Count != header.Count)) throw new ArgumentException("rows: a cell per column", nameof(rows));
        byte[]? png = plots && chart.Values.Count > 0 ? FrontierPlot.Render(chart) : null;
        if (png is not null) Atomic(Path.Combine(dir, PlotFile), png);
        if (!html) return;
        var page = new HtmlPage(title);
        foreach (string line in lines) page.Paragraph(HtmlPage.Escape(line));
        page.Paragraph("Files: <a href=\"frontier.json\">frontier.json</a> (the answer), <a href=\"evaluations.csv\">evaluations.csv</a> (every evaluation).");
        if (png is not null)
            page.Heading(2, "Statistic and bound per value").Image(png, chart.Title, PlotFile, PlotRenderer.Width, PlotRenderer.Height);
        var t = new StringBuilder("<div class=\"scroll\"><table class=\"rows\"><thead><tr>");
        foreach (string h in header) t.Append("<th>").Append(HtmlPage.Escape(h)).Append("</th>");
        t.Append("</tr></thead><tbody>\n");
        foreach (var row in rows)
        {
            t.Append("<tr>");
            foreach (string cell in row) t.Append("<td class=\"num\">").Append(HtmlPage.Escape(cell)).Append("</td>");
            t.Append("</tr>\n");
        }
        t.Append("</tbody></table></div>\n");
        page.Heading(2, "Evaluations (in the order run)").Raw(t.ToString());
        Atomic(Path.Combine(dir, FileName), OutputFiles.Utf8.GetBytes(page.Render()));
    }

    private static void Atomic(string path, byte[] bytes)
    {
        OutputFiles.WriteBytes(path + ".tmp", bytes);
        File.Move(path + ".tmp", path, overwrite: true);
    }
}

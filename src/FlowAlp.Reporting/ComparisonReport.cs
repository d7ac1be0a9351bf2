using System.Text;
using System.Text.Json.Nodes;

namespace FlowAlp.Reporting;

/// <summary>
/// Compares runs side by side: writes <c>report.html</c> (a metrics table with runs as columns, one bar chart per
/// metric, and all summaries side by side), <c>comparison.csv</c> (metric rows, run columns) and
/// <c>plots/NN_&lt;metric&gt;.png</c>, in the same deterministic, atomic way as <see cref="ReportWriter"/>.
/// <para>A metric is a key of the summaries; a dotted path ("liquidations.count") reaches into nested objects
/// when no top-level key has that exact name. Its values must be numbers or strings holding numbers (exact decimals);
/// a run that lacks the metric shows "n/a" and gets no bar, but each metric must be found in at least one run.</para>
/// </summary>
public static class ComparisonReport
{
    /// <summary>Names of the comparison's own entries in the output folder (replaced on each write).</summary>
    public static readonly IReadOnlyList<string> OwnedEntries = ["comparison.csv", "report.html", "plots"];

    /// <summary>
    /// Writes the comparison (with optional <paramref name="links"/> under the title, e.g. back to the run's report);
    /// throws <see cref="ArgumentException"/> ("field: reason") for bad inputs, before writing anything.
    /// </summary>
    public static void Write(string outputDir, string title, IReadOnlyList<(string Label, JsonObject Summary)> runs, IReadOnlyList<string> metrics,
        IReadOnlyList<(string Text, string Href)>? links = null) => Write(outputDir, title, runs, metrics, links, ReportParts.All);

    /// <summary>
    /// As above, with only the <paramref name="parts"/> asked for: without plots no chart is rendered (no <c>plots/</c>,
    /// the page has no Charts section), without html no <c>report.html</c>; <c>comparison.csv</c> is always written.
    /// </summary>
    public static void Write(string outputDir, string title, IReadOnlyList<(string Label, JsonObject Summary)> runs, IReadOnlyList<string> metrics,
        IReadOnlyList<(string Text, string Href)>? links, ReportParts parts)
    {
        AtomicDirectory.ResolveTarget(outputDir);
        if (string.IsNullOrWhiteSpace(title)) throw new ArgumentException("title: is empty", nameof(title));
        if (runs is null || runs.Count == 0) throw new ArgumentException("runs: no runs to compare", nameof(runs));
        var labels = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < runs.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(runs[i].Label)) throw new ArgumentException($"runs: run {i} has an empty label", nameof(runs));
            if (!labels.Add(runs[i].Label)) throw new ArgumentException($"runs: label \"{runs[i].Label}\" is used twice", nameof(runs));
            if (runs[i].Summary is null) throw new ArgumentException($"runs: run \"{runs[i].Label}\" has a null summary", nameof(runs));
        }
        if (metrics is null || metrics.Count == 0) throw new ArgumentException("metrics: no metrics to compare", nameof(metrics));
        if (metrics.Any(string.IsNullOrWhiteSpace)) throw new ArgumentException("metrics: a metric name is empty", nameof(metrics));
        if (metrics.Distinct(StringComparer.Ordinal).Count() != metrics.Count) throw new ArgumentException("metrics: a metric is listed twice", nameof(metrics));

        // table[m][r]: the metric's value in that run, or null when absent.
        var table = new List<JsonNode?[]>();
        foreach (string m in metrics)
        {
            var row = new JsonNode?[runs.Count];
            bool found = false;
            for (int r = 0; r < runs.Count; r++)
            {
                if (!TryFind(runs[r].Summary, m, out JsonNode? node)) continue;
                if (!HtmlPage.IsNumeric(node))
                    throw new ArgumentException($"metrics: \"{m}\" in run \"{runs[r].Label}\" is not a number ({HtmlPage.LeafText(node)})", nameof(metrics));
                row[r] = node;
                found = true;
            }
            if (!found) throw new ArgumentException($"metrics: \"{m}\" is in none of the runs", nameof(metrics));
            table.Add(row);
        }

        string[] runLabels = runs.Select(r => r.Label).ToArray();
        var csv = new StringBuilder();
        OutputFiles.AppendCsvLine(csv, ["metric", .. runLabels]);
        for (int m = 0; m < metrics.Count; m++)
            OutputFiles.AppendCsvLine(csv, [metrics[m], .. table[m].Select(n => n is null ? "" : HtmlPage.LeafText(n))]);

        // one bar chart per metric, rendered side by side; none at all without plots
        var pngs = parts.Plots ? PlotBatch.Render(metrics.Select((metric, m) => (Func<byte[]>)(() => Chart(metric, runLabels, table[m]))).ToList()) : [];
        var files = pngs.Select((png, m) => (File: $"{m + 1:D2}_{Sanitize(metrics[m])}.png", Png: png)).ToList();
        string? html = parts.Html ? Page(title, runs, metrics, links, runLabels, table, files) : null;

        AtomicDirectory.Write(outputDir, OwnedEntries.ToHashSet(StringComparer.Ordinal), dir =>
        {
            OutputFiles.WriteText(Path.Combine(dir, "comparison.csv"), csv.ToString());
            if (files.Count > 0)
            {
                Directory.CreateDirectory(Path.Combine(dir, "plots"));
                foreach (var (file, png) in files) OutputFiles.WriteBytes(Path.Combine(dir, "plots", file), png);
            }
            if (html is not null) OutputFiles.WriteText(Path.Combine(dir, "report.html"), html);
        });
    }

    private static string Page(string title, IReadOnlyList<(string Label, JsonObject Summary)> runs, IReadOnlyList<string> metrics,
        IReadOnlyList<(string Text, string Href)>? links, string[] runLabels, List<JsonNode?[]> table, List<(string File, byte[] Png)> files)
    {
        var page = new HtmlPage(title);
        page.Nav([.. links ?? [], ("Metrics", "#metrics"), .. files.Count > 0 ? [("Charts", "#charts")] : Array.Empty<(string, string)>(), ("Summaries", "#summaries"), ("Data", "#data")]);
        page.Heading(2, "Metrics", "metrics");
        var t = new StringBuilder("<div class=\"scroll\"><table class=\"cmp\"><thead><tr><th>metric</th>");
        foreach (string l in runLabels) t.Append("<th>").Append(HtmlPage.Escape(l)).Append("</th>");
        t.Append("</tr></thead><tbody>\n");
        for (int m = 0; m < metrics.Count; m++)
        {
            t.Append("<tr><th>").Append(HtmlPage.Escape(MetricLabel(metrics[m]))).Append("</th>");
            foreach (var n in table[m])
            {
                if (n is null) t.Append("<td class=\"null\">n/a</td>");
                else HtmlPage.AppendValue(t, n, metrics[m]);
            }
            t.Append("</tr>\n");
        }
        t.Append("</tbody></table></div>\n");
        page.Raw(t.ToString());
        if (files.Count > 0)
        {
            page.Heading(2, "Charts", "charts");
            for (int m = 0; m < metrics.Count; m++)
                page.Image(files[m].Png, MetricLabel(metrics[m]), "plots/" + files[m].File, PlotRenderer.Width, PlotRenderer.Height);
        }
        page.Heading(2, "Summaries", "summaries");
        var s = new StringBuilder("<div class=\"scroll\"><table class=\"cmp\"><thead><tr><th>key</th>");
        foreach (string l in runLabels) s.Append("<th>").Append(HtmlPage.Escape(l)).Append("</th>");
        s.Append("</tr></thead><tbody>\n");
        foreach (string key in runs.SelectMany(r => r.Summary.Select(kv => kv.Key)).Distinct(StringComparer.Ordinal))
        {
            s.Append("<tr><th>").Append(HtmlPage.Escape(Display.Label(key))).Append("</th>");
            foreach (var run in runs)
            {
                if (run.Summary.TryGetPropertyValue(key, out JsonNode? v)) HtmlPage.AppendValue(s, v, key);
                else s.Append("<td class=\"null\">n/a</td>");
            }
            s.Append("</tr>\n");
        }
        s.Append("</tbody></table></div>\n");
        page.Raw(s.ToString());
        page.Heading(2, "Data", "data").Paragraph("<a href=\"comparison.csv\">comparison.csv</a>: metrics as rows, runs as columns.");
        return page.Render();
    }

    /// <summary>The metric's human label with its unit, e.g. "Rebalancer fees per position (MOET per position)".</summary>
    private static string MetricLabel(string metric)
    {
        string label = Display.Label(metric);
        return Display.Unit(metric) is { } unit && !label.Contains('(') && !label.Contains(unit, StringComparison.OrdinalIgnoreCase) ? $"{label} ({unit})" : label;
    }

    /// <summary>
    /// One bar per run, labelled with the value as read (rounded); the y axis named by the metric's unit. A health at the
    /// UFix128 maximum (no debt left) gets no bar, "no debt" under its run instead: its bar would dwarf every other.
    /// </summary>
    private static byte[] Chart(string metric, string[] runLabels, JsonNode?[] row)
    {
        var labels = runLabels.ToArray();
        var values = new List<(double, string)?>();
        for (int r = 0; r < row.Length; r++)
        {
            if (row[r] is not { } n) { values.Add(null); continue; }
            string exact = HtmlPage.LeafText(n), shown = Display.Number(exact, metric);
            if (shown == Display.NoDebt)
            {
                labels[r] += " (no debt)";
                values.Add(null);
                continue;
            }
            values.Add((double.Parse(exact, System.Globalization.CultureInfo.InvariantCulture), shown));
        }
        return PlotRenderer.BarChart(Display.Label(metric), Display.Unit(metric) ?? Display.Label(metric), labels, values);
    }

    /// <summary>Finds a metric: the exact top-level key first, then a dotted path through nested objects.</summary>
    internal static bool TryFind(JsonObject summary, string metric, out JsonNode? node)
    {
        if (summary.TryGetPropertyValue(metric, out node)) return true;
        JsonNode? cur = summary;
        foreach (string part in metric.Split('.'))
        {
            if (cur is not JsonObject o || !o.TryGetPropertyValue(part, out cur))
            {
                node = null;
                return false;
            }
        }
        node = cur;
        return true;
    }

    private static string Sanitize(string metric)
    {
        var sb = new StringBuilder();
        foreach (char c in metric)
            sb.Append(c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '.' or '_' or '-' ? c : '_');
        string s = sb.ToString().TrimStart('.');
        return s.Length > 60 ? s[..60] : s;
    }
}

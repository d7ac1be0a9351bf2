using System.Text;
using System.Text.Json.Nodes;

namespace FlowAlp.Reporting;

/// <summary>
/// Writes one simulation run's report folder:
/// <list type="bullet">
/// <item><c>timeseries.csv</c>: header and rows of the series, cells exactly as given, "\n" line endings;</item>
/// <item><c>summary.json</c>: the summary, indented, keys in the order given;</item>
/// <item><c>plots/&lt;File&gt;.png</c>: one 1000×500 line plot per <see cref="PlotSpec"/>;</item>
/// <item><c>report.html</c>: one self-contained page with the summary table, the plots (base64 data URIs) and the notes.</item>
/// </list>
/// Same inputs give byte-identical files (no timestamps; the plots use a font embedded in this assembly).
/// The folder is written atomically (see <see cref="AtomicDirectory"/>): an existing report there is replaced,
/// other files the caller keeps there stay.
/// </summary>
public static class ReportWriter
{
    /// <summary>Names of the report's own entries in the output folder (replaced on each write).</summary>
    public static readonly IReadOnlyList<string> OwnedEntries = ["timeseries.csv", "summary.json", "report.html", "plots"];

    /// <summary>
    /// Writes the report; throws <see cref="ArgumentException"/> ("field: reason") for bad inputs, before writing anything.
    /// <paramref name="tables"/>: headed tables of one row per object (each heading gets an id, e.g. "Chaos: faults" →
    /// <c>#chaos-faults</c>, linked from the top of the page); <paramref name="links"/>: other pages linked from the top
    /// (e.g. the population comparison); <paramref name="omitFromSummary"/>: summary keys shown in those tables instead.
    /// </summary>
    public static void Write(
        string outputDir,
        string title,
        TimeSeries series,
        JsonObject summary,
        IReadOnlyList<PlotSpec> plots,
        IReadOnlyList<(string Name, string Text)>? notes = null,
        IReadOnlyList<(string Heading, JsonArray Rows)>? tables = null,
        IReadOnlyList<(string Text, string Href)>? links = null,
        IReadOnlyCollection<string>? omitFromSummary = null,
        ReportLead? lead = null,
        ReportParts? parts = null,
        OutputTimings? timings = null)
    {
        AtomicDirectory.ResolveTarget(outputDir);
        if (string.IsNullOrWhiteSpace(title)) throw new ArgumentException("title: is empty", nameof(title));
        if (series is null) throw new ArgumentException("series: is null", nameof(series));
        if (series.RowCount == 0) throw new ArgumentException("series: has no rows", nameof(series));
        if (summary is null) throw new ArgumentException("summary: is null", nameof(summary));
        if (plots is null) throw new ArgumentException("plots: is null", nameof(plots));
        notes ??= [];
        parts ??= ReportParts.All;
        ValidatePlots(series, plots);
        ValidateNotes(notes);
        ValidateLead(lead, plots);
        if (!parts.Plots) plots = []; // no PNG at all, and no figure on the page

        // Everything is computed before the folder is touched, so bad data (a non-numeric cell) writes nothing.
        string csv = timings.Time("csv", () => Csv(series));
        string json = timings.Time("json", () => OutputFiles.Json(summary));
        double[] hours = series.GetDoubles(TimeSeries.TimeColumn).Select(s => s / 3600.0).ToArray();
        var values = plots.Select(p => p.Columns.Select(series.GetDoubles).ToList()).ToList();
        var flat = values.Select(v => v.All(c => c.All(x => x == 0))).ToList(); // every value 0: the page shows the plot's ZeroNote instead
        var figures = parts.Plots ? lead?.Figures ?? [] : [];
        // the lead's figures and the plots, all rendered side by side
        var jobs = figures.Select(f => f.RenderPng).Concat(plots.Select((p, i) => (Func<byte[]>)(() =>
        {
            var names = Display.LegendNames(p.Columns);
            return PlotRenderer.LinePlot(p.Title, p.YLabel, hours, values[i].Select((v, j) => (names[j], v)).ToList(), p.LogY, p.Spans);
        }))).ToList();
        byte[][] rendered = timings.Time("plots", () => PlotBatch.Render(jobs));
        for (int i = 0; i < figures.Count; i++) figures[i].Png = rendered[i];
        byte[][] pngs = rendered[figures.Count..];

        string? html = parts.Html ? timings.Time("html", () => Page(title, series, summary, plots, pngs, flat, notes, tables ?? [], links, omitFromSummary, lead)) : null;

        timings.Time("write", () => AtomicDirectory.Write(outputDir, OwnedEntries.Concat(lead?.Files.Select(f => f.Name) ?? []).ToHashSet(StringComparer.Ordinal), dir =>
        {
            OutputFiles.WriteText(Path.Combine(dir, "timeseries.csv"), csv);
            foreach (var (name, text) in lead?.Files ?? []) OutputFiles.WriteText(Path.Combine(dir, name), text);
            OutputFiles.WriteText(Path.Combine(dir, "summary.json"), json);
            if (rendered.Length > 0)
            {
                string plotDir = Path.Combine(dir, "plots");
                Directory.CreateDirectory(plotDir);
                for (int i = 0; i < plots.Count; i++)
                    OutputFiles.WriteBytes(Path.Combine(plotDir, plots[i].File + ".png"), pngs[i]);
                foreach (var f in figures) OutputFiles.WriteBytes(Path.Combine(plotDir, f.File + ".png"), f.Png!);
            }
            if (html is not null) OutputFiles.WriteText(Path.Combine(dir, "report.html"), html);
        }));
    }

    private static string Page(string title, TimeSeries series, JsonObject summary, IReadOnlyList<PlotSpec> plots, byte[][] pngs, List<bool> flat,
        IReadOnlyList<(string Name, string Text)> notes, IReadOnlyList<(string Heading, JsonArray Rows)> tables,
        IReadOnlyList<(string Text, string Href)>? links, IReadOnlyCollection<string>? omitFromSummary, ReportLead? lead)
    {
        var page = new HtmlPage(title);
        var nav = new List<(string, string)>(links ?? []);
        if (plots.Count > 0) nav.Add(("Plots", "#plots"));
        nav.AddRange(tables.Select(t => (t.Heading, "#" + Slug(t.Heading))));
        nav.AddRange([("Summary", "#summary"), ("Data", "#data")]);
        page.Nav(nav);
        lead?.Render(page); // the answer first (e.g. the headline table and the populations' plots), then the details
        if (plots.Count > 0)
        {
            page.Heading(2, "Plots", "plots");
            for (int i = 0; i < plots.Count; i++)
            {
                if (flat[i] && plots[i].ZeroNote is { } zero) page.Note(zero);
                else page.Image(pngs[i], plots[i].Title, $"plots/{plots[i].File}.png", PlotRenderer.Width, PlotRenderer.Height);
            }
        }
        foreach (var (heading, rows) in tables) page.Heading(2, heading, Slug(heading)).RowTable(rows); // e.g. the chaos section, a row per fault
        page.Heading(2, "Summary", "summary").SummaryTables(summary, omitFromSummary ?? []);
        if (notes.Count > 0)
        {
            page.Heading(2, "Notes", "notes");
            foreach (var (name, text) in notes) page.Heading(3, name).Pre(text);
        }
        page.Heading(2, "Data", "data");
        page.Paragraph($"<a href=\"timeseries.csv\">timeseries.csv</a>: {series.RowCount} rows × {series.Columns.Count} columns "
            + $"({HtmlPage.Escape(string.Join(", ", series.Columns))}); time in seconds, exact values. <a href=\"summary.json\">summary.json</a>: "
            + "the summary with exact values (this page rounds them for reading).");
        return page.Render();
    }

    /// <summary>An id for a heading: lower-case letters and digits, runs of anything else as one '-' ("Chaos: faults" → "chaos-faults").</summary>
    public static string Slug(string heading)
    {
        var sb = new StringBuilder();
        foreach (char c in heading.ToLowerInvariant())
        {
            if (c is (>= 'a' and <= 'z') or (>= '0' and <= '9')) sb.Append(c);
            else if (sb.Length > 0 && sb[^1] != '-') sb.Append('-');
        }
        return sb.ToString().TrimEnd('-');
    }

    /// <summary>One line of timeseries.csv (quoting only where needed, "\n"-terminated), for writers that stream rows.</summary>
    public static string CsvLine(IReadOnlyList<string> cells)
    {
        var sb = new StringBuilder();
        OutputFiles.AppendCsvLine(sb, cells);
        return sb.ToString();
    }

    internal static string Csv(TimeSeries series)
    {
        var sb = new StringBuilder();
        OutputFiles.AppendCsvLine(sb, series.Columns);
        foreach (var row in series.Rows) OutputFiles.AppendCsvLine(sb, row);
        return sb.ToString();
    }

    private static void ValidatePlots(TimeSeries series, IReadOnlyList<PlotSpec> plots)
    {
        var files = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < plots.Count; i++)
        {
            var p = plots[i] ?? throw new ArgumentException($"plots: plot {i} is null", nameof(plots));
            string where = $"plots[{i}]";
            if (p.File is null || !OutputFiles.IsSafeFileName(p.File))
                throw new ArgumentException($"plots: {where}.File \"{p.File}\" must be a bare name of letters, digits, '.', '_', '-' (no extension)", nameof(plots));
            if (!files.Add(p.File)) throw new ArgumentException($"plots: {where}.File \"{p.File}\" is used twice", nameof(plots));
            if (p.Title is null) throw new ArgumentException($"plots: {where}.Title is null", nameof(plots));
            if (p.YLabel is null) throw new ArgumentException($"plots: {where}.YLabel is null", nameof(plots));
            if (p.Columns is null || p.Columns.Count == 0) throw new ArgumentException($"plots: {where}.Columns is empty", nameof(plots));
            foreach (string c in p.Columns)
            {
                if (c == TimeSeries.TimeColumn) throw new ArgumentException($"plots: {where}.Columns: \"time\" is the x axis, not a line", nameof(plots));
                if (c is null || !series.HasColumn(c)) throw new ArgumentException($"plots: {where}.Columns: unknown column \"{c}\"", nameof(plots));
            }
            if (p.Columns.Distinct(StringComparer.Ordinal).Count() != p.Columns.Count)
                throw new ArgumentException($"plots: {where}.Columns has a duplicate", nameof(plots));
            foreach (var span in p.Spans ?? [])
                if (span is null || !double.IsFinite(span.FromSeconds) || !double.IsFinite(span.UntilSeconds) || span.UntilSeconds < span.FromSeconds || span.Label is null)
                    throw new ArgumentException($"plots: {where}.Spans: a span needs finite From ≤ Until and a label", nameof(plots));
        }
    }

    /// <summary>The lead's figures and files must not take a name the report itself writes.</summary>
    private static void ValidateLead(ReportLead? lead, IReadOnlyList<PlotSpec> plots)
    {
        if (lead is null) return;
        foreach (var figure in lead.Figures)
            if (plots.Any(p => string.Equals(p.File, figure.File, StringComparison.OrdinalIgnoreCase)))
                throw new ArgumentException($"lead: figure \"{figure.File}\" has the name of a plot", nameof(lead));
        foreach (var (name, _) in lead.Files)
            if (OwnedEntries.Contains(name, StringComparer.OrdinalIgnoreCase) || lead.Files.Count(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase)) > 1)
                throw new ArgumentException($"lead: file \"{name}\" is the report's own or given twice", nameof(lead));
    }

    private static void ValidateNotes(IReadOnlyList<(string Name, string Text)> notes)
    {
        for (int i = 0; i < notes.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(notes[i].Name)) throw new ArgumentException($"notes: note {i} has an empty name", nameof(notes));
            if (notes[i].Text is null) throw new ArgumentException($"notes: note \"{notes[i].Name}\" has null text", nameof(notes));
        }
    }
}

using System.Text;

namespace FlowAlp.Reporting;

/// <summary>
/// What a report opens with, before its summary: headed tables (the answer first, e.g. a headline table with one column
/// per population), figures and paragraphs, in the order added; and extra data files written into the report folder
/// with it (atomically, like the rest). Figures are written as <c>plots/&lt;file&gt;.png</c> and embedded in the page.
/// </summary>
public sealed class ReportLead
{
    private readonly List<Action<HtmlPage>> _blocks = new();
    private readonly List<LeadFigure> _figures = new();
    private readonly List<(string Name, string Text)> _files = new();

    /// <summary>A figure, rendered when the report renders its plots (all of them side by side, <see cref="PlotBatch"/>).</summary>
    internal sealed class LeadFigure(string file, Func<byte[]> render)
    {
        public string File { get; } = file;
        public Func<byte[]> RenderPng { get; } = render;
        public byte[]? Png { get; set; }
    }

    internal IReadOnlyList<LeadFigure> Figures => _figures;
    internal IReadOnlyList<(string Name, string Text)> Files => _files;

    public ReportLead Heading(string text)
    {
        _blocks.Add(p => p.Heading(2, text));
        return this;
    }

    /// <summary>A paragraph of HTML the caller built (escape any text with <see cref="Escape"/>).</summary>
    public ReportLead Paragraph(string html)
    {
        _blocks.Add(p => p.Paragraph(html));
        return this;
    }

    /// <summary>
    /// A table with an id (for links and tests), a header row (<paramref name="columns"/>, the first one heads the row
    /// labels), and rows of a label and display texts (already rounded for reading); numeric-looking cells align right.
    /// </summary>
    public ReportLead Table(string id, IReadOnlyList<string> columns, IReadOnlyList<(string Label, IReadOnlyList<string> Cells)> rows, string? caption = null)
    {
        if (!OutputFiles.IsSafeFileName(id)) throw new ArgumentException($"id: \"{id}\" must be letters, digits, '.', '_', '-'", nameof(id));
        foreach (var (label, cells) in rows)
            if (cells.Count != columns.Count - 1) throw new ArgumentException($"rows: \"{label}\" has {cells.Count} cells for {columns.Count - 1} columns", nameof(rows));
        _blocks.Add(p =>
        {
            var sb = new StringBuilder();
            sb.Append("<table id=\"").Append(id).Append("\" class=\"headline\">");
            if (caption is not null) sb.Append("<caption>").Append(HtmlPage.Escape(caption)).Append("</caption>");
            sb.Append("<thead><tr>");
            foreach (var c in columns) sb.Append("<th scope=\"col\">").Append(HtmlPage.Escape(c)).Append("</th>");
            sb.Append("</tr></thead><tbody>\n");
            foreach (var (label, cells) in rows)
            {
                sb.Append("<tr><th scope=\"row\">").Append(HtmlPage.Escape(label)).Append("</th>");
                foreach (var cell in cells)
                    sb.Append(LooksNumeric(cell) ? "<td class=\"num\">" : "<td>").Append(HtmlPage.Escape(cell)).Append("</td>");
                sb.Append("</tr>\n");
            }
            sb.Append("</tbody></table>\n");
            p.Raw(sb.ToString());
        });
        return this;
    }

    /// <summary>A figure: written as plots/<paramref name="file"/>.png and embedded with its caption.</summary>
    public ReportLead Figure(string file, string caption, byte[] png) => Figure(file, caption, () => png);

    /// <summary>
    /// A figure rendered by the report writer together with its other plots (in parallel), and only when the report
    /// has plots: a report without them (<see cref="ReportParts.Plots"/> off) never calls <paramref name="render"/>.
    /// </summary>
    public ReportLead Figure(string file, string caption, Func<byte[]> render)
    {
        if (!OutputFiles.IsSafeFileName(file)) throw new ArgumentException($"file: \"{file}\" must be a bare name of letters, digits, '.', '_', '-'", nameof(file));
        if (_figures.Any(f => string.Equals(f.File, file, StringComparison.OrdinalIgnoreCase))) throw new ArgumentException($"file: \"{file}\" is used twice", nameof(file));
        var figure = new LeadFigure(file, render);
        _figures.Add(figure);
        _blocks.Add(p =>
        {
            if (figure.Png is { } png) p.Image(png, caption, $"plots/{file}.png", PlotRenderer.Width, PlotRenderer.Height);
        });
        return this;
    }

    /// <summary>A data file written into the report folder beside report.html (a bare file name).</summary>
    public ReportLead File(string name, string text)
    {
        if (!OutputFiles.IsSafeFileName(name)) throw new ArgumentException($"name: \"{name}\" must be a bare file name", nameof(name));
        _files.Add((name, text));
        return this;
    }

    public static string Escape(string text) => HtmlPage.Escape(text);

    internal void Render(HtmlPage page)
    {
        foreach (var b in _blocks) b(page);
    }

    private static bool LooksNumeric(string cell) => cell.Length > 0 && (char.IsDigit(cell[0]) || (cell[0] is '-' or '+' or '−' && cell.Length > 1 && char.IsDigit(cell[1])));
}

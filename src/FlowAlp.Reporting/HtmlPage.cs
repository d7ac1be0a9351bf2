using System.Text;
using System.Text.Json.Nodes;

namespace FlowAlp.Reporting;

/// <summary>
/// Builds one self-contained HTML page (inline CSS, images as data URIs, no scripts, no external resources,
/// no timestamps): same calls, same bytes.
/// </summary>
internal sealed class HtmlPage
{
    // Readable from 1,000 to 1,600 px: a capped text column, tables that scroll inside their own box instead of
    // widening the page, images that shrink to the column.
    private const string Css = """
        html { -webkit-text-size-adjust: 100%; }
        body { font-family: "DejaVu Sans", Verdana, sans-serif; margin: 0 auto; padding: 1.5em 2em; color: #222; max-width: 1200px; line-height: 1.4; box-sizing: border-box; }
        h1 { font-size: 1.6em; margin: 0 0 .4em; } h2 { font-size: 1.3em; border-bottom: 1px solid #ccc; padding-bottom: .2em; margin-top: 1.6em; }
        h3 { font-size: 1.05em; margin: 1.2em 0 .3em; }
        nav { margin: .2em 0 1em; } nav a { margin-right: 1.2em; white-space: nowrap; }
        .scroll { max-width: 100%; overflow-x: auto; }
        table { border-collapse: collapse; margin: .3em 0; }
        th, td { border: 1px solid #ccc; padding: .25em .5em; text-align: left; vertical-align: top; }
        table.rows thead th { font-size: .9em; vertical-align: bottom; }
        th { background: #f3f3f3; font-weight: 600; }
        td.num { text-align: right; font-family: "DejaVu Sans Mono", monospace; white-space: nowrap; }
        td.word { white-space: nowrap; }
        td.nodebt { text-align: right; font-style: italic; color: #555; }
        td.code { font-family: "DejaVu Sans Mono", monospace; word-break: break-all; }
        table table { margin: 0; } .null { color: #888; font-style: italic; }
        figure { margin: 1em 0; max-width: 100%; } figcaption { color: #555; font-size: .9em; }
        img { display: block; max-width: 100%; height: auto; border: 1px solid #eee; }
        p.note { background: #f6f8fa; border-left: 4px solid #8aa; padding: .5em .8em; }
        pre { white-space: pre-wrap; overflow-wrap: anywhere; background: #f8f8f8; border: 1px solid #e5e5e5; padding: .6em; }
        """;

    private readonly StringBuilder _body = new();
    private readonly string _title;

    public HtmlPage(string title) => _title = title;

    public HtmlPage Heading(int level, string text, string? id = null)
    {
        _body.Append("<h").Append(level);
        if (id is not null) _body.Append(" id=\"").Append(Escape(id)).Append('"');
        _body.Append('>').Append(Escape(text)).Append("</h").Append(level).Append(">\n");
        return this;
    }

    public HtmlPage Paragraph(string html)
    {
        _body.Append("<p>").Append(html).Append("</p>\n");
        return this;
    }

    /// <summary>A highlighted one-paragraph note (e.g. "no bad debt" instead of a flat plot).</summary>
    public HtmlPage Note(string text)
    {
        _body.Append("<p class=\"note\">").Append(Escape(text)).Append("</p>\n");
        return this;
    }

    /// <summary>A line of links (text, href): sections of this page ("#id") and other pages of the run.</summary>
    public HtmlPage Nav(IEnumerable<(string Text, string Href)> links)
    {
        _body.Append("<nav>");
        foreach (var (text, href) in links)
            _body.Append("<a href=\"").Append(Escape(href)).Append("\">").Append(Escape(text)).Append("</a>");
        _body.Append("</nav>\n");
        return this;
    }

    public HtmlPage Pre(string text)
    {
        _body.Append("<pre>").Append(Escape(text)).Append("</pre>\n");
        return this;
    }

    public HtmlPage Raw(string html)
    {
        _body.Append(html);
        return this;
    }

    /// <summary>A PNG embedded as a base64 data URI, with a caption.</summary>
    public HtmlPage Image(byte[] png, string caption, string fileName, int width, int height)
    {
        _body.Append("<figure><img src=\"data:image/png;base64,").Append(Convert.ToBase64String(png))
            .Append("\" alt=\"").Append(Escape(caption)).Append("\" width=\"").Append(width).Append("\" height=\"").Append(height)
            .Append("\"><figcaption>").Append(Escape(caption)).Append(" (").Append(Escape(fileName)).Append(")</figcaption></figure>\n");
        return this;
    }

    /// <summary>A JSON object as a key/value table; nested objects become nested tables.</summary>
    public HtmlPage JsonTable(JsonObject obj)
    {
        _body.Append("<div class=\"scroll\">");
        AppendObject(_body, obj);
        _body.Append("</div>\n");
        return this;
    }

    /// <summary>
    /// A summary as readable tables, one per top-level group: its plain values first (one key/value table), then each
    /// object: side by side when all its members are objects (e.g. populations as columns), else as a key/value table.
    /// Keys in <paramref name="omit"/> (shown elsewhere on the page) and null values are left out.
    /// </summary>
    public HtmlPage SummaryTables(JsonObject summary, IReadOnlyCollection<string> omit)
    {
        var plain = new JsonObject();
        foreach (var (key, value) in summary)
            if (value is not (JsonObject or null) && !omit.Contains(key)) plain[key] = value?.DeepClone();
        if (plain.Count > 0) Heading(3, "Run").JsonTable(plain);
        foreach (var (key, value) in summary)
        {
            if (value is not JsonObject o || omit.Contains(key) || o.Count == 0) continue;
            Heading(3, Display.Label(key));
            if (o.All(kv => kv.Value is JsonObject)) SideBySide(o);
            else JsonTable(o);
        }
        return this;
    }

    /// <summary>An object of objects with its members as columns and their keys (in first-seen order) as rows.</summary>
    public HtmlPage SideBySide(JsonObject columns)
    {
        var keys = new List<string>();
        foreach (var (_, col) in columns)
            foreach (var (key, _) in col!.AsObject())
                if (!keys.Contains(key)) keys.Add(key);
        _body.Append("<div class=\"scroll\"><table class=\"cols\"><thead><tr><th></th>");
        foreach (var (name, _) in columns) _body.Append("<th>").Append(Escape(name)).Append("</th>");
        _body.Append("</tr></thead><tbody>\n");
        foreach (string key in keys)
        {
            _body.Append("<tr><th>").Append(Escape(Display.Label(key))).Append("</th>");
            foreach (var (_, col) in columns)
            {
                if (col!.AsObject().TryGetPropertyValue(key, out JsonNode? v)) AppendValue(_body, v, key);
                else _body.Append("<td class=\"null\">–</td>");
            }
            _body.Append("</tr>\n");
        }
        _body.Append("</tbody></table></div>\n");
        return this;
    }

    /// <summary>
    /// An array of objects as one table: a column per key (in first-seen order, shown as a human label), a row per object.
    /// A first column keyed "" holds row labels: shown as headers, and telling how the row's numbers read (e.g. a health).
    /// </summary>
    public HtmlPage RowTable(JsonArray rows)
    {
        var columns = new List<string>();
        foreach (var row in rows.OfType<JsonObject>())
            foreach (var (key, _) in row)
                if (!columns.Contains(key)) columns.Add(key);
        bool labelled = columns.Count > 0 && columns[0] == "";
        _body.Append("<div class=\"scroll\"><table class=\"rows\"><thead><tr>");
        foreach (var c in columns) _body.Append("<th>").Append(Escape(Display.Label(c))).Append("</th>");
        _body.Append("</tr></thead><tbody>\n");
        foreach (var row in rows.OfType<JsonObject>())
        {
            _body.Append("<tr>");
            string? rowLabel = labelled ? LeafText(row[""]) : null;
            foreach (var c in columns)
            {
                if (labelled && c == "") _body.Append("<th>").Append(Escape(Display.Label(rowLabel!))).Append("</th>");
                else AppendValue(_body, row[c], rowLabel ?? c);
            }
            _body.Append("</tr>\n");
        }
        _body.Append("</tbody></table></div>\n");
        return this;
    }

    public string Render()
    {
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
          .Append(Escape(_title)).Append("</title>\n<style>\n").Append(Css.Replace("\r\n", "\n")).Append("\n</style>\n</head>\n<body>\n")
          .Append("<h1>").Append(Escape(_title)).Append("</h1>\n")
          .Append(_body)
          .Append("</body>\n</html>\n");
        return sb.ToString();
    }

    public static string Escape(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (char c in s)
        {
            sb.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                _ => c.ToString(),
            });
        }
        return sb.ToString();
    }

    /// <summary>Text of a JSON leaf as in the data: strings unquoted, other values as JSON.</summary>
    public static string LeafText(JsonNode? node) => node switch
    {
        null => "null",
        JsonValue v when v.TryGetValue(out string? s) => s,
        _ => node.ToJsonString(OutputFiles.CompactJson),
    };

    /// <summary>Whether a JSON leaf is a number, or a string that reads as one (exact decimals are kept as strings).</summary>
    public static bool IsNumeric(JsonNode? node) => node is JsonValue v && TimeSeries.TryParse(LeafText(v), out _);

    /// <summary>
    /// One cell. Numbers are rounded for reading (<see cref="Display.Number"/>) with the exact value as the cell's title;
    /// <paramref name="context"/> (the key or row label) tells whether it is a health ("no debt" for the UFix128 maximum).
    /// </summary>
    internal static void AppendValue(StringBuilder sb, JsonNode? node, string? context = null)
    {
        switch (node)
        {
            case null:
                sb.Append("<td class=\"null\">–</td>");
                break;
            case JsonObject o when o.Count > 0:
                sb.Append("<td>");
                AppendObject(sb, o);
                sb.Append("</td>");
                break;
            case JsonArray a when a.Any(e => e is JsonObject or JsonArray):
                sb.Append("<td><table><tbody>");
                for (int i = 0; i < a.Count; i++)
                {
                    sb.Append("<tr><th>").Append(i + 1).Append("</th>");
                    AppendValue(sb, a[i], context);
                    sb.Append("</tr>");
                }
                sb.Append("</tbody></table></td>");
                break;
            case JsonValue v when v.TryGetValue(out bool b):
                sb.Append("<td>").Append(b ? "yes" : "no").Append("</td>");
                break;
            default:
                string exact = LeafText(node);
                if (!IsNumeric(node))
                {
                    // a hash breaks anywhere; a short text (a kind, a window) stays on one line; longer text wraps
                    string cls = exact.Length >= 40 && !exact.Contains(' ') ? " class=\"code\"" : exact.Length <= 24 ? " class=\"word\"" : "";
                    sb.Append("<td").Append(cls).Append('>').Append(Escape(exact)).Append("</td>");
                    break;
                }
                string shown = Display.Number(exact, context);
                sb.Append(shown == Display.NoDebt ? "<td class=\"nodebt\"" : "<td class=\"num\"");
                if (shown != exact) sb.Append(" title=\"").Append(Escape(exact)).Append('"');
                sb.Append('>').Append(Escape(shown)).Append("</td>");
                break;
        }
    }

    private static void AppendObject(StringBuilder sb, JsonObject obj)
    {
        sb.Append("<table class=\"kv\"><tbody>");
        foreach (var (key, value) in obj)
        {
            sb.Append("<tr><th>").Append(Escape(Display.Label(key))).Append("</th>");
            AppendValue(sb, value, key);
            sb.Append("</tr>\n");
        }
        sb.Append("</tbody></table>");
    }
}

using System.Text;
using System.Text.Json.Nodes;

namespace FlowAlp.Reporting;

/// <summary>
/// Builds one self-contained HTML page (inline CSS, images as data URIs, no scripts, no external resources,
/// no timestamps): same calls, same bytes.
/// </summary>
internal sealed class HtmlPage
{
    private const string Css = """
        body { font-family: "DejaVu Sans", Verdana, sans-serif; margin: 2em; color: #222; max-width: 1100px; }
        h1 { font-size: 1.6em; } h2 { font-size: 1.3em; border-bottom: 1px solid #ccc; padding-bottom: .2em; margin-top: 1.6em; }
        table { border-collapse: collapse; margin: .3em 0; }
        th, td { border: 1px solid #ccc; padding: .25em .6em; text-align: left; vertical-align: top; }
        th { background: #f3f3f3; font-weight: 600; }
        td.num { text-align: right; font-family: "DejaVu Sans Mono", monospace; }
        table table { margin: 0; } .null { color: #888; font-style: italic; }
        figure { margin: 1em 0; } figcaption { color: #555; font-size: .9em; }
        img { max-width: 100%; height: auto; border: 1px solid #eee; }
        pre { white-space: pre-wrap; background: #f8f8f8; border: 1px solid #e5e5e5; padding: .6em; }
        """;

    private readonly StringBuilder _body = new();
    private readonly string _title;

    public HtmlPage(string title) => _title = title;

    public HtmlPage Heading(int level, string text)
    {
        _body.Append("<h").Append(level).Append('>').Append(Escape(text)).Append("</h").Append(level).Append(">\n");
        return this;
    }

    public HtmlPage Paragraph(string html)
    {
        _body.Append("<p>").Append(html).Append("</p>\n");
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
        AppendObject(_body, obj);
        _body.Append('\n');
        return this;
    }

    /// <summary>An array of objects as one table: a column per key (in first-seen order), a row per object.</summary>
    public HtmlPage RowTable(JsonArray rows)
    {
        var columns = new List<string>();
        foreach (var row in rows.OfType<JsonObject>())
            foreach (var (key, _) in row)
                if (!columns.Contains(key)) columns.Add(key);
        _body.Append("<table class=\"rows\"><thead><tr>");
        foreach (var c in columns) _body.Append("<th>").Append(Escape(c)).Append("</th>");
        _body.Append("</tr></thead><tbody>\n");
        foreach (var row in rows.OfType<JsonObject>())
        {
            _body.Append("<tr>");
            foreach (var c in columns) AppendValue(_body, row[c]);
            _body.Append("</tr>\n");
        }
        _body.Append("</tbody></table>\n");
        return this;
    }

    public string Render()
    {
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
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

    /// <summary>Text of a JSON leaf as shown in tables: strings unquoted, other values as JSON.</summary>
    public static string LeafText(JsonNode? node) => node switch
    {
        null => "null",
        JsonValue v when v.TryGetValue(out string? s) => s,
        _ => node.ToJsonString(OutputFiles.CompactJson),
    };

    /// <summary>Whether a JSON leaf is a number, or a string that reads as one (exact decimals are kept as strings).</summary>
    public static bool IsNumeric(JsonNode? node) => node is JsonValue v && TimeSeries.TryParse(LeafText(v), out _);

    internal static void AppendValue(StringBuilder sb, JsonNode? node)
    {
        switch (node)
        {
            case null:
                sb.Append("<td class=\"null\">null</td>");
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
                    sb.Append("<tr><th>[").Append(i).Append("]</th>");
                    AppendValue(sb, a[i]);
                    sb.Append("</tr>");
                }
                sb.Append("</tbody></table></td>");
                break;
            default:
                sb.Append(IsNumeric(node) ? "<td class=\"num\">" : "<td>").Append(Escape(LeafText(node))).Append("</td>");
                break;
        }
    }

    private static void AppendObject(StringBuilder sb, JsonObject obj)
    {
        sb.Append("<table class=\"kv\"><tbody>");
        foreach (var (key, value) in obj)
        {
            sb.Append("<tr><th>").Append(Escape(key)).Append("</th>");
            AppendValue(sb, value);
            sb.Append("</tr>\n");
        }
        sb.Append("</tbody></table>");
    }
}

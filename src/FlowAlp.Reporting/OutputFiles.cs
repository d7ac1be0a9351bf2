using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FlowAlp.Reporting;

/// <summary>Byte-exact writers shared by the reports: UTF-8 without BOM, "\n" line endings.</summary>
internal static class OutputFiles
{
    public static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static readonly JsonSerializerOptions IndentedJson = new()
    {
        WriteIndented = true,
        IndentSize = 2,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static readonly JsonSerializerOptions CompactJson = new()
    {
        WriteIndented = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void WriteText(string path, string text) => WriteBytes(path, Utf8.GetBytes(text));

    public static void WriteBytes(string path, byte[] bytes)
    {
        using var fs = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        fs.Write(bytes);
        fs.Flush(flushToDisk: true);
    }

    public static string Json(JsonNode node) => node.ToJsonString(IndentedJson) + "\n";

    /// <summary>One CSV line (RFC 4180 quoting only where needed), terminated by "\n".</summary>
    public static void AppendCsvLine(StringBuilder sb, IReadOnlyList<string> cells)
    {
        for (int i = 0; i < cells.Count; i++)
        {
            if (i > 0) sb.Append(',');
            string c = cells[i];
            if (c.AsSpan().IndexOfAny(",\"\r\n") >= 0) sb.Append('"').Append(c.Replace("\"", "\"\"")).Append('"');
            else sb.Append(c);
        }
        sb.Append('\n');
    }

    /// <summary>Checks a bare file name of letters, digits, '.', '_', '-' (not starting with '.').</summary>
    public static bool IsSafeFileName(string name) =>
        name.Length is > 0 and <= 100 && name[0] != '.' &&
        name.All(ch => ch is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '.' or '_' or '-');
}

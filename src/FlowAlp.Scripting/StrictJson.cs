using System.Text.Json;
using System.Text.Json.Nodes;

namespace FlowAlp.Scripting;

/// <summary>
/// The one way FlowAlp parses a JSON input (scenario, script, cluster file, --set value): duplicate keys are refused (never "last
/// wins"), no comments or trailing commas, nesting at most <see cref="MaxDepth"/>. A failure is one line saying where.
/// </summary>
public static class StrictJson
{
    public const int MaxDepth = 64;

    public static readonly JsonDocumentOptions Options = new() { AllowDuplicateProperties = false, AllowTrailingCommas = false, MaxDepth = MaxDepth };

    /// <summary>Parses <paramref name="json"/>; on failure <paramref name="fail"/> gets one line ("line 3, position 4: …").</summary>
    public static JsonDocument Parse(string json, Func<string, Exception> fail)
    {
        try { return JsonDocument.Parse(json, Options); }
        catch (JsonException e) { throw fail(Describe(e)); }
    }

    public static JsonNode? ParseNode(string json, Func<string, Exception> fail)
    {
        try
        {
            var node = JsonNode.Parse(json, null, Options);
            node?.ToJsonString(); // materialises every object now, so a duplicate key fails here and not later
            return node;
        }
        catch (JsonException e) { throw fail(Describe(e)); }
    }

    /// <summary>One line: where (when the reader knows) and what, without .NET's wording about deserialization.</summary>
    public static string Describe(JsonException e)
    {
        string what = e.Message.Split('\n')[0].Trim();
        int cut = what.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut > 0) what = what[..cut].TrimEnd('.', ' ');
        // the reader's wording for the three rules names its own options; say the rule instead
        if (what.Contains("trailing comma", StringComparison.Ordinal)) what = "a trailing comma (not allowed)";
        else if (what.StartsWith("The maximum configured depth", StringComparison.Ordinal)) what = $"nested deeper than {MaxDepth} levels";
        else if (what.StartsWith("'/' is invalid", StringComparison.Ordinal)) what = "'/' (comments are not allowed)";
        else if (what.StartsWith("Duplicate property '", StringComparison.Ordinal))
            what = "duplicate key '" + what["Duplicate property '".Length..].Split('\'')[0] + "'" + (e.Path is { Length: > 0 } p && p != "$" ? $" in {p}" : "");
        return e.LineNumber is { } line ? $"invalid JSON (line {line + 1}, position {e.BytePositionInLine}): {what}" : $"invalid JSON: {what}";
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using FlowAlp.Scripting;

namespace FlowAlp.Simulation.Scenarios;

/// <summary>
/// Edits a scenario's JSON before it is parsed: <c>path=value</c> with a path like <c>rebalancers.intervalSeconds</c> or
/// <c>populations[1].health.target</c> and a JSON value (a bare word is taken as a string). The parser then validates
/// the result as usual, so a bad override is reported with the field it lands on.
/// </summary>
public static class ScenarioOverrides
{
    public static string Apply(string json, IEnumerable<(string Path, string Value)> overrides)
    {
        var root = StrictJson.ParseNode(json, problem => new ScenarioException("scenario", problem)) ?? throw new ScenarioException("scenario", "is empty");
        foreach (var (path, value) in overrides) Set(root, path, value);
        return root.ToJsonString();
    }

    /// <summary>Parses "path=value" (one value, which may be JSON with commas).</summary>
    public static (string Path, string Value) ParseOne(string text)
    {
        int eq = text.IndexOf('=');
        if (eq <= 0 || eq == text.Length - 1) throw ScenarioException.Argument("set", $"'{text}' must look like path=value");
        return (text[..eq].Trim(), text[(eq + 1)..].Trim());
    }

    /// <summary>Parses "path=v1,v2,v3" (a sweep axis) into the path and its values.</summary>
    public static (string Path, IReadOnlyList<string> Values) ParseAxis(string text)
    {
        int eq = text.IndexOf('=');
        if (eq <= 0 || eq == text.Length - 1) throw ScenarioException.Argument("set", $"'{text}' must look like path=value[,value…]");
        return (text[..eq].Trim(), text[(eq + 1)..].Split(',').Select(v => v.Trim()).ToList());
    }

    private static void Set(JsonNode root, string path, string value)
    {
        var parts = path.Replace("]", "").Split('.', '[');
        if (parts.Any(string.IsNullOrWhiteSpace)) throw ScenarioException.Argument("set", $"'{path}' is not a field path");
        JsonNode node = root;
        for (int i = 0; i < parts.Length - 1; i++)
        {
            JsonNode? next = node is JsonArray arr ? arr[Index(path, parts[i], arr)] : node is JsonObject o ? o[parts[i]] : null;
            node = next ?? throw ScenarioException.Argument("set", $"'{path}': '{string.Join('.', parts[..(i + 1)])}' does not exist in the scenario");
        }
        JsonNode parsed;
        // a value that is not JSON is a bare word (a string); one that is JSON must be strict JSON (no duplicate keys)
        bool looksJson = value.Length > 0 && (value[0] is '{' or '[' or '"');
        try { parsed = JsonNode.Parse(value, null, StrictJson.Options) ?? JsonValue.Create(value)!; parsed.ToJsonString(); }
        catch (JsonException) when (!looksJson) { parsed = JsonValue.Create(value)!; }
        catch (JsonException e) { throw ScenarioException.Argument("set", $"'{path}': {StrictJson.Describe(e)}"); }
        if (node is JsonArray a) a[Index(path, parts[^1], a)] = parsed;
        else if (node is JsonObject obj) obj[parts[^1]] = parsed;
        else throw ScenarioException.Argument("set", $"'{path}' does not name a field");
    }

    /// <summary>An array index in a path: a whole number from 0 to the array's last entry (no negative or past-the-end index).</summary>
    private static int Index(string path, string part, JsonArray array)
    {
        if (!int.TryParse(part, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int k))
            throw ScenarioException.Argument("set", $"'{path}': '{part}' is not an array index (a whole number from 0)");
        if (k >= array.Count) throw ScenarioException.Argument("set", $"'{path}': index {k} is out of range (the array has {array.Count} entries)");
        return k;
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;

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
        JsonNode root;
        try { root = JsonNode.Parse(json) ?? throw new ScenarioException("scenario", "is empty"); }
        catch (JsonException e) { throw new ScenarioException("scenario", $"invalid JSON: {e.Message.Split('\n')[0]}"); }
        foreach (var (path, value) in overrides) Set(root, path, value);
        return root.ToJsonString();
    }

    /// <summary>Parses "path=value" (one value, which may be JSON with commas).</summary>
    public static (string Path, string Value) ParseOne(string text)
    {
        int eq = text.IndexOf('=');
        if (eq <= 0 || eq == text.Length - 1) throw new ScenarioException("--set", $"'{text}' must look like path=value");
        return (text[..eq].Trim(), text[(eq + 1)..].Trim());
    }

    /// <summary>Parses "path=v1,v2,v3" (a sweep axis) into the path and its values.</summary>
    public static (string Path, IReadOnlyList<string> Values) ParseAxis(string text)
    {
        int eq = text.IndexOf('=');
        if (eq <= 0 || eq == text.Length - 1) throw new ScenarioException("--set", $"'{text}' must look like path=value[,value…]");
        return (text[..eq].Trim(), text[(eq + 1)..].Split(',').Select(v => v.Trim()).ToList());
    }

    private static void Set(JsonNode root, string path, string value)
    {
        var parts = path.Replace("]", "").Split('.', '[');
        if (parts.Any(string.IsNullOrWhiteSpace)) throw new ScenarioException("--set", $"'{path}' is not a field path");
        JsonNode node = root;
        for (int i = 0; i < parts.Length - 1; i++)
        {
            JsonNode? next = node is JsonArray arr && int.TryParse(parts[i], out int k) ? (k < arr.Count ? arr[k] : null) : node is JsonObject o ? o[parts[i]] : null;
            node = next ?? throw new ScenarioException("--set", $"'{path}': '{string.Join('.', parts[..(i + 1)])}' does not exist in the scenario");
        }
        JsonNode parsed;
        try { parsed = JsonNode.Parse(value) ?? JsonValue.Create(value)!; }
        catch (JsonException) { parsed = JsonValue.Create(value)!; }
        if (node is JsonArray a && int.TryParse(parts[^1], out int idx) && idx < a.Count) a[idx] = parsed;
        else if (node is JsonObject obj) obj[parts[^1]] = parsed;
        else throw new ScenarioException("--set", $"'{path}' does not name a field");
    }
}

using System.Text.Json;
using FlowAlp.Actors.Cluster;
using FlowAlp.Scripting;

namespace FlowAlp.Simulation.Scenarios;

/// <summary>
/// Reads the cluster file (config/cluster/cluster.json) into <see cref="ClusterSettings"/>, with the rules every JSON input
/// of FlowAlp follows (<see cref="InputFile"/> and <see cref="StrictJson"/>: a regular file of at most
/// <see cref="ScenarioLimits.MaxJsonBytes"/>, no duplicate keys, comments or trailing commas, nesting at most
/// <see cref="StrictJson.MaxDepth"/>). Errors are <see cref="ClusterSettingsException"/> ("field: reason").
/// </summary>
public static class ClusterFile
{
    private static readonly string[] Known = ["systemName", "hostname", "port", "seedNodes", "roles", "shards", "localWorkers", "allowNonLoopback"];

    /// <param name="allowRemote">the command line's --allow-remote: the same opt-in as the file's "allowNonLoopback".</param>
    public static ClusterSettings Load(string path, bool allowRemote = false) =>
        Parse(InputFile.ReadText(path, ScenarioLimits.MaxJsonBytes, reason => new ClusterSettingsException("cluster", reason)), allowRemote);

    public static ClusterSettings Parse(string json, bool allowRemote = false)
    {
        using var doc = StrictJson.Parse(json, problem => new ClusterSettingsException("cluster", problem));
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object) throw new ClusterSettingsException("cluster", "must be a JSON object");
        foreach (var p in root.EnumerateObject())
            if (!Known.Contains(p.Name)) throw new ClusterSettingsException(p.Name, $"unknown field (known: {string.Join(", ", Known)})");
        var d = new ClusterSettings();
        var s = new ClusterSettings(
            Str(root, "systemName") ?? d.SystemName,
            Str(root, "hostname") ?? d.Hostname,
            Int(root, "port") ?? d.Port,
            Strings(root, "seedNodes"),
            Strings(root, "roles"),
            Int(root, "shards") ?? d.Shards,
            Int(root, "localWorkers") ?? d.LocalWorkers,
            allowRemote || (Bool(root, "allowNonLoopback") ?? false));
        s.Validate();
        return s;
    }

    private static string? Str(JsonElement o, string name) => o.TryGetProperty(name, out var v)
        ? v.ValueKind == JsonValueKind.String ? v.GetString() : throw new ClusterSettingsException(name, "must be a string") : null;

    private static int? Int(JsonElement o, string name) => o.TryGetProperty(name, out var v)
        ? v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int i) ? i : throw new ClusterSettingsException(name, "must be an integer") : null;

    private static bool? Bool(JsonElement o, string name) => o.TryGetProperty(name, out var v)
        ? v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : throw new ClusterSettingsException(name, "must be true or false") : null;

    private static IReadOnlyList<string>? Strings(JsonElement o, string name)
    {
        if (!o.TryGetProperty(name, out var v)) return null;
        if (v.ValueKind != JsonValueKind.Array || v.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
            throw new ClusterSettingsException(name, "must be an array of strings");
        return v.EnumerateArray().Select(e => e.GetString()!).ToList();
    }
}

using System.Text.Json;
using Akka.Actor;

namespace FlowAlp.Actors.Cluster;

/// <summary>A bad cluster file: the message is "field: reason".</summary>
public sealed class ClusterSettingsException(string field, string reason) : Exception($"{field}: {reason}");

/// <summary>
/// Cluster mode's configuration (config/cluster/cluster.json): this node's address and roles, the seed nodes, the
/// number of shards (fixed for the life of a cluster) and how many extra position nodes `flowalp run --cluster`
/// starts in its own process. Remoting binds to 127.0.0.1 unless the file names another host; a host that is not
/// loopback (127.x, ::1, localhost) needs "allowNonLoopback": true (or --allow-remote), because Akka.Remote over
/// DotNetty is unauthenticated plaintext (docs/cluster-security.md).
/// </summary>
public sealed record ClusterSettings(
    string SystemName = "flowalp",
    string Hostname = "127.0.0.1",
    int Port = 4053,
    IReadOnlyList<string>? SeedNodes = null,
    IReadOnlyList<string>? Roles = null,
    int Shards = 100,
    int LocalWorkers = 0,
    bool AllowNonLoopback = false)
{
    /// <summary>The role of the node that runs the pool supervisor (the cluster singleton) and the driver.</summary>
    public const string PoolRole = "pool";
    /// <summary>The role of the nodes that host position entities.</summary>
    public const string PositionsRole = "positions";
    public const string DefaultPath = "config/cluster/cluster.json";

    public IReadOnlyList<string> RoleList => Roles ?? [PoolRole, PositionsRole];

    /// <summary>The seed addresses; none given means this node is the first seed (it joins itself).</summary>
    public IReadOnlyList<Address> SeedAddresses() => (SeedNodes ?? []).Select(Address.Parse).ToList();

    /// <summary>Whether remoting listens on loopback only (127.0.0.0/8, ::1 or "localhost").</summary>
    public bool BindsLoopback => IsLoopback(Hostname);

    /// <summary>The one-line warning printed when a node binds beyond loopback (with the opt-in).</summary>
    public string NonLoopbackWarning =>
        $"warning: cluster remoting listens on {Hostname}:{Port} beyond loopback, unauthenticated and unencrypted; anyone who can reach it can join the cluster (see docs/cluster-security.md)";

    public static bool IsLoopback(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || (System.Net.IPAddress.TryParse(host.Trim('[', ']'), out var ip) && System.Net.IPAddress.IsLoopback(ip));

    /// <param name="allowRemote">the command line's --allow-remote: the same opt-in as the file's "allowNonLoopback".</param>
    public static ClusterSettings Load(string path, bool allowRemote = false)
    {
        if (!File.Exists(path)) throw new ClusterSettingsException("cluster", $"file not found: {path}");
        return Parse(File.ReadAllText(path), allowRemote);
    }

    public static ClusterSettings Parse(string json, bool allowRemote = false)
    {
        JsonElement root;
        try { root = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }).RootElement; }
        catch (JsonException e) { throw new ClusterSettingsException("cluster", $"not valid JSON ({e.Message})"); }
        if (root.ValueKind != JsonValueKind.Object) throw new ClusterSettingsException("cluster", "must be a JSON object");
        var known = new HashSet<string> { "systemName", "hostname", "port", "seedNodes", "roles", "shards", "localWorkers", "allowNonLoopback" };
        foreach (var p in root.EnumerateObject())
            if (!known.Contains(p.Name)) throw new ClusterSettingsException(p.Name, $"unknown field (known: {string.Join(", ", known)})");
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

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(SystemName) || !SystemName.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            throw new ClusterSettingsException("systemName", $"must be letters, digits, '-' or '_', got '{SystemName}'");
        if (string.IsNullOrWhiteSpace(Hostname)) throw new ClusterSettingsException("hostname", "required");
        if (!Hostname.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or ':' or '[' or ']'))
            throw new ClusterSettingsException("hostname", $"must be a host name or IP address (letters, digits, '.', '-', ':'), got '{Hostname}'");
        if (!BindsLoopback && !AllowNonLoopback)
            throw new ClusterSettingsException("hostname", $"'{Hostname}' is not a loopback address; remoting is unauthenticated plaintext, so binding beyond loopback needs \"allowNonLoopback\": true in the cluster file or --allow-remote (see docs/cluster-security.md)");
        if (Port is < 0 or > 65535) throw new ClusterSettingsException("port", $"must be between 0 and 65535, got {Port}");
        if (Shards is < 1 or > 100_000) throw new ClusterSettingsException("shards", $"must be between 1 and 100000, got {Shards}");
        if (LocalWorkers is < 0 or > 16) throw new ClusterSettingsException("localWorkers", $"must be between 0 and 16, got {LocalWorkers}");
        if (RoleList.Count == 0) throw new ClusterSettingsException("roles", "at least one role is required");
        foreach (var r in RoleList)
            if (r is not (PoolRole or PositionsRole)) throw new ClusterSettingsException("roles", $"unknown role '{r}' (known: {PoolRole}, {PositionsRole})");
        foreach (var seed in SeedNodes ?? [])
        {
            Address a;
            try { a = Address.Parse(seed); }
            catch (Exception e) when (e is UriFormatException or ArgumentException or FormatException)
            { throw new ClusterSettingsException("seedNodes", $"'{seed}' is not an address like akka.tcp://{SystemName}@127.0.0.1:4053"); }
            if (a.Host is null || a.Port is null) throw new ClusterSettingsException("seedNodes", $"'{seed}' has no host:port");
            if (a.System != SystemName) throw new ClusterSettingsException("seedNodes", $"'{seed}' names system '{a.System}', not '{SystemName}'");
        }
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

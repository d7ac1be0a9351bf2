using Akka.Actor;

namespace FlowAlp.Actors.Cluster;

/// <summary>A bad cluster file: the message is "field: reason".</summary>
public sealed class ClusterSettingsException(string field, string reason) : Exception($"{field}: {reason}");

/// <summary>
/// Cluster mode's configuration (config/cluster/cluster.json): this node's address and roles, the seed nodes, the
/// number of shards (fixed for the life of a cluster) and how many extra position nodes `flowalp run --cluster`
/// starts in its own process. Remoting binds to 127.0.0.1 unless the file names another host; a host that is not
/// loopback (127.x, ::1, localhost) needs "allowNonLoopback": true (or --allow-remote), because Akka.Remote over
/// DotNetty is unauthenticated plaintext (docs/cluster-security.md). The file is read by the host's config reader
/// (FlowAlp.Simulation's ClusterFile, with the strict JSON rules of every input); here the settings are only validated.
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
    /// <summary>The role of the nodes that run sweep jobs (a worker at /user/sweep-worker).</summary>
    public const string SweepsRole = "sweeps";
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
            if (r is not (PoolRole or PositionsRole or SweepsRole)) throw new ClusterSettingsException("roles", $"unknown role '{r}' (known: {PoolRole}, {PositionsRole}, {SweepsRole})");
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
}

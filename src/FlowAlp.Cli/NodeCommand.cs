using System.CommandLine;
using FlowAlp.Actors.Cluster;
using FlowAlp.Actors.Engine;
using FlowAlp.Engine.Loop;
using FlowAlp.Simulation.Scenarios;
using FlowAlp.Simulation.Sweeps;

namespace FlowAlp.Cli;

/// <summary>
/// `flowalp node`: a cluster node in its own process. It joins the cluster file's seed nodes (the node of a
/// `flowalp run --cluster` or `flowalp sweep --cluster`), hosts position entities and runs sweep jobs (--roles) until
/// Ctrl-C, then leaves gracefully so its shards move without loss and its unfinished jobs go to other nodes. Exit 2 for
/// a bad cluster file (a non-loopback host needs --allow-remote or "allowNonLoopback") or --roles.
/// </summary>
internal static class NodeCommand
{
    public static Command Create()
    {
        var clusterConfig = new Option<string>("--cluster-config") { Description = "cluster file (seed nodes, shards)", DefaultValueFactory = _ => ClusterSettings.DefaultPath };
        var port = new Option<int>("--port") { Description = "this node's port (0: any free port)", DefaultValueFactory = _ => 0 };
        var threads = new Option<int>("--threads") { Description = "dispatcher threads", DefaultValueFactory = _ => 2 };
        var allowRemote = new Option<bool>("--allow-remote") { Description = "allow remoting to bind a non-loopback host (unauthenticated plaintext, see docs/cluster-security.md)" };
        var roles = new Option<string>("--roles")
        {
            Description = $"this node's roles, comma-separated: {ClusterSettings.PositionsRole} (hosts positions of flowalp run --cluster), {ClusterSettings.SweepsRole} (runs jobs of flowalp sweep --cluster, as many at once as it has cores)",
            DefaultValueFactory = _ => $"{ClusterSettings.PositionsRole},{ClusterSettings.SweepsRole}",
        };
        var cmd = new Command("node", "Run a node that joins a cluster: it hosts positions (flowalp run --cluster) and runs sweep jobs (flowalp sweep --cluster)") { clusterConfig, port, threads, allowRemote, roles };
        cmd.SetAction((parse, cancel) => Run(ShippedFiles.Resolve(parse.GetValue(clusterConfig)!), parse.GetValue(port), parse.GetValue(threads), parse.GetValue(allowRemote),
            parse.GetValue(roles)!, cancel));
        return cmd;
    }

    private static async Task<int> Run(string file, int port, int threads, bool allowRemote, string roleList, CancellationToken cancel)
    {
        ClusterSettings settings;
        IReadOnlyList<string> roles = roleList.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        try
        {
            settings = ClusterFile.Load(file, allowRemote) with { Port = port };
            settings.Validate();
            // the pool is the node that `flowalp run --cluster` starts: a node serves positions and sweep jobs
            if (roles.Count == 0 || roles.Any(r => r is not (ClusterSettings.PositionsRole or ClusterSettings.SweepsRole)))
            {
                Console.Error.WriteLine($"node: --roles: '{roleList}' names no role or an unknown one (known: {ClusterSettings.PositionsRole}, {ClusterSettings.SweepsRole})");
                return 2;
            }
            new EngineSettings(threads).Validate();
        }
        catch (Exception e) when (e is ClusterSettingsException or ArgumentException) { Console.Error.WriteLine($"node {file}: {e.Message}"); return 2; }
        if (!settings.BindsLoopback) Console.Error.WriteLine(settings.NonLoopbackWarning);
        if (settings.SeedAddresses().Count == 0) { Console.Error.WriteLine($"node {file}: seedNodes: a node needs at least one seed node to join"); return 2; }
        var node = ClusterNode.Start(settings, new EngineSettings(threads), port, roles, settings.SeedAddresses());
        if (roles.Contains(ClusterSettings.SweepsRole)) node.StartSweepWorker(new SweepJobExecutor(LocalCluster.SweepSlots), LocalCluster.SweepSlots);
        await node.MemberUp().WaitAsync(cancel).ContinueWith(_ => { }, TaskScheduler.Default);
        if (!cancel.IsCancellationRequested) Console.Error.WriteLine($"node {node.Cluster.SelfAddress}: up as {string.Join(", ", roles)} (Ctrl-C leaves)");
        await Task.WhenAny(Task.Delay(Timeout.Infinite, cancel), node.System.WhenTerminated).ContinueWith(_ => { }, TaskScheduler.Default);
        if (!node.System.WhenTerminated.IsCompleted) await node.Leave();
        return 0;
    }
}

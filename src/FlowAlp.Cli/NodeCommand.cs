using System.CommandLine;
using FlowAlp.Actors.Cluster;
using FlowAlp.Actors.Engine;
using FlowAlp.Engine.Loop;
using FlowAlp.Simulation.Scenarios;

namespace FlowAlp.Cli;

/// <summary>
/// `flowalp node`: a position node in its own process. It joins the cluster file's seed nodes (the pool node of a
/// `flowalp run --cluster`), hosts position entities until Ctrl-C, then leaves gracefully so its shards move without
/// loss. Exit 2 for a bad cluster file (a non-loopback host needs --allow-remote or "allowNonLoopback").
/// </summary>
internal static class NodeCommand
{
    public static Command Create()
    {
        var clusterConfig = new Option<string>("--cluster-config") { Description = "cluster file (seed nodes, shards)", DefaultValueFactory = _ => ClusterSettings.DefaultPath };
        var port = new Option<int>("--port") { Description = "this node's port (0: any free port)", DefaultValueFactory = _ => 0 };
        var threads = new Option<int>("--threads") { Description = "dispatcher threads", DefaultValueFactory = _ => 2 };
        var allowRemote = new Option<bool>("--allow-remote") { Description = "allow remoting to bind a non-loopback host (unauthenticated plaintext, see docs/cluster-security.md)" };
        var cmd = new Command("node", "Run a position node that joins a cluster (see flowalp run --cluster)") { clusterConfig, port, threads, allowRemote };
        cmd.SetAction((parse, cancel) => Run(ShippedFiles.Resolve(parse.GetValue(clusterConfig)!), parse.GetValue(port), parse.GetValue(threads), parse.GetValue(allowRemote), cancel));
        return cmd;
    }

    private static async Task<int> Run(string file, int port, int threads, bool allowRemote, CancellationToken cancel)
    {
        ClusterSettings settings;
        try
        {
            settings = ClusterFile.Load(file, allowRemote) with { Port = port };
            settings.Validate();
            new EngineSettings(threads).Validate();
        }
        catch (Exception e) when (e is ClusterSettingsException or ArgumentException) { Console.Error.WriteLine($"node {file}: {e.Message}"); return 2; }
        if (!settings.BindsLoopback) Console.Error.WriteLine(settings.NonLoopbackWarning);
        if (settings.SeedAddresses().Count == 0) { Console.Error.WriteLine($"node {file}: seedNodes: a node needs at least one seed node to join"); return 2; }
        var node = ClusterNode.Start(settings, new EngineSettings(threads), port, [ClusterSettings.PositionsRole], settings.SeedAddresses());
        await node.MemberUp().WaitAsync(cancel).ContinueWith(_ => { }, TaskScheduler.Default);
        if (!cancel.IsCancellationRequested) Console.Error.WriteLine($"node {node.Cluster.SelfAddress}: up, hosting positions (Ctrl-C leaves)");
        await Task.WhenAny(Task.Delay(Timeout.Infinite, cancel), node.System.WhenTerminated).ContinueWith(_ => { }, TaskScheduler.Default);
        if (!node.System.WhenTerminated.IsCompleted) await node.Leave();
        return 0;
    }
}

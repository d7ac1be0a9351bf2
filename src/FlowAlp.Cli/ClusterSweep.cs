using System.CommandLine;
using FlowAlp.Actors.Cluster;
using FlowAlp.Engine.Loop;
using FlowAlp.Simulation.Scenarios;
using FlowAlp.Simulation.Sweeps;

namespace FlowAlp.Cli;

/// <summary>
/// `--cluster FILE` of the commands that run a sweep (`flowalp sweep`, and any command that runs its seeds through
/// SweepRunner.Run): this process starts the cluster file's node (its address, its roles) and its localWorkers sweep
/// nodes, and the runs go to every "sweeps" node of the cluster, `flowalp node` processes that joined it included.
/// The nodes read the scenario's files (price CSVs) from the same path: they share the checkout. Same results files as
/// on one machine. A bad cluster file, or nodes that cannot start, is one line naming --cluster and the file (exit 2).
/// </summary>
internal sealed class ClusterSweep : IAsyncDisposable
{
    private readonly LocalCluster _cluster;

    public SweepDispatch Dispatch { get; }

    private ClusterSweep(LocalCluster cluster)
    {
        _cluster = cluster;
        Dispatch = new SweepDispatch(cluster.PoolNode);
    }

    public static Option<string?> FileOption() => new("--cluster")
    {
        Description = "hand the runs to the sweep workers of this cluster file's cluster (its localWorkers in this process, `flowalp node` processes that join it); same results files",
    };

    public static Option<bool> AllowRemoteOption() => new("--allow-remote")
    {
        Description = "with --cluster: allow remoting to bind a non-loopback host (unauthenticated plaintext, see docs/cluster-security.md)",
    };

    /// <summary>The cluster's nodes in this process, up and ready; null without --cluster.</summary>
    public static async Task<ClusterSweep?> Start(string? file, bool allowRemote)
    {
        if (file is null) return null;
        ClusterSettings settings;
        try { settings = ClusterFile.Load(ShippedFiles.Resolve(file), allowRemote); }
        catch (ClusterSettingsException e) { throw ScenarioException.Argument("cluster", $"{file}: {e.Message}"); }
        if (!settings.BindsLoopback) Console.Error.WriteLine(settings.NonLoopbackWarning);
        LocalCluster cluster;
        try { cluster = await LocalCluster.Start(settings, new EngineSettings(), settings.LocalWorkers, slots => new SweepJobExecutor(slots)); }
        catch (Exception e) when (e is not OperationCanceledException) // e.g. the port is taken: one line, not a stack trace
        { throw ScenarioException.Argument("cluster", $"{file}: cannot start the nodes: {e.GetBaseException().Message}"); }
        int local = cluster.Workers.Count + (cluster.PoolNode.Roles.Contains(ClusterSettings.SweepsRole) ? 1 : 0);
        Console.Error.WriteLine($"cluster: node {cluster.PoolNode.Cluster.SelfAddress} up with {local} local sweep worker(s); runs go to every '{ClusterSettings.SweepsRole}' node of the cluster" +
            (local == 0 ? $"; waiting for one to join (`flowalp node --cluster-config {file}`; Ctrl-C stops)" : ""));
        return new ClusterSweep(cluster);
    }

    public ValueTask DisposeAsync() => _cluster.DisposeAsync();
}

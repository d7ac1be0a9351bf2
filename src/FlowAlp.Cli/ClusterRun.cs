using FlowAlp.Actors.Cluster;
using FlowAlp.Actors.Engine;
using FlowAlp.Simulation.Persistence;
using FlowAlp.Simulation.Running;
using FlowAlp.Simulation.Scenarios;
using FlowAlp.Engine.Loop;

namespace FlowAlp.Cli;

/// <summary>
/// `flowalp run --cluster`: the same run as `flowalp run` with the cluster file's nodes (the pool node on its address
/// and, in this process, its local worker nodes on free loopback ports): same report, same event log. Exit 2 for a bad
/// cluster file ("field: reason"; a non-loopback host without --allow-remote or "allowNonLoopback" is one), a cluster that
/// does not form, or --engine plain (the plain loop has no actors to spread).
/// </summary>
internal static class ClusterRun
{
    public static async Task<int> Run(string path, string? outDir, EngineKind engine, string clusterFile, bool allowRemote, ulong? seed, bool quiet, CancellationToken cancel, string[] sets)
    {
        if (engine == EngineKind.Plain) { Console.Error.WriteLine("--cluster: runs the actor engine; --engine plain cannot be combined with it"); return 2; }
        ClusterSettings settings;
        try { settings = ClusterFile.Load(clusterFile, allowRemote); }
        catch (ClusterSettingsException e) { Console.Error.WriteLine($"cluster {clusterFile}: {e.Message}"); return 2; }
        if (!settings.BindsLoopback) Console.Error.WriteLine(settings.NonLoopbackWarning);
        Scenario s;
        string json, baseDir;
        try { (s, json, baseDir) = RunCommand.Load(path, sets, seed); }
        catch (ScenarioException e) { Console.Error.WriteLine($"scenario {path}: {InputErrors.Line(e)}"); return 2; }

        LocalCluster cluster;
        try { cluster = await LocalCluster.Start(settings, new EngineSettings(s.Threads), settings.LocalWorkers); }
        catch (Exception e) when (e is not OperationCanceledException) // e.g. the port is taken: one line, not a stack trace
        {
            Console.Error.WriteLine($"cluster {clusterFile}: cannot start the nodes: {e.GetBaseException().Message}");
            return 2;
        }
        await using (cluster)
        {
            if (!quiet) Console.Error.WriteLine($"cluster: pool node {cluster.PoolNode.Cluster.SelfAddress} and {cluster.Workers.Count} local worker node(s) up");
            var folder = new RunFolder(outDir ?? s.Outputs.Dir, json, "cluster", baseDir);
            return (await RunExecution.Execute("run", s, folder, engine, quiet, resume: false, fork: null, cancel,
                makeEngine: (setup, log) => new ActorSimulationEngine(cluster.StartEngine(setup, log)))).Code;
        }
    }
}

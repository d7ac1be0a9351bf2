using System.Diagnostics;
using FlowAlp.Actors.Cluster;
using FlowAlp.Actors.Engine;
using FlowAlp.Actors.Pool;
using FlowAlp.Engine.Core;
using FlowAlp.Engine.Loop;
using FlowAlp.Simulation.ReferenceMarket;

namespace FlowAlp.Benchmarks;

/// <summary>
/// `cluster N hours nodes`: the `scale` market (N positions, one-minute ticks, a rebalancer per position every 10 min)
/// run by the single-process actor engine, then in cluster mode on <c>nodes</c> loopback nodes in this process (the
/// pool node plus nodes-1 position nodes; positions are sharding entities, the supervisor a cluster singleton).
/// Prints wall time, position-minutes per second, the cluster/single-process ratio and whether the event logs match.
/// </summary>
public static class ClusterBenchmark
{
    public static async Task<int> Run(int positions, double hours, int nodes, int threads)
    {
        var market = new TickMarket(positions, Seed: 7, Volatility: 0.8, CrashFraction: 0.25, CrashAt: (ulong)(hours * 3600 / 2));
        ulong seconds = (ulong)(hours * 3600);
        long minutes = (long)(seconds / 60);
        Console.WriteLine($"cluster: {positions:N0} positions, {hours} simulated hours of 1-minute ticks, rebalancers every 10 min, " +
                          $"{nodes} node(s) vs one process, {threads} dispatcher threads per node");
        var noLog = new EventLogOptions(Retain: false);
        await WarmUp(nodes, threads, noLog);

        var sw = Stopwatch.StartNew();
        var single = await market.StartActors(new EngineSettings(threads, SystemName: "single", EventLog: noLog));
        double singleSetup = sw.Elapsed.TotalSeconds;
        sw.Restart();
        foreach (var t in market.Ticks(seconds)) await single.Tick(t);
        double singleRun = sw.Elapsed.TotalSeconds;
        var singleLog = await single.EventLog();
        await single.DisposeAsync();
        Report("one process", singleSetup, singleRun, positions, minutes, singleLog.Count);

        sw.Restart();
        var settings = new ClusterSettings(SystemName: "bench", Port: 0);
        var cluster = await LocalCluster.Start(settings, new EngineSettings(threads), workers: nodes - 1);
        var engine = await market.Populate(cluster.StartEngine(market.Setup(), noLog));
        double clusterSetup = sw.Elapsed.TotalSeconds;
        sw.Restart();
        foreach (var t in market.Ticks(seconds)) await engine.Tick(t);
        double clusterRun = sw.Elapsed.TotalSeconds;
        var log = await engine.EventLog();
        var hosted = await cluster.EntitiesPerNode();
        await engine.DisposeAsync();
        Report($"{nodes} node(s)", clusterSetup, clusterRun, positions, minutes, log.Count);

        Console.WriteLine($"position entities per node: {string.Join(" / ", hosted.Select(h => h.ToString("N0")))}");
        Console.WriteLine($"ratio cluster/one process (ticks only): {clusterRun / singleRun:F2}x; event logs identical: {log.Sha256 == singleLog.Sha256}");
        return log.Sha256 == singleLog.Sha256 ? 0 : 1;
    }

    /// <summary>A small run of both engines first, so neither timed run pays for JIT compilation and first-use costs.</summary>
    private static async Task WarmUp(int nodes, int threads, EventLogOptions noLog)
    {
        var small = new TickMarket(200);
        await using (var single = await small.StartActors(new EngineSettings(threads, SystemName: "warm-up", EventLog: noLog)))
            foreach (var t in small.Ticks(1800)) await single.Tick(t);
        var cluster = await LocalCluster.Start(new ClusterSettings(SystemName: "warm-up", Port: 0), new EngineSettings(threads), workers: nodes - 1);
        await using var engine = await small.Populate(cluster.StartEngine(small.Setup(), noLog));
        foreach (var t in small.Ticks(1800)) await engine.Tick(t);
    }

    private static void Report(string name, double setup, double run, int positions, long minutes, int events) =>
        Console.WriteLine($"{name,-12} setup {setup,7:F2} s  ticks {run,8:F2} s  {positions * (double)minutes / run,12:N0} position-minutes/s  {events:N0} events");
}

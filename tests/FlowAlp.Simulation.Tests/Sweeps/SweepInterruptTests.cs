using FlowAlp.Simulation.Tests.RunFolders;
using static FlowAlp.Simulation.Tests.RunFolders.RunFolderKit;

namespace FlowAlp.Simulation.Tests.Sweeps;

/// <summary>
/// Ctrl-C during a sweep or study, on this machine or waiting on a cluster: one line saying it was interrupted, exit
/// 130, no output folder, no internal error. A cluster with no sweep worker says it is waiting for one to join.
/// </summary>
public sealed class SweepInterruptTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("flowalp-sweep-interrupt-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static async Task<(int Code, string Err)> InterruptAfter(CliProcess p, string seen)
    {
        await Until(() => p.ErrSoFar.Contains(seen) || p.HasExited, $"\"{seen}\" on stderr");
        Assert.False(p.HasExited, p.ErrSoFar);
        p.Signal("INT");
        var (code, _, err) = await p.Exit(60);
        return (code, err);
    }

    [Fact]
    public async Task A_local_sweep_interrupted_says_so_and_writes_nothing()
    {
        string output = Path.Combine(_dir, "sweep");
        using var p = CliProcess.Start("sweep", "benchmarks/scenarios/hightide-1h.json", "--seeds", "2000", "--engine", "plain", "--out", output);
        var (code, err) = await InterruptAfter(p, " runs, ");
        Assert.Equal(130, code);
        Assert.Equal("sweep benchmarks/scenarios/hightide-1h.json: interrupted; nothing written", Lines(err)[^1]);
        Assert.DoesNotContain("internal error", err);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public async Task A_cluster_sweep_without_a_worker_waits_for_one_and_stops_on_ctrl_c()
    {
        string cluster = Path.Combine(_dir, "cluster.json"), output = Path.Combine(_dir, "sweep");
        File.WriteAllText(cluster, """{"port": 0, "localWorkers": 0}"""); // a free loopback port; no sweep worker anywhere
        using var p = CliProcess.Start("sweep", "benchmarks/scenarios/hightide-1h.json", "--seeds", "2", "--cluster", cluster, "--out", output);
        var (code, err) = await InterruptAfter(p, "sweep hightide-1h: 2 runs");
        Assert.Contains($"up with 0 local sweep worker(s); runs go to every 'sweeps' node of the cluster; waiting for one to join (`flowalp node --cluster-config {cluster}`; Ctrl-C stops)", err);
        Assert.Equal(130, code);
        // (Akka's remoting can still throw on a thread while the process ends: that neither prints an internal error nor
        // changes the exit code once the command has finished)
        Assert.Equal("sweep benchmarks/scenarios/hightide-1h.json: interrupted; nothing written", Lines(err)[^1]);
        Assert.DoesNotContain("internal error", err);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public async Task A_study_interrupted_says_so_and_writes_nothing()
    {
        string output = Path.Combine(_dir, "study");
        using var p = CliProcess.Start("study", "config/studies/hightide-60min", "--seeds", "400", "--engine", "plain", "--out", output);
        var (code, err) = await InterruptAfter(p, " runs, ");
        Assert.Equal(130, code);
        Assert.Equal("study config/studies/hightide-60min: interrupted; nothing written", Lines(err)[^1]);
        Assert.DoesNotContain("internal error", err);
        Assert.False(Directory.Exists(output));
    }
}

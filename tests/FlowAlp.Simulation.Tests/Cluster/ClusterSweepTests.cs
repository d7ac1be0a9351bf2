using FlowAlp.Actors.Cluster;
using FlowAlp.Engine.Loop;
using FlowAlp.Simulation.Running;
using FlowAlp.Simulation.Sweeps;
using FlowAlp.Simulation.Tests.Scenarios;
using static FlowAlp.Simulation.Tests.RunFolders.RunFolderKit;

namespace FlowAlp.Simulation.Tests.Cluster;

/// <summary>
/// A sweep over the cluster (`flowalp sweep --cluster`) against the same sweep in one process, on loopback nodes in this
/// process: the runs go through the cluster router to the worker nodes' sweep workers and come back in job order, so
/// every run's event log and the runs.csv / sweep.json bytes are the local sweep's; and a worker node that leaves after
/// accepting jobs it never answers has them run on the other node, with the same files.
/// </summary>
public class ClusterSweepTests
{
    private static readonly ClusterSettings Loopback = new(SystemName: "flowalp-sweep-test", Port: 0, Shards: 10);
    private static readonly IReadOnlyList<(string Path, IReadOnlyList<string> Values)> Grid = [("rebalancers.intervalSeconds", ["600", "1200"])];
    /// <summary>The crash scenario cut to 3 hours (the drop included), swept over 2 grid points × 2 seeds.</summary>
    private static readonly string Scenario = FlowAlp.Simulation.Scenarios.ScenarioOverrides.Apply(TestScenarios.Crash, [("durationHours", "3")]);

    private static readonly Lazy<Task<IReadOnlyList<SweepRun>>> Local = new(() => SweepRunner.Run(Scenario, Repo.Root, Grid, 1, 2, 2, EngineKind.Actors));

    /// <summary>runs.csv and sweep.json as a sweep writes them.</summary>
    private static (byte[] Runs, byte[] Sweep) Files(IReadOnlyList<SweepRun> runs)
    {
        string dir = TempRoot();
        try
        {
            SweepRunner.Write(dir, "crash-test", runs);
            return (File.ReadAllBytes(Path.Combine(dir, "runs.csv")), File.ReadAllBytes(Path.Combine(dir, "sweep.json")));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    private static List<string> Hashes(IEnumerable<SweepRun> runs) => runs.Select(r => r.Summary["eventLogSha256"]!.GetValue<string>()).ToList();

    [Fact]
    public async Task A_sweep_over_two_worker_nodes_gives_the_local_sweeps_event_logs_and_files()
    {
        var local = await Local.Value;
        var runners = new List<RecordingSweepRunner>();
        await using var cluster = await LocalCluster.Start(Loopback, new EngineSettings(), workers: 2, slots =>
        {
            var r = new RecordingSweepRunner(slots);
            runners.Add(r);
            return r;
        });
        var runs = await SweepRunner.Run(Scenario, Repo.Root, Grid, 1, 2, 2, EngineKind.Actors, cluster: new SweepDispatch(cluster.PoolNode)).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(4, runs.Count);
        Assert.Equal(Hashes(local), Hashes(runs));
        Assert.Equal(4, Hashes(runs).Distinct().Count()); // two intervals × two seeds: four different runs
        Assert.Equal(local.Select(r => (r.Point, r.Seed, r.Conserved)), runs.Select(r => (r.Point, r.Seed, r.Conserved)));
        var (localCsv, localJson) = Files(local);
        var (clusterCsv, clusterJson) = Files(runs);
        Assert.Equal(localCsv, clusterCsv);
        Assert.Equal(localJson, clusterJson);
        // the pool node has no "sweeps" role: the two workers ran the four jobs, each some
        Assert.Equal(2, runners.Count);
        Assert.Equal([0, 1, 2, 3], runners.SelectMany(r => r.Started).Distinct().Order());
        Assert.All(runners, r => Assert.NotEmpty(r.Started));
    }

    [Fact]
    public async Task A_worker_node_that_leaves_with_accepted_jobs_has_them_run_elsewhere_and_the_files_are_the_same()
    {
        var local = await Local.Value;
        var runners = new List<RecordingSweepRunner>();
        await using var cluster = await LocalCluster.Start(Loopback, new EngineSettings(), workers: 2, slots =>
        {
            var r = new RecordingSweepRunner(slots, hold: runners.Count == 0); // the first worker never finishes a job
            runners.Add(r);
            return r;
        });
        var (leaving, staying) = (runners[0], runners[1]);
        var sweep = SweepRunner.Run(Scenario, Repo.Root, Grid, 1, 2, 2, EngineKind.Actors, cluster: new SweepDispatch(cluster.PoolNode));
        await leaving.FirstStarted.Task.WaitAsync(TimeSpan.FromSeconds(30)); // accepted and running: the sweep waits for it
        Assert.False(sweep.IsCompleted);
        await cluster.Workers[0].Leave();
        var runs = await sweep.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(cluster.Workers[0].System.WhenTerminated.IsCompleted);
        Assert.NotEmpty(leaving.Started);
        // every job the leaving node held ran again on the other one, which so ran all of them
        Assert.Equal([0, 1, 2, 3], staying.Started.Distinct().Order());
        Assert.Equal(Hashes(local), Hashes(runs));
        var (localCsv, localJson) = Files(local);
        var (clusterCsv, clusterJson) = Files(runs);
        Assert.Equal(localCsv, clusterCsv);
        Assert.Equal(localJson, clusterJson);
    }
}

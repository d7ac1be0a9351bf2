using System.Text;
using FlowAlp.Actors.Cluster;
using FlowAlp.Simulation.Running;
using FlowAlp.Simulation.Scenarios;

namespace FlowAlp.Simulation.Sweeps;

/// <summary>
/// A sweep's runs on the cluster (<see cref="SweepRunner.Run"/> with a <see cref="SweepDispatch"/>): one job per run
/// (the grid point's scenario text, the base folder, the seed, the engine), the summaries back in job order as the
/// same <see cref="SweepRun"/>s a local sweep makes, so its files are the same bytes. A run that failed on a worker is
/// the exception a local run would have thrown, naming the worker.
/// </summary>
internal static class SweepCluster
{
    public static async Task<IReadOnlyList<SweepRun>> Run(SweepDispatch cluster,
        IReadOnlyList<(string Label, IReadOnlyList<(string Path, string Value)> Overrides, ulong Seed, string ScenarioJson)> runs,
        string baseDir, EngineKind engine, int inFlight, Action<int, int>? progress, CancellationToken cancel)
    {
        string dir = Path.GetFullPath(baseDir);
        string engineName = engine == EngineKind.Plain ? SweepJob.Plain : SweepJob.Actors;
        var jobs = new List<SweepJob>(runs.Count);
        foreach (var (label, _, seed, json) in runs)
        {
            int bytes = Encoding.UTF8.GetByteCount(json);
            if (bytes > SweepJob.MaxScenarioBytes)
                throw ScenarioException.Argument("cluster", $"the scenario at {label} is {bytes:N0} bytes, over the {SweepJob.MaxScenarioBytes:N0} a cluster job may carry");
            jobs.Add(new SweepJob(jobs.Count, json, dir, seed, engineName));
        }
        IReadOnlyList<SweepJobDone> done;
        try { done = await cluster.Run(jobs, inFlight, progress, cancel); }
        catch (SweepJobException e) when (e.Failed.Field is { } field) { throw new ScenarioException(field, $"{e.Failed.Reason} (on worker {e.Worker})"); }
        catch (SweepJobException e) { throw new SimulationException($"{e.Failed.Reason} (on worker {e.Worker})"); }
        return runs.Select((r, i) => new SweepRun(r.Label, r.Seed, SweepRunner.WorkerSummary(done[i].SummaryJson, r.Label, r.Seed), done[i].Conserved) { Parameters = r.Overrides }).ToList();
    }
}

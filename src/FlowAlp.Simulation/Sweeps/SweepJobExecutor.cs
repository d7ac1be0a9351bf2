using FlowAlp.Actors.Cluster;
using FlowAlp.Simulation.Reports;
using FlowAlp.Simulation.Running;
using FlowAlp.Simulation.Scenarios;

namespace FlowAlp.Simulation.Sweeps;

/// <summary>
/// A cluster node's sweep jobs: the job's scenario parsed as a local sweep parses it (its files read from the job's base
/// folder: the nodes share the checkout), run on one warm <see cref="ActorEngineHost"/> (actors) or the plain loop,
/// answered with summary.json's text and the conservation flag. Bad input on this node (a file it cannot read) and a
/// run the pool refused are <see cref="SweepJobFailed"/>s with the line a local sweep would print.
/// </summary>
public sealed class SweepJobExecutor(int slots) : ISweepJobRunner
{
    private readonly Lock _gate = new();
    private ActorEngineHost? _host;
    private bool _disposed;

    public async Task<ISweepJobOutcome> Run(SweepJob job, CancellationToken cancel)
    {
        try
        {
            var engine = job.Engine == SweepJob.Plain ? EngineKind.Plain : EngineKind.Actors;
            var s = SweepRunner.JobScenario(job.ScenarioJson, job.BaseDir, job.Seed);
            var r = await SimulationRunner.Run(s, engine, cancel: cancel, makeEngine: engine == EngineKind.Actors ? Host().NewEngine : null);
            return new SweepJobDone(job.Index, RunReport.Summary(r).ToJsonString(), SweepRunner.Conserved(r));
        }
        catch (ScenarioException e) { return new SweepJobFailed(job.Index, e.Field, e.Reason); }
        catch (SimulationException e) { return new SweepJobFailed(job.Index, null, e.Message); }
    }

    // made on the first actors job: a node that only runs plain jobs starts no ActorSystem for them
    private ActorEngineHost Host()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _host ??= new ActorEngineHost(Math.Min(slots, Environment.ProcessorCount), "sweep-worker");
        }
    }

    public async ValueTask DisposeAsync()
    {
        ActorEngineHost? host;
        lock (_gate)
        {
            _disposed = true;
            host = _host;
        }
        if (host is not null) await host.DisposeAsync();
    }
}

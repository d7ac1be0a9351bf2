using Akka.Actor;
using FlowAlp.Actors.Engine;
using FlowAlp.Engine.Core;
using FlowAlp.Engine.Loop;
using FlowAlp.Engine.Operations;

namespace FlowAlp.Simulation.Running;

/// <summary>
/// One warm ActorSystem for many runs (a sweep): each run gets a pool supervisor of its own, stopped when the run ends, so
/// runs pay no ActorSystem start or stop. A run's results are those of a run in a system of its own: actors of different
/// runs share nothing but the dispatcher's threads, and results never depend on the thread count.
/// </summary>
public sealed class ActorEngineHost : IAsyncDisposable
{
    private readonly ActorSystem _system;
    private int _runs;

    /// <param name="threads">the shared dispatcher's threads (every run's actors run on them)</param>
    public ActorEngineHost(int threads, string systemName = "flowalp")
    {
        var settings = new EngineSettings(threads, SystemName: systemName);
        settings.Validate();
        _system = ActorSystem.Create(systemName, AkkaConfig.For(settings));
    }

    /// <summary>A new run's engine (<see cref="RunOptions.MakeEngine"/>); it keeps its event log in memory, so <paramref name="log"/> must be null.</summary>
    public ISimulationEngine NewEngine(Script genesis, EventLogOptions? log)
    {
        if (log is not null) throw new ArgumentException("runs on a shared ActorSystem keep their event log in memory (no file, no journal)", nameof(log));
        return ActorSimulationEngine.StartOn(_system, genesis, $"pool-{Interlocked.Increment(ref _runs)}");
    }

    public async ValueTask DisposeAsync() => await _system.Terminate();
}

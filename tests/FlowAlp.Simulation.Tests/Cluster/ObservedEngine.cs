using FlowAlp.Actors.Pool;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Simulation.Running;
using FlowAlp.Engine.Core;

namespace FlowAlp.Simulation.Tests.Cluster;

/// <summary>
/// An engine that forwards everything to the actor engine and lets a test act between ticks (stop a node) and read the
/// position actors just before the engine stops (the runner disposes it at the end of the run).
/// </summary>
internal sealed class ObservedEngine(ActorSimulationEngine inner, Func<int, Task>? afterTick = null, Func<Task>? beforeDispose = null) : DelegatingEngine(inner)
{
    private int _ticks;

    public override async Task<TickDone> Tick(UFix64 time)
    {
        var done = await inner.Tick(time);
        if (afterTick is not null) await afterTick(++_ticks);
        return done;
    }

    public override async ValueTask DisposeAsync()
    {
        if (beforeDispose is not null) await beforeDispose();
        await inner.DisposeAsync();
    }
}

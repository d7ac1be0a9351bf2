using Akka.Actor;
using FlowAlp.Actors.Pool;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Engine.Core;
using FlowAlp.Engine.Loop;
using FlowAlp.Engine.Operations;
using FlowAlp.Engine.World;

namespace FlowAlp.Actors.Engine;

/// <summary>
/// The actor engine as a driver sees it: an ActorSystem with the pool supervisor, and awaitable requests. The
/// timeout on each request is a guard against a hung engine, never a way to wait for work (replies are the barrier).
/// </summary>
public sealed class PoolEngine : IAsyncDisposable
{
    private static readonly TimeSpan Guard = TimeSpan.FromMinutes(10);

    public ActorSystem System { get; }
    public IActorRef Supervisor { get; }

    private readonly bool _ownsSystem;
    private readonly Func<ValueTask>? _dispose;

    private PoolEngine(ActorSystem system, IActorRef supervisor, bool ownsSystem, Func<ValueTask>? dispose = null)
    {
        System = system;
        Supervisor = supervisor;
        _ownsSystem = ownsSystem;
        _dispose = dispose;
    }

    /// <summary>An engine whose supervisor runs elsewhere (a cluster singleton behind its proxy); <paramref name="dispose"/> stops what runs it.</summary>
    public static PoolEngine Attach(ActorSystem system, IActorRef supervisor, Func<ValueTask> dispose) => new(system, supervisor, ownsSystem: false, dispose);

    /// <summary>Starts an engine over the set-up of <paramref name="setup"/> (pool, tokens, prices, wallets). Bad set-up throws <see cref="ScriptFormatException"/> before any actor starts.</summary>
    /// <param name="positions">where position actors live (default: the supervisor's children, woken runs decided by their hosts: <see cref="Positions.LocalPositionDirectory"/>)</param>
    public static PoolEngine Start(Script setup, EngineSettings? settings = null, Positions.PositionDirectoryFactory? positions = null)
    {
        settings ??= new EngineSettings();
        settings.Validate();
        _ = new ScriptWorld(setup with { Steps = Array.Empty<Step>() }); // validates the set-up here, with the field's name
        var system = ActorSystem.Create(settings.SystemName, AkkaConfig.For(settings));
        return new PoolEngine(system, system.ActorOf(PoolSupervisor.Props(setup, settings.EventLog, positions, settings.WakeEveryone), "pool"), ownsSystem: true);
    }

    /// <summary>An engine inside an existing ActorSystem (whose config includes <see cref="AkkaConfig.For"/>), e.g. a TestKit's.</summary>
    public static PoolEngine StartOn(ActorSystem system, Script setup, string name = "pool", bool wakeEveryone = false)
    {
        _ = new ScriptWorld(setup with { Steps = Array.Empty<Step>() });
        return new PoolEngine(system, system.ActorOf(PoolSupervisor.Props(setup, wakeEveryone: wakeEveryone), name), ownsSystem: false);
    }

    /// <summary>An engine that carries on from a captured state (see <see cref="PoolSupervisor"/>'s snapshots); its event log continues per the settings' options.</summary>
    public static PoolEngine Restore(EngineSnapshot snapshot, IReadOnlyList<object> externals, EngineSettings? settings = null)
    {
        settings ??= new EngineSettings();
        settings.Validate();
        var writer = new EventLogWriter(settings.EventLog, snapshot.Log);
        ActorEngineState state;
        try { state = ActorEngineState.Read(snapshot.State, [.. externals, writer]); }
        catch { writer.Dispose(); throw; }
        var system = ActorSystem.Create(settings.SystemName, AkkaConfig.For(settings));
        return new PoolEngine(system, system.ActorOf(PoolSupervisor.Props(state), "pool"), ownsSystem: true);
    }

    /// <summary>The engine's whole state between ticks; <paramref name="externals"/> are the objects a restorer supplies again.</summary>
    public Task<EngineSnapshot> Capture(IReadOnlyList<object> externals) => Ask<EngineSnapshot>(new CaptureState(externals));

    public async Task<T> Ask<T>(object message)
    {
        var reply = await Supervisor.Ask<object>(message, Guard);
        return reply switch
        {
            Status.Failure f => throw f.Cause,
            T t => t,
            _ => throw new InvalidOperationException($"unexpected reply {reply.GetType().Name} to {message.GetType().Name}"),
        };
    }

    public async Task<OperationOutcome> Step(Step step) => (await Ask<ScriptStepDone>(new RunScriptStep(step))).Outcome;
    public Task<TickDone> Tick(UFix64 time) => Ask<TickDone>(new Tick(time));
    public Task<EventLog> EventLog() => Ask<EventLog>(new GetEventLog());

    public async ValueTask DisposeAsync()
    {
        if (_dispose is not null) await _dispose();
        else if (_ownsSystem) await System.Terminate();
        else await Supervisor.GracefulStop(Guard);
    }
}

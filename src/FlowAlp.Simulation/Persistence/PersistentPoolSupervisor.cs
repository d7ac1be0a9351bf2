using System.Text.Json.Nodes;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using FlowAlp.Actors.Pool;
using FlowAlp.Scripting;
using FlowAlp.Simulation.Running;

namespace FlowAlp.Simulation.Persistence;

/// <summary>A protocol-script step as its JSON (the form the persistent pool journals); replies <see cref="ScriptStepDone"/>.</summary>
public sealed record RunScriptStepJson(string Step);
/// <summary>Fault injection: the persistent pool throws on this message, so its parent restarts it (and it recovers from its journal).</summary>
public sealed record CrashPersistentPool;
/// <summary>A command the pool accepted, with the event log's length and SHA-256 after it (journaled).</summary>
public sealed record PoolCommandJournaled(string Command, int EventCount, string LogSha256) : IPersistedEvent;

/// <summary>
/// An event-sourced pool: a <see cref="PoolSupervisor"/> child behind a persistent actor that journals every command the
/// pool accepted (script steps, ticks, rebalancer and connector configuration; see <see cref="PoolCommandCodec"/>) with the
/// event log's length and SHA-256 after it. The engine is deterministic, so on restart (or in a new process) the actor
/// recovers by replaying the journaled commands into a fresh supervisor and checking every hash; until that is done,
/// commands wait; a mismatch refuses every later command with the reason. Queries (event log, metrics, outcomes,
/// invariants, position actors) go straight to the supervisor. A command's reply is sent once it is journaled; a
/// rejected command (Status.Failure, state unchanged) is not journaled.
/// </summary>
public sealed class PersistentPoolSupervisor : ReceivePersistentActor
{
    private enum Mode { Recovering, Replaying, Ready, Awaiting, Failed }

    private readonly PoolCommandCodec _codec;
    private readonly List<PoolCommandJournaled> _replay = new();
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private IActorRef _pool = ActorRefs.Nobody;
    private Mode _mode = Mode.Recovering;
    private int _verified;
    private string? _failure;
    private (IActorRef Client, string Command, object? Reply) _pending;

    public override string PersistenceId { get; }
    private readonly bool _wakeEveryone;

    /// <param name="setupJson">the pool's set-up as a protocol script (its steps, if any, are ignored: steps come as commands)</param>
    /// <param name="wakeEveryone">naive mode for the pool inside (every due run reaches its position; see EngineSettings.WakeEveryone)</param>
    public PersistentPoolSupervisor(string persistenceId, string setupJson, bool wakeEveryone = false)
    {
        PersistenceId = persistenceId;
        _wakeEveryone = wakeEveryone;
        _codec = new PoolCommandCodec(setupJson);
        Recover<PoolCommandJournaled>(e => _replay.Add(e));
        Recover<RecoveryCompleted>(_ => StartReplay());
        CommandAny(Dispatch);
    }

    private void StartReplay()
    {
        _pool = Context.ActorOf(PoolSupervisor.Props(_codec.Setup, wakeEveryone: _wakeEveryone), "pool");
        if (_replay.Count == 0) { _mode = Mode.Ready; return; }
        _mode = Mode.Replaying;
        foreach (var e in _replay)
        {
            _pool.Tell(_codec.Decode(JsonNode.Parse(e.Command)!.AsObject()));
            _pool.Tell(new TakeStepLog());
        }
    }

    private void Dispatch(object m)
    {
        if (m is CrashPersistentPool) throw new InvalidOperationException("persistent pool: injected crash");
        bool fromPool = Sender.Equals(_pool);
        switch (_mode)
        {
            case Mode.Replaying when fromPool:
                if (m is StepLog log) Verify(log);
                break;
            case Mode.Awaiting when fromPool:
                if (m is StepLog done) Complete(done);
                else _pending.Reply = m;
                break;
            case not Mode.Recovering when fromPool:
                break; // a late reply of a replay that failed
            case Mode.Replaying or Mode.Awaiting or Mode.Recovering:
                Stash.Stash();
                break;
            case Mode.Failed:
                Sender.Tell(new Status.Failure(new SimulationException(_failure!)));
                break;
            case Mode.Ready:
                Handle(m);
                break;
        }
    }

    private void Verify(StepLog log)
    {
        var want = _replay[_verified];
        if (want.EventCount != log.Count || want.LogSha256 != log.Sha256)
        {
            _failure = $"pool journal: command {_verified + 1} does not replay to its journaled state (journal: {want.EventCount} events, {want.LogSha256[..12]}…; now: {log.Count}, {log.Sha256[..12]}…)";
            _log.Error("{Reason}", _failure);
            _mode = Mode.Failed;
            _replay.Clear();
            Stash.UnstashAll();
            return;
        }
        if (++_verified < _replay.Count) return;
        _replay.Clear();
        _mode = Mode.Ready;
        Stash.UnstashAll();
    }

    private void Handle(object m)
    {
        if (m is RunScriptStep)
        {
            Sender.Tell(new Status.Failure(new ArgumentException("command: send RunScriptStepJson to the persistent pool (it journals the step's JSON)")));
            return;
        }
        JsonObject? command;
        object message;
        try
        {
            command = PoolCommandCodec.Encode(m);
            if (command is null)
            {
                if (m is GetEventLog or GetMetrics or GetOutcomes or FlowAlp.Actors.Chaos.CheckInvariants or GetPositionActor) _pool.Forward(m);
                else Sender.Tell(new Status.Failure(new ArgumentException($"command: {m.GetType().Name} is not journaled by the persistent pool")));
                return;
            }
            message = _codec.Decode(command);
        }
        catch (Exception e) when (e is ScriptFormatException or System.Text.Json.JsonException or ArgumentException or FormatException)
        {
            Sender.Tell(new Status.Failure(e));
            return;
        }
        _pending = (Sender, command.ToJsonString(), null);
        _mode = Mode.Awaiting;
        _pool.Tell(message);
        _pool.Tell(new TakeStepLog());
    }

    private void Complete(StepLog log)
    {
        var (client, command, reply) = _pending;
        _pending = default;
        _mode = Mode.Ready;
        if (reply is Status.Failure)
            client.Tell(reply); // refused, nothing changed: not journaled
        else
            Persist(new PoolCommandJournaled(command, log.Count, log.Sha256), _ => client.Tell(reply!));
        Stash.UnstashAll();
    }

    /// <summary>
    /// A supervisor that fails has lost state it cannot rebuild by itself (a restart would start it from the set-up), so
    /// the failure escalates: this actor restarts and replays its journal into a fresh supervisor.
    /// </summary>
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ => Directive.Escalate);

    public static Props Props(string persistenceId, string setupJson, bool wakeEveryone = false) =>
        Akka.Actor.Props.Create(() => new PersistentPoolSupervisor(persistenceId, setupJson, wakeEveryone));
}

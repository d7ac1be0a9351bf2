using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using FlowAlp.Actors.Engine;
using FlowAlp.Actors.Pool;
using FlowAlp.Scripting;
using FlowAlp.Simulation.Running;
using FlowAlp.Engine.Core;
using FlowAlp.Engine.Loop;
using FlowAlp.Engine.Operations;
using FlowAlp.Engine.Oracles;
using FlowAlp.Engine.Snapshots;
using FlowAlp.Engine.World;

namespace FlowAlp.Simulation.Persistence;

/// <summary>A protocol-script step as its JSON (the form the persistent pool journals); replies <see cref="ScriptStepDone"/>.</summary>
public sealed record RunScriptStepJson(string Step);
/// <summary>Fault injection: the persistent pool throws on this message, so its parent restarts it (and it recovers from its journal).</summary>
public sealed record CrashPersistentPool;
/// <summary>A command the pool accepted, with the event log's length and SHA-256 after it (journaled).</summary>
public sealed record PoolCommandJournaled(string Command, int EventCount, string LogSha256) : IPersistedEvent;
/// <summary>The pool's whole state (an <see cref="EngineSnapshot"/> as ObjectGraph bytes) in the snapshot store.</summary>
public sealed record PoolSnapshotStored(byte[] Bytes) : IPersistedEvent;

/// <summary>
/// An event-sourced pool: a <see cref="PoolSupervisor"/> child behind a persistent actor that journals every command the
/// pool accepted (script steps, ticks, rebalancer and connector configuration; see <see cref="PoolCommandCodec"/>) with the
/// event log's length and SHA-256 after it. The engine is deterministic, so on restart (or in a new process) the actor
/// recovers by replaying the journaled commands into a fresh supervisor and checking every hash; until that is done,
/// commands wait; a mismatch refuses every later command with the reason. Queries (event log, metrics, outcomes,
/// invariants, position actors) go straight to the supervisor. A command's reply is sent once it is journaled; a
/// rejected command (Status.Failure, state unchanged) is not journaled. Configuration the journal has no JSON for (an
/// oracle with its price path, a liquidator, the DEX's pools, a fault, strategy liquidity, vaults) is made durable by a
/// state snapshot of the whole pool taken right after it (the reply waits for it); recovery then starts from the latest
/// snapshot and replays only the commands after it.
/// </summary>
public sealed class PersistentPoolSupervisor : ReceivePersistentActor
{
    private enum Mode { Recovering, Replaying, Ready, Awaiting, Capturing, Saving, Failed }

    private readonly PoolCommandCodec _codec;
    private readonly List<PoolCommandJournaled> _replay = new();
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private IActorRef _pool = ActorRefs.Nobody;
    private Mode _mode = Mode.Recovering;
    private int _verified;
    private string? _failure;
    private (IActorRef Client, string? Command, object? Reply) _pending;
    private byte[]? _snapshot;

    public override string PersistenceId { get; }
    private readonly bool _wakeEveryone;

    /// <param name="setupJson">the pool's set-up as a protocol script (its steps, if any, are ignored: steps come as commands)</param>
    /// <param name="wakeEveryone">naive mode for the pool inside (every due run reaches its position; see EngineSettings.WakeEveryone)</param>
    public PersistentPoolSupervisor(string persistenceId, string setupJson, bool wakeEveryone = false)
    {
        PersistenceId = persistenceId;
        _wakeEveryone = wakeEveryone;
        _rowsRefused = JournalRowCheck.ForSystem(Context.System, persistenceId);
        _codec = new PoolCommandCodec(setupJson);
        Recover<PoolCommandJournaled>(e => _replay.Add(e));
        Recover<SnapshotOffer>(o => _snapshot = ((PoolSnapshotStored)o.Snapshot).Bytes);
        Recover<RecoveryCompleted>(_ => StartReplay());
        CommandAny(Dispatch);
    }

    /// <summary>The journal's rows are untrusted: recovery reads none of them unless every one is FlowAlp's own (see <see cref="JournalRowCheck"/>).</summary>
    private readonly string? _rowsRefused;

    public override Recovery Recovery => _rowsRefused is null ? base.Recovery : Recovery.None;

    private void StartReplay()
    {
        if (_rowsRefused is { } refused) { Fail($"pool journal: {refused}"); return; }
        if (_snapshot is { } bytes)
        {
            try
            {
                var snap = ObjectGraph.Read<EngineSnapshot>(bytes);
                var writer = new EventLogWriter(null, snap.Log);
                _pool = Context.ActorOf(PoolSupervisor.Props(ActorEngineState.Read(snap.State, [writer])), "pool");
            }
            catch (Exception e) when (e is SnapshotException or InvalidDataException)
            {
                Fail($"pool journal: its state snapshot cannot be restored ({e.Message})");
                return;
            }
        }
        else _pool = Context.ActorOf(PoolSupervisor.Props(_codec.Setup, wakeEveryone: _wakeEveryone), "pool");
        if (_replay.Count == 0) { _mode = Mode.Ready; return; }
        _mode = Mode.Replaying;
        foreach (var e in _replay)
        {
            object command;
            try { command = _codec.Decode(e.Command); }
            catch (Exception x) when (x is System.Text.Json.JsonException or FormatException or OverflowException or InvalidOperationException or ArgumentException or ScriptFormatException)
            {
                Fail($"pool journal: a journaled command cannot be read ({x.Message.Split('\n')[0]})");
                return;
            }
            _pool.Tell(command);
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
            case Mode.Capturing when fromPool:
                if (m is EngineSnapshot captured)
                {
                    _mode = Mode.Saving;
                    SaveSnapshot(new PoolSnapshotStored(ObjectGraph.Write(captured)));
                }
                else NotDurable(m is Status.Failure f ? f.Cause.Message : m.GetType().Name);
                break;
            case Mode.Saving when m is SaveSnapshotSuccess:
                Reply(_pending.Client, _pending.Reply!);
                break;
            case Mode.Saving when m is SaveSnapshotFailure sf:
                NotDurable(sf.Cause.Message.Split('\n')[0]);
                break;
            case not Mode.Recovering when fromPool:
                break; // a late reply of a replay that failed
            case Mode.Replaying or Mode.Awaiting or Mode.Recovering or Mode.Capturing or Mode.Saving:
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
            Fail($"pool journal: command {_verified + 1} does not replay to its journaled state (journal: {want.EventCount} events, {want.LogSha256[..Math.Min(12, want.LogSha256.Length)]}…; now: {log.Count}, {log.Sha256[..12]}…)");
            return;
        }
        if (++_verified < _replay.Count) return;
        _replay.Clear();
        _mode = Mode.Ready;
        Stash.UnstashAll();
    }

    /// <summary>The journal cannot rebuild the pool: every command waiting, and every later one, is refused with the reason.</summary>
    private void Fail(string reason)
    {
        _failure = reason;
        _log.Error("{Reason}", reason);
        _mode = Mode.Failed;
        _replay.Clear();
        Stash.UnstashAll();
    }

    private void Handle(object m)
    {
        if (m is RunScriptStep)
        {
            Sender.Tell(new Status.Failure(new ArgumentException("command: send RunScriptStepJson to the persistent pool (it journals the step's JSON)")));
            return;
        }
        string? command;
        object message;
        try
        {
            command = PoolCommandCodec.Encode(m);
            if (command is null)
            {
                if (m is GetEventLog or GetMetrics or GetOutcomes or FlowAlp.Engine.Chaos.CheckInvariants or GetPositionActor) _pool.Forward(m);
                else if (DurableBySnapshot(m))
                {
                    _pending = (Sender, null, null);
                    _mode = Mode.Awaiting;
                    _pool.Tell(m);
                    _pool.Tell(new TakeStepLog());
                }
                else Sender.Tell(new Status.Failure(new ArgumentException($"command: {m.GetType().Name} is not journaled by the persistent pool")));
                return;
            }
            message = _codec.Decode(command);
        }
        catch (Exception e) when (e is ScriptFormatException or System.Text.Json.JsonException or ArgumentException or FormatException or OverflowException)
        {
            Sender.Tell(new Status.Failure(e));
            return;
        }
        _pending = (Sender, command, null);
        _mode = Mode.Awaiting;
        _pool.Tell(message);
        _pool.Tell(new TakeStepLog());
    }

    /// <summary>Configuration the journal has no JSON form for: made durable by a snapshot of the whole pool.</summary>
    private static bool DurableBySnapshot(object m) => m is AddOracle or AddLiquidator or UseDex or FlowAlp.Engine.Chaos.InjectFault
        or AddStrategyLiquidity or AddStrategyConcentratedLiquidity or AddYieldVault or AddDexLiquidity;

    private void Complete(StepLog log)
    {
        var (client, command, reply) = _pending;
        if (reply is Status.Failure) { Reply(client, reply); return; } // refused, nothing changed: not journaled
        if (command is null)
        {
            _mode = Mode.Capturing; // the reply waits until the snapshot holding this change is stored
            _pool.Tell(new CaptureState([]));
            return;
        }
        _pending = default;
        _mode = Mode.Ready;
        Persist(new PoolCommandJournaled(command, log.Count, log.Sha256), _ => client.Tell(reply!));
        Stash.UnstashAll();
    }

    private void Reply(IActorRef client, object reply)
    {
        _pending = default;
        _mode = Mode.Ready;
        client.Tell(reply);
        Stash.UnstashAll();
    }

    /// <summary>The change was applied but its snapshot could not be taken or stored: a crash would lose it, and the client is told so.</summary>
    private void NotDurable(string reason) =>
        Reply(_pending.Client, new Status.Failure(new SimulationException($"pool journal: the change was applied but could not be made durable ({reason})")));

    /// <summary>
    /// A supervisor that fails has lost state it cannot rebuild by itself (a restart would start it from the set-up), so
    /// the failure escalates: this actor restarts and replays its journal into a fresh supervisor.
    /// </summary>
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ => Directive.Escalate);

    public static Props Props(string persistenceId, string setupJson, bool wakeEveryone = false) =>
        Akka.Actor.Props.Create(() => new PersistentPoolSupervisor(persistenceId, setupJson, wakeEveryone));
}

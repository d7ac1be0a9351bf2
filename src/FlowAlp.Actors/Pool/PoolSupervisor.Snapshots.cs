using Akka.Actor;
using FlowAlp.Actors.Dex;
using FlowAlp.Actors.Engine;
using FlowAlp.Actors.Liquidation;
using FlowAlp.Actors.Oracles;
using FlowAlp.Actors.Positions;
using FlowAlp.Actors.Rebalancing;
using FlowAlp.Engine.Core;
using FlowAlp.Engine.Dex;
using FlowAlp.Engine.Liquidation;
using FlowAlp.Engine.Loop;
using FlowAlp.Engine.Oracles;
using FlowAlp.Engine.Positions;
using FlowAlp.Engine.Rebalancing;
using FlowAlp.Engine.Snapshots;

namespace FlowAlp.Actors.Pool;

/// <summary>
/// Asks for the engine's whole state between ticks (<see cref="EngineSnapshot"/>); <paramref name="Externals"/> are the
/// objects the driver will supply again on restore (the price paths it gave the oracles). In-process only.
/// </summary>
public sealed record CaptureState(IReadOnlyList<object> Externals);

/// <summary>
/// Everything the actor engine holds at a step boundary: the core (pool, wallets, due list, log position), each
/// oracle's feed, each liquidator's memory, the cron's schedule, the DEX's pools, each rebalancer actor's record, and the
/// supervisor's counters. Position actors are not in it: their replicas are re-read from the pool when they start.
/// </summary>
public sealed class ActorEngineState
{
    // the actor host's own types (this state, its actors' records) are snapshot state too: allowed before any write or read
    static ActorEngineState() => SnapshotRegistry.AllowAssembly(typeof(ActorEngineState).Assembly);

    /// <summary>Reads a state written by the supervisor (the static constructor has allowed this assembly first).</summary>
    public static ActorEngineState Read(byte[] state, IReadOnlyList<object> externals) => ObjectGraph.Read<ActorEngineState>(state, externals);

    public required PoolCore Core { get; init; }
    public required SortedDictionary<string, OracleFeed> Feeds { get; init; }
    public required SortedDictionary<string, (string Account, ushort DiscountBps, LiquidatorActor.Memory Memory)> Liquidators { get; init; }
    public CronSchedule? Cron { get; init; }
    public ConstantProductAmm? Dex { get; init; }
    public required List<RebalancerState> Rebalancers { get; init; }
    /// <summary>Each position actor's decision count (a statistic the actor keeps), by position.</summary>
    public required long[] Decisions { get; init; }
    public long Tick { get; init; }
    public long Resent { get; init; }
    public long DuplicatesIgnored { get; init; }
    public long NoticesIgnored { get; init; }
    public long ChildRestarts { get; init; }
    /// <summary>Each pool keeper's memory, by name (empty without keepers).</summary>
    public SortedDictionary<string, FlowAlp.Engine.Keepers.KeeperMemory> Keepers { get; init; } = new(StringComparer.Ordinal);
}

/// <summary>
/// State snapshots: the supervisor is the one place that sees a consistent cut of the engine (between ticks, when every
/// child has answered its barrier), so it captures the whole engine and a restored supervisor restarts every child
/// from it. The rebalancers' records are read from their rows, or asked of the rebalancer actors that live now (answered
/// in order after the outcomes they have been sent); the positions' decision counts are the directory's.
/// </summary>
public sealed partial class PoolSupervisor
{
    private List<RebalancerState>? _records;
    private long[]? _decisions;
    private int _recordsAwaited;
    private CaptureState? _capture;
    private IActorRef? _captureReplyTo;

    private void ReceiveSnapshots()
    {
        Receive<CaptureState>(m => WhenIdle(m, () => StartCapture(m)));
        Receive<RebalancerState>(r =>
        {
            if (_records is null) return;
            _records.Add(r);
            if (--_recordsAwaited == 0) FinishCapture();
        });
    }

    private void StartCapture(CaptureState m)
    {
        string? refused = _positions is not LocalPositionDirectory ? "state snapshots need the single-process engine (a cluster run's positions live on other nodes)"
            : _dex is not null && _dexAmm is null ? "the DEX was handed to the engine without its pools, so its state cannot be captured"
            : _submitted.Count > 0 ? "manual liquidation offers are waiting for the next tick"
            : null;
        if (refused is not null) { Sender.Tell(new Status.Failure(new SnapshotException(refused))); return; }
        _busy = true;
        _capture = m;
        _captureReplyTo = Sender;
        EnsurePositionActors();
        var directory = (LocalPositionDirectory)_positions;
        _records = new List<RebalancerState>(_rebalancers.Count);
        _decisions = new long[_positions.Count];
        for (long p = 0; p < _decisions.Length; p++) _decisions[p] = directory.Decisions(p);
        var live = _rebalancers.Ids().Where(_rebalancers.IsLive).ToList();
        foreach (var id in _rebalancers.Ids()) if (!_rebalancers.IsLive(id)) _records.Add(_rebalancers.State(id));
        _recordsAwaited = live.Count;
        if (_recordsAwaited == 0) { FinishCapture(); return; }
        foreach (var id in live) _rebalancers.Tell(id, new GetRebalancerState(), Self);
    }

    private void FinishCapture()
    {
        var replyTo = _captureReplyTo!;
        try
        {
            var state = new ActorEngineState
            {
                Core = _core,
                Feeds = _feeds,
                Liquidators = _liquidatorStates,
                Cron = _cronSchedule,
                Dex = _dexAmm,
                Rebalancers = _records!.OrderBy(r => r.Id).ToList(),
                Decisions = _decisions!,
                Tick = _tick,
                Resent = _resent,
                DuplicatesIgnored = _duplicatesIgnored,
                NoticesIgnored = _noticesIgnored,
                ChildRestarts = _childRestarts,
                Keepers = _keeperMemories,
            };
            var log = _core.Log.Checkpoint();
            replyTo.Tell(new EngineSnapshot(ObjectGraph.Write(state, [.. _capture!.Externals, _core.Log]), log));
        }
        catch (Exception e) { replyTo.Tell(new Status.Failure(e)); }
        finally
        {
            _records = null;
            _decisions = null;
            _capture = null;
            _captureReplyTo = null;
            EndBusy();
        }
    }

    /// <summary>A supervisor that carries on from a captured state: every child is started again from its part of it.</summary>
    public PoolSupervisor(ActorEngineState s) : this(s.Core, directory: null)
    {
        foreach (var (token, feed) in s.Feeds) StartOracle(token, feed);
        foreach (var (name, (account, bps, memory)) in s.Liquidators) StartLiquidator(name, account, bps, memory);
        if (s.Cron is { } cron) StartCron(cron);
        foreach (var (name, memory) in s.Keepers) StartKeeper(name, memory);
        if (s.Dex is { } amm)
        {
            _dexAmm = amm;
            _dex = Context.ActorOf(DexActor.Props(amm).WithDispatcher(AkkaConfig.Dispatcher), "dex");
        }
        foreach (var r in s.Rebalancers)
        {
            if (_core.Schedule.ById(r.Id) is null) throw new SnapshotException($"rebalancer {r.Id}: in the snapshot's records but not booked");
            _rebalancers.Restore(r); // passive: a row, made into an actor when a message must reach it
        }
        (_tick, _resent, _duplicatesIgnored, _noticesIgnored, _childRestarts) = (s.Tick, s.Resent, s.DuplicatesIgnored, s.NoticesIgnored, s.ChildRestarts);
        EnsurePositionActors();
        for (long p = 0; p < s.Decisions.Length && p < _positions.Count; p++)
            if (s.Decisions[p] != 0) _positions.Tell(p, new RestoreDecisions(s.Decisions[p]), Self);
    }

    public static Props Props(ActorEngineState state) =>
        Akka.Actor.Props.Create(() => new PoolSupervisor(state)).WithDispatcher(AkkaConfig.Dispatcher);
}

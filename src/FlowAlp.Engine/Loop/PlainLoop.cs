using FlowAlp.Protocol.Numerics;
using FlowAlp.Engine.Core;
using FlowAlp.Engine.Dex;
using FlowAlp.Engine.Liquidation;
using FlowAlp.Engine.Operations;
using FlowAlp.Engine.Oracles;
using FlowAlp.Engine.Positions;
using FlowAlp.Engine.Rebalancing;
using FlowAlp.Engine.World;

namespace FlowAlp.Engine.Loop;

/// <summary>
/// The same engine with no actors: one thread calls <see cref="PoolCore"/> in the order the supervisor's barriers
/// impose (prices, all rebalancers decide on the block's snapshots, then apply by due time and id; the cron; all
/// liquidators offer on one DEX view, then apply in canonical order). It is the baseline the actor engine is
/// benchmarked against and must equal event for event.
/// </summary>
public sealed partial class PlainLoop
{
    private readonly PoolCore _core;
    private readonly SortedDictionary<string, OracleFeed> _feeds = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, (string Account, ushort DiscountBps, LatencyFilter Latency)> _liquidators = new(StringComparer.Ordinal);
    private ConstantProductAmm? _dex;
    private CronSchedule? _cron;
    private UFix64 _liquidatorsAbsentUntil = UFix64.Zero;
    private SortedDictionary<string, Keepers.KeeperMemory>? _keepers;

    /// <param name="wakeEveryone">true (the default): the naive baseline, every due position decides on a snapshot and every
    /// position is screened exactly; false: the same screen of who must act as the actor engine</param>
    public PlainLoop(Script setup, EventLogOptions? log = null, bool wakeEveryone = true) => _core = new PoolCore(setup, log, wakeEveryone);

    public PoolCore Core => _core;

    /// <summary>The loop's whole state (between ticks); <paramref name="externals"/> are objects the restorer supplies again (the price paths).</summary>
    public EngineSnapshot Capture(IReadOnlyList<object> externals)
    {
        var log = _core.Log.Checkpoint();
        return new EngineSnapshot(Snapshots.ObjectGraph.Write(this, [.. externals, _core.Log]), log);
    }

    /// <summary>A loop that carries on from <paramref name="snapshot"/>, its event log continuing per <paramref name="log"/> (this process's file).</summary>
    public static PlainLoop Restore(EngineSnapshot snapshot, IReadOnlyList<object> externals, EventLogOptions? log)
    {
        var writer = new EventLogWriter(log, snapshot.Log);
        try { return Snapshots.ObjectGraph.Read<PlainLoop>(snapshot.State, [.. externals, writer]); }
        catch { writer.Dispose(); throw; }
    }

    public OperationOutcome Step(Step step) => _core.ApplyScriptStep(step);
    public void AddOracle(string token, IPricePath path, UFix64? staleThreshold = null) => _feeds.Add(token, new OracleFeed(token, path, staleThreshold));
    public void AddOracle(AddOracle m) => _feeds.Add(m.Token, m.Feed());
    public void AddLiquidator(string name, string account, ushort discountBps = 50, ulong latencySeconds = 0) =>
        _liquidators.Add(name, (account, discountBps, new LatencyFilter(latencySeconds)));
    public void UseDex(ConstantProductAmm dex) => _dex = dex;
    public void SetTopUpSource(long position, Connectors.ConnectorSpec? source) => _core.PositionConnectors.SetTopUpSource(position, source);
    public void SetDrawDownSink(long position, Connectors.ConnectorSpec? sink) => _core.PositionConnectors.SetDrawDownSink(position, sink);

    /// <summary>The yield token's market (<see cref="PoolCore.SetYieldTokenMarket"/>); its keepers, if any, decide in this loop.</summary>
    public void SetYieldTokenMarket(Keepers.YieldTokenMarket market)
    {
        _core.SetYieldTokenMarket(market);
        if (market.Keepers is not { } k) return;
        _keepers = new SortedDictionary<string, Keepers.KeeperMemory>(StringComparer.Ordinal);
        for (int i = 0; i < k.Count; i++) _keepers[Keepers.KeeperSettings.NameOf(i)] = Keepers.KeeperMemory.Start(k, i, _core.Now);
    }

    public void AddRebalancer(long position, RebalancerSpec spec)
    {
        _core.Schedule.Add(position, spec);
        _cron?.Register(position);
    }

    public void EnableRebalanceSupervisor(ulong cronSeconds = 3600)
    {
        _cron ??= new CronSchedule(cronSeconds, _core.Now);
        foreach (var p in _core.Schedule.RebalancedPositions) _cron.Register(p);
    }

    /// <summary>Applies a chaos fault to the loop's own objects or the core (Chaos/PlainLoopChaos.cs): the same effects as the supervisor's.</summary>
    public string Inject(Chaos.FaultAction a) => Chaos.ChaosControls.Inject(new ChaosHost(this), a);

    public List<string> CheckInvariants() => _core.CheckInvariants();

    public TickDone Tick(UFix64 time)
    {
        _core.BeginTick(time);
        var faults = _core.Messages;
        var reports = new List<PriceReport>(_feeds.Count);
        foreach (var feed in _feeds.Values)
        {
            if (faults.IsEmpty) { reports.Add(new PriceReport(0, feed.Token, feed.Read(time), feed.ChaosRejection)); continue; }
            // the oracle reads once per request it receives (every attempt); only a delivered report counts
            var d = faults.Plan(null, Chaos.MessageKind.PriceReport, time, -1, feed.Token);
            UFix64? price = null;
            for (int a = 0; a < d.Attempts; a++) price = feed.Read(time);
            if (_core.LogDelivery("PriceReport", ("token", feed.Token), d)) reports.Add(new PriceReport(0, feed.Token, price, feed.ChaosRejection));
        }
        _core.ApplyPrices(reports);

        var due = _core.Schedule.TakeDue();
        // message faults act on every due run's messages, so while any is active no run is decided quietly (as in the supervisor)
        var screen = faults.IsEmpty ? _core.Screen() : null;
        // every run decides before any applies, so the pool is unchanged meanwhile: the tokens are snapshotted once for all
        // (on the first run that is not quiet) and each position's snapshot is built from them, with no probe per position
        Protocol.Health.SharedTokenMaps? tokens = null;
        var decisions = new bool[due.Count];
        var nexts = new UFix64[due.Count];
        for (int i = 0; i < due.Count; i++)
        {
            var b = due[i];
            if (!_core.Schedule.IsQuiet(screen, b))
                decisions[i] = RunDecision.Decide(_core.Pool.TrySnapshotOf(b.Position, tokens ??= new(_core.Pool.TokenSnapshots())), b.Spec.Force).Needed;
        }
        for (int i = 0; i < due.Count; i++) nexts[i] = _core.NextRunIfPaid(due[i]);
        for (int i = 0; i < due.Count; i++)
        {
            if (!faults.IsEmpty)
            {
                var d = faults.Plan(Chaos.MessageKind.RebalanceDue, Chaos.MessageKind.RebalancerReady, time, due[i].Position, null);
                if (!_core.LogDelivery("RebalanceDue", ("rebalancer", due[i].Id), d)) { _core.SettleUndeliveredRun(due[i], d); continue; }
            }
            _core.ApplyRebalancerRun(due[i].Id, decisions[i], nexts[i]);
        }

        if (_cron?.Due(time) is { } registered) _cron.Prune(_core.Schedule.ApplyCron(registered).Pruned);

        if (_keepers is not null && _core.Keepers is { } keepers)
        {
            var seen = keepers.Observe();
            keepers.Apply(_keepers.Select(k => (k.Key, k.Value.Observe(seen, keepers.Settings))).ToList());
        }

        if (_liquidators.Count > 0 && _dex is not null) Liquidate(time);
        _core.EndTick();
        var c2 = _core.Counters;
        return new TickDone(time, c2.Rebalances, c2.FailedSchedules, c2.LiquidationsApplied, c2.LiquidationsRejected, _core.Log.Count, c2.QuietRuns);
    }
}

using FlowAlp.Protocol;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Protocol.Positions;
using FlowAlp.Engine.Operations;
using FlowAlp.Engine.Oracles;
using FlowAlp.Engine.World;

namespace FlowAlp.Engine.Core;

/// <summary>
/// The pool supervisor's state and its mutations, with no actors: a façade over the world (pool, oracle, wallets), the
/// event log and the parts that each own one job: <see cref="Schedule"/> (paid rebalancers, due list, fees),
/// <see cref="Liquidations"/> (candidates, offers), <see cref="Strategies"/> (strategy DEX, vaults, LP positions),
/// <see cref="PositionConnectors"/> (topUpSource / drawDownSink), <see cref="Metrics"/> (counters, samples,
/// conservation) and the chaos controls (PoolCore.Chaos.cs, PoolCore.RebalancerFaults.cs, PoolCore.Messages.cs). Here
/// stay the steps that span parts: script steps, the tick's start and end, prices, a rebalancer run.
/// The supervisor actor calls these between its barriers; the plain single-threaded loop (the baseline the engine is
/// measured and checked against) calls the same methods in the same order, so the two must produce byte-identical event logs.
/// </summary>
public sealed partial class PoolCore
{
    private readonly OperationRunner _runner;

    public EventLogWriter Log { get; }
    public ScriptWorld World => _runner.World;
    public Protocol.Pool Pool => _runner.World.Pool;
    public UFix64 Now => Pool.Now;

    /// <summary>
    /// Naive mode: every due rebalancer's position decides and every position is screened exactly for liquidation.
    /// Otherwise only who must act is woken (<see cref="Protocol.Pool.CertainlyBalanced"/>); the event logs are equal.
    /// </summary>
    public bool WakeEveryone { get; }

    public PoolMetrics Metrics { get; }
    public RebalanceSchedule Schedule { get; }
    public LiquidationDesk Liquidations { get; }
    public StrategyBook Strategies { get; }
    public PositionConnectors PositionConnectors { get; }

    /// <summary>This tick's counts so far.</summary>
    public TickCounters Counters => Metrics.Counters;

    public PoolCore(Script setup, EventLogOptions? log = null, bool wakeEveryone = false)
    {
        WakeEveryone = wakeEveryone;
        Log = new EventLogWriter(log);
        _runner = new OperationRunner(setup);
        Metrics = new PoolMetrics(World);
        Schedule = new RebalanceSchedule(World, Log, Metrics, Audit);
        Liquidations = new LiquidationDesk(World, Log, Metrics, Audit, screenExactly: wakeEveryone);
        Strategies = new StrategyBook(World, Metrics);
        PositionConnectors = new PositionConnectors(World, Log, Strategies);
        foreach (var wallet in setup.Accounts.Values)
            foreach (var (token, amount) in wallet) Metrics.AddGenesis(token, amount);
    }

    // ---- script steps ------------------------------------------------------------------------------------

    /// <summary>A step through the same runner as <c>flowalp script</c>; its events go to the log. Returns its outcome (the positions it touched are its events').</summary>
    public OperationOutcome ApplyScriptStep(Step step)
    {
        if (step is GovernanceStep g) return ApplyGovernance(g);
        var outcome = _runner.RunStep(step);
        if (step is MintStep mint && outcome.Ok) Metrics.AddGenesis(mint.Token, mint.Amount); // minted into the world
        Log.AppendProtocol(Now, outcome.Events);
        return outcome;
    }

    /// <summary>The pool's snapshot of a position, or null when a token it lists has no price now.</summary>
    public PositionSnapshot? TrySnapshot(long pid) => TrySnapshot(Pool, pid);

    internal static PositionSnapshot? TrySnapshot(Protocol.Pool pool, long pid)
    {
        try { return pool.SnapshotOf(pid); }
        catch (ProtocolException) { return null; }
    }

    // ---- ticks -------------------------------------------------------------------------------------------

    public void BeginTick(UFix64 time)
    {
        if (time < Now) throw new ArgumentException($"time: ticks cannot go backwards ({time} < {Now})");
        Metrics.BeginTick();
        Pool.AdvanceTo(time);
    }

    /// <summary>Installs the oracles' prices for this block, in token order.</summary>
    public void ApplyPrices(IEnumerable<PriceReport> reports)
    {
        foreach (var r in reports.OrderBy(r => r.Token, StringComparer.Ordinal))
        {
            World.Oracle.Set(r.Token, r.Price);
            if (r.Rejection is not null) Log.AppendEngine(Now, "OraclePriceRejected", ("token", r.Token), ("reason", r.Rejection));
        }
    }

    /// <summary>This block's oracle price of every supported token (none where the oracle has none).</summary>
    public IReadOnlyDictionary<string, UFix64?> OraclePrices()
    {
        var d = new SortedDictionary<string, UFix64?>(StringComparer.Ordinal);
        foreach (var t in Pool.SupportedTokens) d[t] = World.Oracle.Price(t, Now);
        return d;
    }

    /// <summary>The screen for this phase's wake decisions, or null in naive mode.</summary>
    public Protocol.Health.HealthScreen? Screen() => WakeEveryone ? null : Pool.Screen();

    /// <summary>
    /// One rebalancer execution (<see cref="RebalanceSchedule"/>), with the rebalancer faults in force. Returns
    /// (rebalanced, next run); null for a rebalancer removed meanwhile.
    /// </summary>
    public (bool Rebalanced, UFix64? Next)? ApplyRebalancerRun(long id, bool needed, UFix64 nextIfPaid)
    {
        if (Schedule.ById(id) is not { } b) return null;
        return Schedule.Run(b, needed, needed && IsIneffective(b.Position), nextIfPaid);
    }

    /// <summary>Folds a finished tick's counters into the running totals.</summary>
    public void EndTick() => Metrics.EndTick();

    // ---- figures that read several parts ------------------------------------------------------------------

    public MetricsSample Sample() => Metrics.Sample(Schedule.HasRebalancer);

    /// <summary>What each token's world total must be: genesis plus the MOET the pool minted.</summary>
    public IReadOnlyDictionary<string, UFix64> ExpectedTotals() => Metrics.ExpectedTotals();

    /// <summary>Every token's world total now against what it must be (<see cref="PoolMetrics.Conservation"/>).</summary>
    public IReadOnlyDictionary<string, (UFix64 Expected, UFix64 Actual)> Conservation() => Metrics.Conservation(Strategies.StrategyDexIfAny);

    public Outcomes Outcomes()
    {
        var o = Metrics.Outcomes(Conservation, _deliveries);
        // each vault's sales, only when a yield token market books them (older runs' outcomes stay as they were)
        return Strategies.Market is null ? o : o with { VaultSales = Strategies.YieldVaults.ToDictionary(v => v.Key, v => v.Value.Sales, StringComparer.Ordinal) };
    }
}

using System.Buffers;
using FlowAlp.Protocol;
using FlowAlp.Protocol.Health;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Protocol.Positions;
using FlowAlp.Engine.Dex;
using FlowAlp.Engine.World;

namespace FlowAlp.Engine.Core;

/// <summary>What one tick did, counted as it happens (the supervisor's TickDone reports it).</summary>
public struct TickCounters { public int Rebalances, FailedSchedules, LiquidationsApplied, LiquidationsRejected, QuietRuns; }

/// <summary>
/// The pool core's books for reports: this tick's counters and the run's totals, fees and liquidations per position,
/// the world's genesis (what conservation is checked against), and the figures read from them: a sample of the pool,
/// the conservation sums, the per-position outcomes. It records; it never changes the pool.
/// </summary>
public sealed class PoolMetrics
{
    /// <summary>The percentiles of the indebted positions' health a sample reports (p5, p25, p50, p75, p95).</summary>
    public static readonly int[] Percentiles = [5, 25, 50, 75, 95];

    /// <summary>This tick's counts (reset by <see cref="BeginTick"/>); the parts add to them as they act.</summary>
    public TickCounters Counters;

    private long _rebalancesTotal, _failedTotal, _liqAppliedTotal, _liqRejectedTotal, _runsTotal;
    private readonly SortedDictionary<long, int> _liquidated = new();
    private readonly SortedDictionary<long, UFix64> _feesByPosition = new();
    private readonly SortedDictionary<string, UFix64> _genesis = new(StringComparer.Ordinal);

    private readonly ScriptWorld _world;

    public PoolMetrics(ScriptWorld world) => _world = world;

    private Protocol.Pool Pool => _world.Pool;
    private UFix64 Now => _world.Pool.Now;

    internal void BeginTick() => Counters = default;

    /// <summary>Folds a finished tick's counters into the running totals.</summary>
    internal void EndTick()
    {
        _rebalancesTotal += Counters.Rebalances;
        _failedTotal += Counters.FailedSchedules;
        _liqAppliedTotal += Counters.LiquidationsApplied;
        _liqRejectedTotal += Counters.LiquidationsRejected;
    }

    internal void RecordFee(long position, UFix64 fee) =>
        _feesByPosition[position] = (_feesByPosition.TryGetValue(position, out var v) ? v : UFix64.Zero) + fee;

    internal void RecordLiquidation(long pid) => _liquidated[pid] = (_liquidated.TryGetValue(pid, out var n) ? n : 0) + 1;

    internal void RecordRun() => _runsTotal++;

    private readonly SortedDictionary<long, PositionLedger> _ledger = new();

    private PositionLedger LedgerOf(long pid)
    {
        if (!_ledger.TryGetValue(pid, out var l)) _ledger[pid] = l = new PositionLedger();
        return l;
    }

    /// <summary>A rebalance of a position: counted, with its top-up or draw-down volume.</summary>
    internal void RecordRebalance(long pid, bool topUp, UFix64 amount, UFix128 atHealth)
    {
        var ledger = LedgerOf(pid);
        ledger.Saw(atHealth, Now.Floor);
        ledger.Rebalances++;
        if (topUp) ledger.TopUps += amount; else ledger.DrawDowns += amount;
    }

    /// <summary>An applied offer: the debt the liquidator repaid, the collateral it took and that collateral's oracle value now.</summary>
    internal void RecordSeizure(Liquidation.LiquidationOffer o, UFix128? healthBefore)
    {
        var ledger = LedgerOf(o.Position);
        if (healthBefore is { } h) ledger.Saw(h, Now.Floor);
        ledger.RepaidByLiquidators += o.RepayAmount;
        ledger.AddSeized(o.SeizeToken, o.SeizeAmount);
        if (_world.Oracle.Price(o.SeizeToken, Now) is { } price) ledger.SeizedValue += o.SeizeAmount.ToUFix128() * price.ToUFix128();
    }

    /// <summary>Tokens that enter the world from outside (setup wallets, mints, seeded strategy liquidity).</summary>
    internal void AddGenesis(string token, UFix64 amount) => _genesis[token] = (_genesis.TryGetValue(token, out var v) ? v : UFix64.Zero) + amount;

    public MetricsSample Sample(Func<long, bool> hasRebalancer)
    {
        var tokens = new List<TokenMetrics>();
        foreach (var t in Pool.SupportedTokens.Order(StringComparer.Ordinal))
        {
            var s = Pool.TokenStateOf(t);
            UFix128 util = s.TotalCreditBalance.IsZero ? UFix128.Zero : UFix128.Min(UFix128.One, s.TotalDebitBalance / s.TotalCreditBalance);
            tokens.Add(new TokenMetrics(t, _world.Oracle.Price(t, Now), s.TotalCreditBalance, s.TotalDebitBalance, util, s.CurrentCreditRate, s.CurrentDebitRate, Pool.Reserve(t)));
        }
        // the healths only feed the percentiles: a pooled buffer; the per-position list is the one the runner recycled, if any
        var healths = ArrayPool<UFix128>.Shared.Rent(Math.Max(1, Pool.PositionCount));
        int indebtedCount = 0;
        int liquidatable = 0, belowMin = 0;
        var belowOne = new List<long>();
        var perPosition = Interlocked.Exchange(ref _spare, null) ?? new List<PositionMetrics>();
        perPosition.EnsureCapacity(Pool.PositionCount);
        UFix128 badDebt = UFix128.Zero;
        // each token accrued and priced once for the whole sample (not a probe snapshot per position): the same figures
        var snapshots = Pool.TokenSnapshots();
        // the per-position books walked alongside the ascending ids: one pass each, not a tree lookup per position
        var liquidated = new Walk<int>(_liquidated);
        var ledger = new Walk<PositionLedger>(_ledger);
        var fees = new Walk<UFix64>(_feesByPosition);
        for (long pid = 0; pid < Pool.PositionCount; pid++)
        {
            var position = Pool.PositionOf(pid);
            if (PositionFigures.Of(position, snapshots) is not { } f) continue;
            bool indebted = !f.EffectiveDebt.IsZero;
            perPosition.Add(new PositionMetrics(pid, indebted ? f.Health : null, f.CollateralValue, f.DebtValue,
                liquidated.TryAt(pid, out var n) ? n : 0, ledger.TryAt(pid, out var l) ? l.Rebalances : 0,
                fees.TryAt(pid, out var fee) ? fee : UFix64.Zero));
            if (!indebted) continue;
            healths[indebtedCount++] = f.Health;
            if (f.Health < UFix128.One) { liquidatable++; belowOne.Add(pid); }
            if (hasRebalancer(pid) && f.Health < position.MinHealth) belowMin++;
            if (f.DebtValue > f.CollateralValue) badDebt += f.DebtValue - f.CollateralValue;
        }
        var pct = PercentilePick.PickIn(healths.AsSpan(0, indebtedCount), Percentiles, Percentiles.Select(_ => UFix128.Zero).ToList());
        ArrayPool<UFix128>.Shared.Return(healths);
        return new MetricsSample(Now, tokens, Pool.PositionCount, indebtedCount, liquidatable, pct, badDebt, Pool.MoetMinted, Pool.InsuranceFund,
            new EngineTotals(_rebalancesTotal, _failedTotal, _liqAppliedTotal, _liqRejectedTotal, _runsTotal), belowOne, belowMin, perPosition);
    }

    // a per-position list handed back by the reader of a sample (static: not engine state; taken by exchange, so one
    // owner at a time, whichever engine of the process samples next)
    private static List<PositionMetrics>? _spare;

    /// <summary>
    /// Hands back a sample's <see cref="MetricsSample.PerPosition"/> once nothing reads it any more (the runner, after
    /// folding it per population and keeping the sample without it), so the next sample fills the same list instead of
    /// a new one of 96 bytes a position. The sample must not be read afterwards.
    /// </summary>
    public static void Recycle(IReadOnlyList<PositionMetrics>? perPosition)
    {
        if (perPosition is not List<PositionMetrics> list) return;
        list.Clear();
        Volatile.Write(ref _spare, list);
    }

    /// <summary>A map by position read at ascending positions: the cursor only moves forward.</summary>
    private sealed class Walk<T>
    {
        private SortedDictionary<long, T>.Enumerator _e;
        private bool _has;

        public Walk(SortedDictionary<long, T> map)
        {
            _e = map.GetEnumerator();
            _has = _e.MoveNext();
        }

        /// <summary>The value at <paramref name="pid"/>, which must not be below the previous call's.</summary>
        public bool TryAt(long pid, out T value)
        {
            while (_has && _e.Current.Key < pid) _has = _e.MoveNext();
            bool found = _has && _e.Current.Key == pid;
            value = found ? _e.Current.Value : default!;
            return found;
        }
    }

    /// <summary>What each token's world total must be: genesis plus the MOET the pool minted.</summary>
    public IReadOnlyDictionary<string, UFix64> ExpectedTotals()
    {
        var expected = new SortedDictionary<string, UFix64>(_genesis, StringComparer.Ordinal);
        expected[Pool.DefaultToken] = (expected.TryGetValue(Pool.DefaultToken, out var m) ? m : UFix64.Zero) + Pool.MoetMinted;
        return expected;
    }

    /// <summary>
    /// Every token's world total now — wallets, pool reserves, insurance and stability funds, the strategy DEX's
    /// reserves, deposits queued for capacity — against what the world started with plus the MOET the pool minted. They must be equal.
    /// </summary>
    public IReadOnlyDictionary<string, (UFix64 Expected, UFix64 Actual)> Conservation(ConstantProductAmm? strategyDex)
    {
        var expected = new SortedDictionary<string, UFix64>(_genesis, StringComparer.Ordinal);
        var actual = new SortedDictionary<string, UFix64>(StringComparer.Ordinal);
        void Add(SortedDictionary<string, UFix64> d, string t, UFix64 v) => d[t] = (d.TryGetValue(t, out var x) ? x : UFix64.Zero) + v;
        foreach (var t in Pool.SupportedTokens.Append(Pool.DefaultToken).Distinct()) { Add(expected, t, UFix64.Zero); Add(actual, t, Pool.Reserve(t)); }
        Add(expected, Pool.DefaultToken, Pool.MoetMinted);
        Add(actual, Pool.DefaultToken, Pool.InsuranceFund);
        foreach (var (t, v) in Pool.StabilityFunds) Add(actual, t, v);
        for (long pid = 0; pid < Pool.PositionCount; pid++)
            foreach (var (t, v) in Pool.PositionOf(pid).QueuedDeposits) Add(actual, t, v); // accepted by the pool, waiting for capacity
        foreach (var name in _world.Accounts.Accounts)
            foreach (var (t, v) in _world.Accounts.Balances(name)) Add(actual, t, v);
        if (strategyDex is not null)
            foreach (var t in expected.Keys.ToList())
                foreach (var other in expected.Keys)
                    if (string.CompareOrdinal(t, other) < 0 && strategyDex.Reserves(t, other) is { } r) { Add(actual, t, r.In); Add(actual, other, r.Out); }
        foreach (var t in actual.Keys) Add(expected, t, UFix64.Zero);
        return expected.ToDictionary(kv => kv.Key, kv => (kv.Value, actual.TryGetValue(kv.Key, out var a) ? a : UFix64.Zero));
    }

    /// <summary>Per-position outcomes: liquidations, fees paid, health now; with the conservation sums and the faulted round trips.</summary>
    public Outcomes Outcomes(Func<IReadOnlyDictionary<string, (UFix64 Expected, UFix64 Actual)>> conservation, IEnumerable<DeliveryRecord> deliveries)
    {
        var health = new SortedDictionary<long, UFix128>();
        var snapshots = Pool.TokenSnapshots();
        for (long pid = 0; pid < Pool.PositionCount; pid++)
            if (PositionFigures.Of(Pool.PositionOf(pid), snapshots) is { } f) health[pid] = f.Health;
        return new Outcomes(new SortedDictionary<long, int>(_liquidated), new SortedDictionary<long, UFix64>(_feesByPosition), health, conservation(),
            deliveries.ToList(), new SortedDictionary<long, PositionLedger>(_ledger.ToDictionary(kv => kv.Key, kv => kv.Value.Copy())));
    }
}

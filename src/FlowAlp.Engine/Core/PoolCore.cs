using FlowAlp.Protocol;
using FlowAlp.Protocol.Connectors;
using FlowAlp.Protocol.Events;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Protocol.Positions;
using FlowAlp.Engine.Liquidation;
using FlowAlp.Engine.Operations;
using FlowAlp.Engine.Oracles;
using FlowAlp.Engine.Rebalancing;
using FlowAlp.Engine.World;

namespace FlowAlp.Engine.Core;

/// <summary>
/// The pool supervisor's state and its mutations, with no actors: the world (pool, oracle, DEX view, wallets), the
/// rebalancers' due list and fee charging, liquidation offers, and the event log. The supervisor actor calls these
/// between its barriers; the plain single-threaded loop (the baseline the engine is measured and checked against)
/// calls the same methods in the same order, so the two must produce byte-identical event logs.
/// </summary>
public sealed partial class PoolCore
{
    /// <summary>The account that collects scheduler fees, so every fee stays inside the conserved world.</summary>
    public const string SchedulerAccount = "flow-scheduler";

    public sealed class Booking(long id, long position, RebalancerSpec spec)
    {
        public long Id { get; } = id;
        public long Position { get; } = position;
        public RebalancerSpec Spec { get; } = spec;
        public UFix64? LastRun { get; set; }
        public UFix64? Next { get; set; }
    }

    public struct TickCounters { public int Rebalances, FailedSchedules, LiquidationsApplied, LiquidationsRejected, QuietRuns; }

    private readonly OperationRunner _runner;
    private readonly DenseTable<Booking> _bookings = new();
    private readonly DueList _due = new();
    private readonly DenseTable<Booking> _bookingByPosition = new();
    private long _nextRebalancerId;

    public EventLogWriter Log { get; }
    public TickCounters Counters;
    public ScriptWorld World => _runner.World;
    public Protocol.Pool Pool => _runner.World.Pool;
    public UFix64 Now => Pool.Now;

    /// <summary>
    /// Naive mode: every due rebalancer's position decides and every position is screened exactly for liquidation.
    /// Otherwise only who must act is woken (<see cref="Protocol.Pool.CertainlyBalanced"/>); the event logs are equal.
    /// </summary>
    public bool WakeEveryone { get; }

    public PoolCore(Script setup, EventLogOptions? log = null, bool wakeEveryone = false)
    {
        WakeEveryone = wakeEveryone;
        Log = new EventLogWriter(log);
        _runner = new OperationRunner(setup);
        foreach (var wallet in setup.Accounts.Values)
            foreach (var (token, amount) in wallet) AddGenesis(token, amount);
    }

    // ---- script steps ------------------------------------------------------------------------------------

    /// <summary>A step through the same runner as <c>flowalp script</c>; its events go to the log. Returns its outcome (the positions it touched are its events').</summary>
    public OperationOutcome ApplyScriptStep(Step step)
    {
        var outcome = _runner.RunStep(step);
        if (step is MintStep mint && outcome.Ok) AddGenesis(mint.Token, mint.Amount); // minted into the world
        Log.AppendProtocol(Now, outcome.Events);
        return outcome;
    }

    /// <summary>The pool's snapshot of a position, or null when a token it lists has no price now.</summary>
    public PositionSnapshot? TrySnapshot(long pid)
    {
        try { return Pool.SnapshotOf(pid); }
        catch (ProtocolException) { return null; }
    }

    // ---- ticks -------------------------------------------------------------------------------------------

    public void BeginTick(UFix64 time)
    {
        if (time < Now) throw new ArgumentException($"time: ticks cannot go backwards ({time} < {Now})");
        Counters = default;
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

    // ---- rebalancers -------------------------------------------------------------------------------------

    public Booking AddRebalancer(long position, RebalancerSpec spec)
    {
        spec.Validate();
        Pool.PositionOf(position);
        if (_bookingByPosition[position] is not null) throw new ProtocolException("rebalancer already exists");
        var b = new Booking(_nextRebalancerId++, position, spec) { LastRun = Now };
        _bookings.Set(b.Id, b);
        _bookingByPosition.Set(position, b);
        FixReschedule(b.Id); // a new paid rebalancer schedules at once: first run at creation + interval
        return b;
    }

    public Booking RemoveRebalancer(long position)
    {
        if (!_bookingByPosition.Remove(position, out var b)) throw new ProtocolException($"No rebalancer for position {position}");
        long id = b!.Id;
        if (b.Next is { } due) _due.Remove(due, id);
        _bookings.Remove(id, out _);
        return b;
    }

    public Booking? BookingById(long id) => _bookings[id];
    public bool HasRebalancer(long position) => _bookingByPosition[position] is not null;
    /// <summary>The id of the position's rebalancer, or null.</summary>
    public long? RebalancerOf(long position) => _bookingByPosition[position]?.Id;
    public IEnumerable<long> RebalancedPositions => _bookingByPosition.Ids();

    /// <summary>fixReschedule: if no run is pending, pay the fee and book the next run (FixedReschedule), else FailedRecurringSchedule. Returns the booked time.</summary>
    public UFix64? FixReschedule(long id)
    {
        var b = _bookings[id]!;
        if (b.Next is not null) return null;
        var next = RecurringSchedule.NextRun(b.LastRun ?? Now, b.Spec.IntervalSeconds, Now);
        if (!TryChargeFee(b))
        {
            Log.AppendEngine(Now, "FailedRecurringSchedule", ("rebalancer", b.Id), ("position", b.Position));
            Counters.FailedSchedules++;
            return null;
        }
        Book(b, next);
        Log.AppendEngine(Now, "FixedReschedule", ("rebalancer", b.Id), ("position", b.Position), ("nextRun", next.ToString()));
        return next;
    }

    private void Book(Booking b, UFix64 due)
    {
        b.Next = due;
        _due.Add(due, b.Id);
    }

    /// <summary>The funder pays feeWithMargin to the scheduler; a funder that cannot pays nothing.</summary>
    private bool TryChargeFee(Booking b)
    {
        if (b.Spec.FeeWithMargin.IsZero) return true;
        // the funder cannot pay: the debit would revert, so nothing changes (and no exception per failed run)
        if (World.Accounts.Balance(b.Spec.Funder, b.Spec.FeeToken) < b.Spec.FeeWithMargin) return false;
        try
        {
            World.Tx.Run(() =>
            {
                World.Accounts.Debit(b.Spec.Funder, b.Spec.FeeToken, b.Spec.FeeWithMargin);
                World.Accounts.Credit(SchedulerAccount, b.Spec.FeeToken, b.Spec.FeeWithMargin);
            });
            RecordFee(b.Position, b.Spec.FeeWithMargin);
            return true;
        }
        catch (ProtocolException) { return false; }
    }

    /// <summary>The rebalancers due at or before now, in (due time, id) order, taken off the due list.</summary>
    public List<Booking> TakeDueRebalancers()
    {
        var due = _due.TakeUntil(Now);
        var list = new List<Booking>(due.Count);
        foreach (var (_, id) in due)
        {
            var b = _bookings[id]!;
            b.Next = null;
            list.Add(b);
        }
        return list;
    }

    /// <summary>The screen for this phase's wake decisions, or null in naive mode.</summary>
    public Protocol.Health.HealthScreen? Screen() => WakeEveryone ? null : Pool.Screen();

    /// <summary>
    /// Whether a due run can be decided here without waking its position: not forced, and the position is certainly
    /// inside its health bounds, so its plan is nothing (the run still pays its fee and books the next one).
    /// </summary>
    public bool IsQuiet(Protocol.Health.HealthScreen? screen, Booking b)
    {
        if (screen is null || b.Spec.Force || !Pool.CertainlyBalanced(screen, b.Position)) return false;
        Counters.QuietRuns++;
        return true;
    }

    /// <summary>
    /// One rebalancer execution: rebalance the position if its decision says so (a revert is logged, the schedule goes
    /// on), then pay the fee and book <paramref name="nextIfPaid"/>, or record FailedRecurringSchedule. Returns
    /// (rebalanced, next run); null for a rebalancer removed meanwhile.
    /// </summary>
    public (bool Rebalanced, UFix64? Next)? ApplyRebalancerRun(long id, bool needed, UFix64 nextIfPaid)
    {
        if (!_bookings.TryGet(id, out var b)) return null;
        bool rebalanced = false;
        if (needed && IsIneffective(b.Position))
        {
            needed = false; // chaos: the run executes and pays, but its rebalance does nothing
            Log.AppendEngine(Now, "RebalancerIneffective", ("rebalancer", b.Id), ("position", b.Position));
        }
        if (needed)
        {
            try
            {
                Pool.Rebalance(b.Position, b.Spec.Force);
                var events = Pool.TakeEvents();
                var done = events.OfType<Rebalanced>().FirstOrDefault();
                rebalanced = done is not null;
                Log.AppendProtocol(Now, events);
                if (done is not null) { Counters.Rebalances++; RecordRebalance(done); }
            }
            catch (ProtocolException e)
            {
                Pool.TakeEvents();
                Log.AppendEngine(Now, "RebalanceFailed", ("rebalancer", b.Id), ("position", b.Position), ("reason", e.Reason));
            }
        }
        b.LastRun = Now;
        RecordRun();
        UFix64? next = null;
        if (TryChargeFee(b)) { next = nextIfPaid; Book(b, nextIfPaid); }
        Log.AppendEngine(Now, "RebalancerRun", ("rebalancer", b.Id), ("position", b.Position), ("rebalanced", rebalanced), ("nextRun", next?.ToString()));
        if (next is null)
        {
            Log.AppendEngine(Now, "FailedRecurringSchedule", ("rebalancer", b.Id), ("position", b.Position));
            Counters.FailedSchedules++;
        }
        return (rebalanced, next);
    }

    /// <summary>
    /// A top-up that ends below the position's target (the source gave less than needed, or the deposit queued) is a
    /// partial top-up: logged, so the rebalance-target invariant can tell it from a rebalance that went wrong.
    /// </summary>
    private void RecordRebalance(Rebalanced e)
    {
        var ledger = LedgerOf(e.Position);
        ledger.Rebalances++;
        if (e.FromUnder) ledger.TopUps += e.Amount; else ledger.DrawDowns += e.Amount;
        UFix128 after = Pool.PositionHealth(e.Position), target = Pool.PositionOf(e.Position).TargetHealth;
        bool partial = e.FromUnder && after < target;
        if (partial) Log.AppendEngine(Now, "PartialTopUp", ("position", e.Position), ("amount", e.Amount.ToString()), ("health", after.ToString()), ("target", target.ToString()));
        Audit.Record(new Invariants.RebalanceRecord(e.Position, Now, e.AtHealth, after, target, e.FromUnder, partial));
    }

    /// <summary>The cron ran: fixReschedule each registered position's rebalancer; returns the positions with none (to prune) and the fixed ones.</summary>
    public (List<long> Pruned, List<(long Id, UFix64 Next)> Fixed) ApplyCron(IReadOnlyList<long> positions)
    {
        Log.AppendEngine(Now, "SupervisorExecuted");
        var pruned = new List<long>();
        var fixedRuns = new List<(long, UFix64)>();
        foreach (var pid in positions)
        {
            if (_bookingByPosition[pid] is { } booking)
            {
                if (FixReschedule(booking.Id) is { } next) fixedRuns.Add((booking.Id, next));
            }
            else
            {
                pruned.Add(pid);
                Log.AppendEngine(Now, "RemovedPaidRebalancer", ("position", pid));
            }
        }
        return (pruned, fixedRuns);
    }

    // ---- liquidations ------------------------------------------------------------------------------------

    /// <summary>Snapshots of the positions with health below 1 now, by id.</summary>
    public List<PositionSnapshot> LiquidationCandidates()
    {
        var list = new List<PositionSnapshot>();
        foreach (var pid in WakeEveryone ? Pool.LiquidatablePositions() : Pool.LiquidatablePositions(Pool.Screen()))
            if (TrySnapshot(pid) is { } s) list.Add(s);
        return list;
    }

    /// <summary>Offers in canonical order: by position, then liquidator, then the liquidator's sequence.</summary>
    public static IEnumerable<LiquidationOffer> Canonical(IEnumerable<LiquidationOffer> offers) => offers.OrderBy(o => o, CanonicalOrder);

    public static readonly IComparer<LiquidationOffer> CanonicalOrder = Comparer<LiquidationOffer>.Create((a, b) =>
    {
        int c = a.Position.CompareTo(b.Position);
        if (c == 0) c = string.CompareOrdinal(a.Liquidator, b.Liquidator);
        return c != 0 ? c : a.Sequence.CompareTo(b.Sequence);
    });

    /// <summary>Applies one offer with the protocol's manualLiquidation, paid from and seized to <paramref name="account"/>. Returns the rejection reason, or null.</summary>
    public string? ApplyOffer(LiquidationOffer o, string account)
    {
        var before = Audit.Enabled ? TrySnapshot(o.Position) : null;
        try
        {
            World.Tx.Run(() =>
            {
                World.Accounts.Debit(account, o.DebtToken, o.RepayAmount);
                var seized = Pool.ManualLiquidation(o.Position, o.DebtToken, o.SeizeToken, o.SeizeAmount, new Vault(o.DebtToken, o.RepayAmount));
                World.Accounts.Credit(account, seized.Token, seized.Amount);
            });
            Log.AppendProtocol(Now, Pool.TakeEvents());
            Counters.LiquidationsApplied++;
            RecordLiquidation(o.Position);
            RecordSeizure(o);
            if (before is not null) Audit.Record(new Invariants.LiquidationRecord(o, before, Pool.LiquidationTargetHealth, Now));
            return null;
        }
        catch (ProtocolException e)
        {
            Pool.TakeEvents();
            Counters.LiquidationsRejected++;
            Log.AppendEngine(Now, "LiquidationOfferRejected", ("liquidator", o.Liquidator), ("position", o.Position), ("reason", e.Reason));
            return e.Reason;
        }
    }
}

using FlowAlp.Protocol;
using FlowAlp.Protocol.Events;
using FlowAlp.Protocol.Health;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Engine.Invariants;
using FlowAlp.Engine.Rebalancing;
using FlowAlp.Engine.World;

namespace FlowAlp.Engine.Core;

/// <summary>
/// The paid rebalancers: who is booked for when (the due list, taken in (due time, id) order), fixReschedule and the
/// cron's repairs, each run's execution, and the scheduler fee each booking pays.
/// </summary>
public sealed class RebalanceSchedule
{
    /// <summary>The account that collects scheduler fees, so every fee stays inside the conserved world.</summary>
    public const string SchedulerAccount = "flow-scheduler";

    private readonly ScriptWorld _world;
    private readonly EventLogWriter _log;
    private readonly PoolMetrics _metrics;
    private readonly OperationAudit _audit;
    private readonly DenseTable<Booking> _bookings = new();
    private readonly DueList _due = new();
    private readonly DenseTable<Booking> _bookingByPosition = new();
    private long _nextRebalancerId;

    public RebalanceSchedule(ScriptWorld world, EventLogWriter log, PoolMetrics metrics, OperationAudit audit)
    {
        _world = world;
        _log = log;
        _metrics = metrics;
        _audit = audit;
    }

    private Protocol.Pool Pool => _world.Pool;
    private UFix64 Now => _world.Pool.Now;

    public Booking Add(long position, RebalancerSpec spec)
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

    public Booking Remove(long position)
    {
        if (!_bookingByPosition.Remove(position, out var b)) throw new ProtocolException($"No rebalancer for position {position}");
        long id = b!.Id;
        if (b.Next is { } due) _due.Remove(due, id);
        _bookings.Remove(id, out _);
        return b;
    }

    public Booking? ById(long id) => _bookings[id];
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
            _log.AppendEngine(Now, "FailedRecurringSchedule", ("rebalancer", b.Id), ("position", b.Position));
            _metrics.Counters.FailedSchedules++;
            return null;
        }
        Book(b, next);
        _log.AppendEngine(Now, "FixedReschedule", ("rebalancer", b.Id), ("position", b.Position), ("nextRun", next.ToString()));
        return next;
    }

    /// <summary>
    /// Books a run whose round trip was delayed again <paramref name="delaySeconds"/> (at least 1) from now, without a
    /// fee (it has not executed). Returns the new time, or null for a rebalancer removed meanwhile or already booked.
    /// </summary>
    internal UFix64? BookAgain(Booking b, ulong delaySeconds)
    {
        if (!_bookings.TryGet(b.Id, out _) || b.Next is not null) return null;
        var next = Now + UFix64.FromInteger(Math.Max(1, delaySeconds));
        Book(b, next);
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
        if (_world.Accounts.Balance(b.Spec.Funder, b.Spec.FeeToken) < b.Spec.FeeWithMargin) return false;
        try
        {
            _world.Tx.Run(() =>
            {
                _world.Accounts.Debit(b.Spec.Funder, b.Spec.FeeToken, b.Spec.FeeWithMargin);
                _world.Accounts.Credit(SchedulerAccount, b.Spec.FeeToken, b.Spec.FeeWithMargin);
            });
            _metrics.RecordFee(b.Position, b.Spec.FeeWithMargin);
            return true;
        }
        catch (ProtocolException) { return false; }
    }

    /// <summary>The rebalancers due at or before now, in (due time, id) order, taken off the due list.</summary>
    public List<Booking> TakeDue()
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

    /// <summary>
    /// Whether a due run can be decided here without waking its position: not forced, and the position is certainly
    /// inside its health bounds, so its plan is nothing (the run still pays its fee and books the next one).
    /// </summary>
    public bool IsQuiet(HealthScreen? screen, Booking b)
    {
        if (screen is null || b.Spec.Force || !Pool.CertainlyBalanced(screen, b.Position)) return false;
        _metrics.Counters.QuietRuns++;
        return true;
    }

    /// <summary>
    /// One rebalancer execution: rebalance the position if its decision says so (a revert is logged, the schedule goes
    /// on; an <paramref name="ineffective"/> rebalancer runs and pays but does nothing), then pay the fee and book
    /// <paramref name="nextIfPaid"/>, or record FailedRecurringSchedule. Returns (rebalanced, next run).
    /// </summary>
    internal (bool Rebalanced, UFix64? Next) Run(Booking b, bool needed, bool ineffective, UFix64 nextIfPaid)
    {
        bool rebalanced = false;
        if (needed && ineffective)
        {
            needed = false; // chaos: the run executes and pays, but its rebalance does nothing
            _log.AppendEngine(Now, "RebalancerIneffective", ("rebalancer", b.Id), ("position", b.Position));
        }
        if (needed)
        {
            string? failed;
            try
            {
                // the common revert comes back as a reason (no exception per failed top-up); others are caught below
                failed = Pool.TryRebalance(b.Position, b.Spec.Force);
                if (failed is null)
                {
                    var events = Pool.TakeEvents();
                    Rebalanced? done = null;
                    foreach (var e in events) if (e is Rebalanced r) { done = r; break; } // (no LINQ iterator per run)
                    rebalanced = done is not null;
                    _log.AppendProtocol(Now, events);
                    if (done is not null) { _metrics.Counters.Rebalances++; RecordRebalance(done); }
                }
            }
            catch (ProtocolException e) { failed = e.Reason; }
            if (failed is not null)
            {
                Pool.DiscardEvents();
                _log.AppendEngine(Now, "RebalanceFailed", ("rebalancer", b.Id), ("position", b.Position), ("reason", failed));
            }
        }
        b.LastRun = Now;
        _metrics.RecordRun();
        UFix64? next = null;
        if (TryChargeFee(b)) { next = nextIfPaid; Book(b, nextIfPaid); }
        // one line per run (the study's most frequent): written from the values, no boxed fields or nextRun text
        _log.AppendEngine(Now, "RebalancerRun", (b.Id, b.Position, rebalanced, next), static (w, x) => EventJson.RebalancerRunFields(w, x.Id, x.Position, x.rebalanced, x.next));
        if (next is null)
        {
            _log.AppendEngine(Now, "FailedRecurringSchedule", ("rebalancer", b.Id), ("position", b.Position));
            _metrics.Counters.FailedSchedules++;
        }
        return (rebalanced, next);
    }

    /// <summary>
    /// A top-up that ends below the position's target (the source gave less than needed, or the deposit queued) is a
    /// partial top-up: logged, so the rebalance-target invariant can tell it from a rebalance that went wrong.
    /// </summary>
    private void RecordRebalance(Rebalanced e)
    {
        _metrics.RecordRebalance(e.Position, e.FromUnder, e.Amount, e.AtHealth);
        UFix128 after = Pool.PositionHealth(e.Position), target = Pool.PositionOf(e.Position).TargetHealth;
        bool partial = e.FromUnder && after < target;
        if (partial) _log.AppendEngine(Now, "PartialTopUp", ("position", e.Position), ("amount", e.Amount.ToString()), ("health", after.ToString()), ("target", target.ToString()));
        _audit.Record(new RebalanceRecord(e.Position, Now, e.AtHealth, after, target, e.FromUnder, partial));
    }

    /// <summary>The cron ran: fixReschedule each registered position's rebalancer; returns the positions with none (to prune) and the fixed ones.</summary>
    public (List<long> Pruned, List<(long Id, UFix64 Next)> Fixed) ApplyCron(IReadOnlyList<long> positions)
    {
        _log.AppendEngine(Now, "SupervisorExecuted");
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
                _log.AppendEngine(Now, "RemovedPaidRebalancer", ("position", pid));
            }
        }
        return (pruned, fixedRuns);
    }
}

using FlowAlp.Protocol.Connectors;
using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Protocol.Rebalancing;

/// <summary>
/// A scheduled rebalancer bound to one position (FlowALPRebalancerv1.Rebalancer, spec §4.8). Each run rebalances
/// the position, restarts the clock at the actual execution time and schedules the next run
/// (lastRebalanceTimestamp + interval, never earlier than now + 1; missed periods are not replayed), paying the fee
/// with margin from its txFunder. An underfunded funder leaves it idle until <see cref="FixReschedule"/>.
/// </summary>
public sealed class Rebalancer : IScheduledHandler
{
    /// <summary>Mutable state, captured as one unit per transaction.</summary>
    private sealed class State
    {
        public UFix64 LastRebalanceTimestamp;
        public RecurringConfig Config = null!;
        public SortedSet<ulong> Scheduled = new();
        public bool Destroyed;
        public int Runs, FixedReschedules, FailedSchedules, FailedRebalances;

        public State Copy()
        {
            var c = (State)MemberwiseClone();
            c.Scheduled = new(Scheduled);
            return c;
        }
    }

    private readonly RebalanceScheduler _scheduler;
    private readonly IRebalanceTarget _target;
    private State _s;

    public long Id { get; }
    public long PositionId => _target.PositionId;

    /// <summary>createRebalancer: emits CreatedRebalancer; nothing is scheduled until <see cref="FixReschedule"/>.</summary>
    public Rebalancer(RebalanceScheduler scheduler, IRebalanceTarget target, RecurringConfig config)
    {
        _scheduler = scheduler;
        _target = target;
        Id = scheduler.NewHandlerId();
        _s = new State { LastRebalanceTimestamp = scheduler.Now, Config = config };
        scheduler.Events.Emit(new CreatedRebalancer(Id, PositionId));
    }

    private State S
    {
        get
        {
            _scheduler.Transactions.Touch(this, () => { var saved = _s; _s = saved.Copy(); return () => _s = saved; });
            return _s;
        }
    }

    public UFix64 LastRebalanceTimestamp => _s.LastRebalanceTimestamp;
    public RecurringConfig Config => _s.Config;
    public bool IsDestroyed => _s.Destroyed;
    /// <summary>Executions (the contract's Rebalanced events), FixedReschedule and FailedRecurringSchedule counts.</summary>
    public int Runs => _s.Runs;
    public int FixedReschedules => _s.FixedReschedules;
    public int FailedSchedules => _s.FailedSchedules;
    public int FailedRebalances => _s.FailedRebalances;
    /// <summary>Ids of this rebalancer's runs still waiting to execute.</summary>
    public IEnumerable<ulong> PendingRuns => _s.Scheduled.Where(id => _scheduler.StatusOf(id) == ScheduledRunStatus.Scheduled);

    /// <summary>lastRebalanceTimestamp + interval, clamped to at least now + 1 s (and to UFix64.max on overflow).</summary>
    public UFix64 NextExecutionTimestamp()
    {
        UFix64 last = _s.LastRebalanceTimestamp;
        if (UFix64.Max.Floor - last.Floor <= _s.Config.Interval) return UFix64.Max;
        UFix64 next = last + UFix64.FromInteger(_s.Config.Interval);
        UFix64 earliest = _scheduler.Now + UFix64.One;
        return next < earliest ? earliest : next;
    }

    public void ExecuteTransaction(ScheduledRun run)
    {
        if (_s.Destroyed) return; // cancelled runs never reach here; a destroyed handler does nothing either
        var tx = _scheduler.Transactions;
        bool force = _s.Config.ForceRebalance;
        // The rebalance is its own transaction: if the pool refuses, its partial effects roll back but the schedule
        // survives (the contract would revert the whole run and leave the rebalancer stuck for the supervisor).
        string? failure = null;
        try { tx.Run(() => _target.Rebalance(force)); }
        catch (ProtocolException e) { failure = e.Reason; }
        tx.Run(() =>
        {
            var s = S;
            if (failure != null)
            {
                s.FailedRebalances++;
                _scheduler.Events.Emit(new RebalanceFailed(Id, PositionId, failure));
            }
            s.LastRebalanceTimestamp = _scheduler.Now;
            UFix64? next = ScheduleNextRebalance();
            s.Runs++;
            _scheduler.Events.Emit(new RebalancerRun(Id, PositionId, force, _scheduler.Now, next, run.Id));
            RemoveAllNonScheduled();
        });
    }

    /// <summary>
    /// Pays feeWithMargin and books the next run; an underfunded txFunder emits FailedRecurringSchedule and books
    /// nothing (returns null). A funder that hands back a different amount reverts, as the contract panics.
    /// </summary>
    private UFix64? ScheduleNextRebalance()
    {
        var s = S;
        UFix64 next = NextExecutionTimestamp();
        UFix64 fee = SchedulerFees.FeeWithMargin(_scheduler.Config, s.Config);
        var funder = s.Config.TxFunder;
        UFix64 available = funder.Source.MinimumAvailable();
        if (available < fee)
        {
            s.FailedSchedules++;
            _scheduler.Events.Emit(new FailedRecurringSchedule(Id, PositionId, $"insufficient fees available, expected: {fee} but available: {available}"));
            return null;
        }
        Vault paid = funder.Source.WithdrawAvailable(fee);
        if (paid.Token != TxFunder.FeeToken || paid.Amount != fee)
            throw new ProtocolException($"invalid fees balance: {paid.Amount} - expected: {fee}");
        s.Scheduled.Add(_scheduler.Schedule(this, next, fee).Id);
        return next;
    }

    /// <summary>Idempotent: with no pending run, tries to schedule the next one; emits FixedReschedule on success.</summary>
    public void FixReschedule() => _scheduler.Transactions.Run(() =>
    {
        RequireAlive();
        RemoveAllNonScheduled();
        if (_s.Scheduled.Count > 0) return;
        if (ScheduleNextRebalance() is { } next)
        {
            S.FixedReschedules++;
            _scheduler.Events.Emit(new FixedReschedule(Id, PositionId, next));
        }
    });

    /// <summary>
    /// setRecurringConfig: cancels pending runs (refunds go to the *old* funder's sink), installs the new config and
    /// schedules the next run, reverting if it cannot. Refunds are fee × the scheduler's refund multiplier.
    /// </summary>
    public void SetRecurringConfig(RecurringConfig config) => _scheduler.Transactions.Run(() =>
    {
        RequireAlive();
        var old = _s.Config.TxFunder;
        CancelAll(old);
        S.Config = config;
        if (ScheduleNextRebalance() is null) throw new ProtocolException("Failed to schedule next rebalance after setting recurring config");
    });

    /// <summary>cancelAllScheduledTransactions then destroy: no run of this rebalancer executes afterwards.</summary>
    public void Destroy() => _scheduler.Transactions.Run(() =>
    {
        RequireAlive();
        CancelAll(_s.Config.TxFunder);
        S.Destroyed = true;
    });

    private void CancelAll(TxFunder refundTo)
    {
        var s = S;
        foreach (ulong id in s.Scheduled.ToList())
        {
            s.Scheduled.Remove(id);
            UFix64 refund = _scheduler.Cancel(id);
            if (refund.IsZero) continue;
            UFix64 taken = refundTo.Sink.DepositCapacity(new Vault(TxFunder.FeeToken, refund));
            if (taken != refund) throw new ProtocolException($"can't deposit full amount of refund back to the txFunder, remaining: {refund - taken}");
        }
    }

    private void RemoveAllNonScheduled()
    {
        if (_s.Scheduled.All(id => _scheduler.StatusOf(id) == ScheduledRunStatus.Scheduled)) return;
        S.Scheduled.RemoveWhere(id => _scheduler.StatusOf(id) != ScheduledRunStatus.Scheduled);
    }

    private void RequireAlive()
    {
        if (_s.Destroyed) throw new ProtocolException("rebalancer has been deleted");
    }
}

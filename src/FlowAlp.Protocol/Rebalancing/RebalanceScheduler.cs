using FlowAlp.Protocol.Atomicity;
using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Protocol.Rebalancing;

/// <summary>
/// A virtual-time FlowTransactionScheduler: holds scheduled runs with their due times and prepaid fees. Time is the
/// caller's clock (the pool's Now); <see cref="RunDue"/> executes, at the current time, every run due at or before
/// it, in canonical order (due time, then creation sequence), each through its handler's own transactions.
/// A run due in the past executes once, late: as in the emulator, a block runs what fell due since the last one.
/// </summary>
public sealed class RebalanceScheduler
{
    /// <summary>All scheduler state, captured as one unit per transaction.</summary>
    private sealed class State
    {
        public Dictionary<ulong, ScheduledRun> Runs = new();
        public ulong NextRunId = 1;
        public long NextHandlerId;
        public UFix64 FeesHeld;

        public State Copy()
        {
            var c = (State)MemberwiseClone();
            c.Runs = new(Runs);
            return c;
        }
    }

    private readonly TransactionContext _tx;
    private readonly Func<UFix64> _clock;
    private State _s = new();

    public SchedulerConfig Config { get; }
    public RebalancerEventLog Events { get; }
    public TransactionContext Transactions => _tx;
    public UFix64 Now => _clock();

    public RebalanceScheduler(TransactionContext tx, Func<UFix64> clock, RebalancerEventLog events, SchedulerConfig? config = null)
    {
        _tx = tx;
        _clock = clock;
        Events = events;
        Config = config ?? SchedulerConfig.Default;
    }

    private State S
    {
        get
        {
            _tx.Touch(this, () => { var saved = _s; _s = saved.Copy(); return () => _s = saved; });
            return _s;
        }
    }

    /// <summary>FLOW the scheduler kept: every fee paid, less cancellation refunds.</summary>
    public UFix64 FeesHeld => _s.FeesHeld;

    public ScheduledRun? Find(ulong id) => _s.Runs.TryGetValue(id, out var r) ? r : null;
    public ScheduledRunStatus? StatusOf(ulong id) => Find(id)?.Status;

    /// <summary>Ids for handlers (a rebalancer's uuid): one sequence, so ids never collide.</summary>
    public long NewHandlerId() => S.NextHandlerId++;

    /// <summary>The earliest pending due time, or null when nothing is scheduled.</summary>
    public UFix64? NextDue => Pending().Select(r => (UFix64?)r.Due).FirstOrDefault();

    private IEnumerable<ScheduledRun> Pending() =>
        _s.Runs.Values.Where(r => r.Status == ScheduledRunStatus.Scheduled).OrderBy(r => r.Due).ThenBy(r => r.Id);

    /// <summary>FlowTransactionScheduler.schedule: the due time must lie in the future; the fee is kept until run or cancel.</summary>
    public ScheduledRun Schedule(IScheduledHandler handler, UFix64 due, UFix64 fee)
    {
        if (due <= Now) throw new ProtocolException($"Invalid timestamp: {due} is not in the future (now {Now})");
        var s = S;
        var run = new ScheduledRun(s.NextRunId++, due, handler, fee, ScheduledRunStatus.Scheduled);
        s.Runs[run.Id] = run;
        s.FeesHeld += fee;
        return run;
    }

    /// <summary>FlowTransactionScheduler.cancel: a still-scheduled run returns fee × refundMultiplier; anything else returns 0.</summary>
    public UFix64 Cancel(ulong id)
    {
        if (Find(id) is not { Status: ScheduledRunStatus.Scheduled } run) return UFix64.Zero;
        var s = S;
        s.Runs[id] = run with { Status = ScheduledRunStatus.Cancelled };
        UFix64 refund = run.FeePaid * Config.RefundMultiplier;
        s.FeesHeld -= refund;
        return refund;
    }

    /// <summary>Executes every run due at or before <paramref name="now"/>; returns how many ran.</summary>
    public int RunDue(UFix64 now)
    {
        int count = 0;
        while (RunNextDue(now)) count++;
        return count;
    }

    /// <summary>
    /// Executes the first due run, if any (callers that interleave other logs with ours step one run at a time).
    /// The run is marked Executed in its own transaction first, so a handler that reverts is still not retried.
    /// </summary>
    public bool RunNextDue(UFix64 now)
    {
        if (_tx.InTransaction) throw new InvalidOperationException("scheduled runs execute in their own transactions");
        if (Pending().FirstOrDefault() is not { } run || run.Due > now) return false;
        _tx.Run(() => S.Runs[run.Id] = run with { Status = ScheduledRunStatus.Executed });
        try { run.Handler.ExecuteTransaction(run); }
        catch (ProtocolException e) { _tx.Run(() => Events.Emit(new ScheduledRunFailed(run.Id, e.Reason))); }
        return true;
    }
}

using Akka.Actor;
using FlowAlp.Actors.Engine;
using FlowAlp.Actors.Positions;
using FlowAlp.Actors.Rebalancing;
using FlowAlp.Protocol;
using FlowAlp.Protocol.Events;
using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Actors.Pool;

/// <summary>Turns the rebalance supervisor's cron on (spec §4.8: hourly in the contract's tests).</summary>
public sealed record EnableRebalanceSupervisor(ulong CronSeconds = 3600);

/// <summary>
/// Scheduled rebalancers: the supervisor keeps the due list (virtual-time timer wheel, ordered by due time then
/// rebalancer id) and moves the funds — the rebalance itself and the fee from the funder to the scheduler's account —
/// because it is the single writer; each rebalancer actor keeps its own record of runs.
/// </summary>
public sealed partial class PoolSupervisor
{
    /// <summary>The account that collects scheduler fees, so every fee stays inside the conserved world.</summary>
    public const string SchedulerAccount = "flow-scheduler";

    private sealed class Booking(long id, long position, IActorRef actor, RebalancerSpec spec)
    {
        public long Id = id, Position = position;
        public IActorRef Actor = actor;
        public RebalancerSpec Spec = spec;
        public UFix64? LastRun, Next;
    }

    private readonly SortedDictionary<long, Booking> _bookings = new();
    private readonly SortedSet<(UFix64 Due, long Id)> _due = new();
    private readonly Dictionary<long, long> _paidByPosition = new();
    private IActorRef? _cron;
    private long _nextRebalancerId;

    private void ReceiveRebalancers()
    {
        Receive<AddRebalancer>(m => WhenIdle(m, () => AddRebalancerNow(m)));
        Receive<RemoveRebalancer>(m => WhenIdle(m, () =>
        {
            if (!_paidByPosition.Remove(m.Position, out var id)) { Sender.Tell(new Status.Failure(new ProtocolException($"No rebalancer for position {m.Position}"))); return; }
            var b = _bookings[id];
            if (b.Next is { } due) _due.Remove((due, id));
            _bookings.Remove(id);
            Context.Stop(b.Actor);
            Sender.Tell(new Status.Success(id));
        }));
        Receive<EnableRebalanceSupervisor>(m => WhenIdle(m, () =>
        {
            _cron ??= Context.ActorOf(RebalanceSupervisorActor.Props(m.CronSeconds, ThePool.Now).WithDispatcher(AkkaConfig.Dispatcher), "rebalance-supervisor");
            foreach (var p in _paidByPosition.Keys) _cron.Tell(new RegisterPaidRebalancer(p));
            Sender.Tell(new Status.Success(m.CronSeconds));
        }));
        Receive<RebalancerReady>(m => Collect(m.Tick, m));
        Receive<CronRun>(m => Collect(m.Tick, m));
    }

    private void AddRebalancerNow(AddRebalancer m)
    {
        try
        {
            m.Spec.Validate();
            ThePool.PositionOf(m.Position);
            if (_paidByPosition.ContainsKey(m.Position)) throw new ProtocolException("rebalancer already exists");
        }
        catch (Exception e) when (e is ArgumentException or ProtocolException) { Sender.Tell(new Status.Failure(e)); return; }
        long id = _nextRebalancerId++;
        var actor = Context.ActorOf(RebalancerActor.Props(id, m.Position, m.Spec).WithDispatcher(AkkaConfig.Dispatcher), $"rebalancer-{id}");
        var b = new Booking(id, m.Position, actor, m.Spec) { LastRun = ThePool.Now };
        _bookings[id] = b;
        _paidByPosition[m.Position] = id;
        _cron?.Tell(new RegisterPaidRebalancer(m.Position));
        FixReschedule(b); // a new paid rebalancer schedules at once: first run at creation + interval
        Sender.Tell(new RebalancerAdded(id, m.Position, b.Next));
    }

    /// <summary>fixReschedule: if no run is pending, pay the fee and book the next one (FixedReschedule), or report FailedRecurringSchedule.</summary>
    private void FixReschedule(Booking b)
    {
        if (b.Next is not null) return;
        var now = ThePool.Now;
        var next = RecurringSchedule.NextRun(b.LastRun ?? now, b.Spec.IntervalSeconds, now);
        if (TryChargeFee(b))
        {
            Book(b, next);
            b.Actor.Tell(new Rescheduled(next));
            _log.AppendEngine(now, "FixedReschedule", ("rebalancer", b.Id), ("position", b.Position), ("nextRun", next.ToString()));
        }
        else
        {
            _log.AppendEngine(now, "FailedRecurringSchedule", ("rebalancer", b.Id), ("position", b.Position));
            _counters.FailedSchedules++;
        }
    }

    private void Book(Booking b, UFix64 due)
    {
        b.Next = due;
        _due.Add((due, b.Id));
    }

    /// <summary>The funder pays feeWithMargin to the scheduler; a funder that cannot is a failed schedule (nothing moves).</summary>
    private bool TryChargeFee(Booking b)
    {
        if (b.Spec.FeeWithMargin.IsZero) return true;
        try
        {
            World.Tx.Run(() =>
            {
                World.Accounts.Debit(b.Spec.Funder, b.Spec.FeeToken, b.Spec.FeeWithMargin);
                World.Accounts.Credit(SchedulerAccount, b.Spec.FeeToken, b.Spec.FeeWithMargin);
            });
            return true;
        }
        catch (ProtocolException) { return false; }
    }

    private void RunDueRebalancers(Action then)
    {
        var now = ThePool.Now;
        var due = _due.TakeWhile(d => d.Due <= now).ToList();
        var order = new Dictionary<long, int>();
        foreach (var (d, id) in due)
        {
            _due.Remove((d, id));
            var b = _bookings[id];
            b.Next = null;
            order[id] = order.Count;
            b.Actor.Tell(new RunDue(_tick, now, TrySnapshot(b.Position), PositionActorOf(b.Position)));
        }
        Expect(due.Count, replies =>
        {
            foreach (var r in replies.Cast<RebalancerReady>().OrderBy(r => order[r.RebalancerId]))
                ApplyRebalancerRun(r);
            then();
        });
    }

    private void ApplyRebalancerRun(RebalancerReady r)
    {
        var now = ThePool.Now;
        if (!_bookings.TryGetValue(r.RebalancerId, out var b)) return; // removed while its run was in flight
        bool rebalanced = false;
        if (r.Decision.Needed)
        {
            try
            {
                ThePool.Rebalance(b.Position, b.Spec.Force);
                var events = ThePool.TakeEvents();
                rebalanced = events.Any(e => e is Rebalanced);
                _log.AppendProtocol(now, events);
                if (rebalanced) { _counters.Rebalances++; Refresh(b.Position); }
            }
            catch (ProtocolException e)
            {
                ThePool.TakeEvents();
                _log.AppendEngine(now, "RebalanceFailed", ("rebalancer", b.Id), ("position", b.Position), ("reason", e.Reason));
            }
        }
        b.LastRun = now;
        UFix64? next = null;
        if (TryChargeFee(b)) { next = r.NextIfPaid; Book(b, r.NextIfPaid); }
        _log.AppendEngine(now, "RebalancerRun", ("rebalancer", b.Id), ("position", b.Position), ("rebalanced", rebalanced), ("nextRun", next?.ToString()));
        if (next is null)
        {
            _log.AppendEngine(now, "FailedRecurringSchedule", ("rebalancer", b.Id), ("position", b.Position));
            _counters.FailedSchedules++;
        }
        b.Actor.Tell(new RunApplied(now, rebalanced, next));
    }

    private void RunCron(Action then)
    {
        if (_cron is null) { then(); return; }
        _cron.Tell(new CronDue(_tick, ThePool.Now));
        Expect(1, replies =>
        {
            var run = (CronRun)replies[0];
            if (run.Executed)
            {
                _log.AppendEngine(ThePool.Now, "SupervisorExecuted");
                var pruned = new List<long>();
                foreach (var pid in run.Positions)
                {
                    if (_paidByPosition.TryGetValue(pid, out var id)) FixReschedule(_bookings[id]);
                    else
                    {
                        pruned.Add(pid);
                        _log.AppendEngine(ThePool.Now, "RemovedPaidRebalancer", ("position", pid));
                    }
                }
                if (pruned.Count > 0) _cron.Tell(new PruneRebalancers(pruned));
            }
            then();
        });
    }
}

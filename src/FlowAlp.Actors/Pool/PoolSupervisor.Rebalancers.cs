using Akka.Actor;
using FlowAlp.Actors.Engine;
using FlowAlp.Actors.Positions;
using FlowAlp.Actors.Rebalancing;
using FlowAlp.Protocol;

namespace FlowAlp.Actors.Pool;

/// <summary>Turns the rebalance supervisor's cron on (spec §4.8: hourly in the contract's tests).</summary>
public sealed record EnableRebalanceSupervisor(ulong CronSeconds = 3600);

/// <summary>
/// Scheduled rebalancers: the core keeps the due list (a virtual-time timer wheel ordered by due time, then rebalancer
/// id) and moves the funds — the rebalance and the fee — because the supervisor is the single writer; each rebalancer
/// run goes to its position actor for a decision, and each rebalancer actor keeps its own record of runs.
/// </summary>
public sealed partial class PoolSupervisor
{
    private readonly DenseTable<IActorRef> _rebalancers = new();
    private IActorRef? _cron;

    private void ReceiveRebalancers()
    {
        Receive<AddRebalancer>(m => WhenIdle(m, () =>
        {
            PoolCore.Booking b;
            try { b = _core.AddRebalancer(m.Position, m.Spec); }
            catch (Exception e) when (e is ArgumentException or ProtocolException) { Sender.Tell(new Status.Failure(e)); return; }
            var actor = Context.ActorOf(RebalancerActor.Props(b.Id, m.Position, m.Spec).WithDispatcher(AkkaConfig.Dispatcher), $"r{b.Id}");
            _rebalancers.Set(b.Id, actor);
            if (b.Next is { } first) actor.Tell(new Rescheduled(first));
            _cron?.Tell(new RegisterPaidRebalancer(m.Position));
            Sender.Tell(new RebalancerAdded(b.Id, m.Position, b.Next));
        }));
        Receive<RemoveRebalancer>(m => WhenIdle(m, () =>
        {
            try
            {
                var b = _core.RemoveRebalancer(m.Position);
                if (_rebalancers.Remove(b.Id, out var actor)) Context.Stop(actor!);
                Sender.Tell(new Status.Success(b.Id));
            }
            catch (ProtocolException e) { Sender.Tell(new Status.Failure(e)); }
        }));
        Receive<EnableRebalanceSupervisor>(m => WhenIdle(m, () =>
        {
            _cron ??= Context.ActorOf(RebalanceSupervisorActor.Props(m.CronSeconds, ThePool.Now).WithDispatcher(AkkaConfig.Dispatcher), "rebalance-supervisor");
            foreach (var p in _core.RebalancedPositions) _cron.Tell(new RegisterPaidRebalancer(p));
            Sender.Tell(new Status.Success(m.CronSeconds));
        }));
        Receive<RebalancerReady>(m => Collect(m.Tick, m));
        Receive<CronRun>(m => Collect(m.Tick, m));
    }

    private void RunDueRebalancers(Action then)
    {
        var due = _core.TakeDueRebalancers();
        var now = ThePool.Now;
        var screen = _core.Screen();
        // a run whose position is certainly inside its health bounds plans nothing: it is applied here without waking the
        // position (its fee is still charged); the rest go to their positions, whose replies close the barrier
        var quiet = new bool[due.Count];
        int woken = 0;
        for (int i = 0; i < due.Count; i++)
        {
            var b = due[i];
            if (_core.IsQuiet(screen, b)) { quiet[i] = true; continue; }
            woken++;
            PositionActorOf(b.Position).Tell(new RebalanceDue(_tick, b.Id, b.Spec.Force, TrySnapshot(b.Position), Self, NextRun(b, now)));
        }
        Expect(woken, replies =>
        {
            var decisions = new Dictionary<long, RebalancerReady>(replies.Count);
            foreach (RebalancerReady r in replies) decisions[r.RebalancerId] = r;
            for (int i = 0; i < due.Count; i++)
            {
                var b = due[i];
                var (needed, nextIfPaid) = quiet[i] ? (false, NextRun(b, now)) : (decisions[b.Id].Decision.Needed, decisions[b.Id].NextIfPaid);
                if (_core.ApplyRebalancerRun(b.Id, needed, nextIfPaid) is not { } run) continue;
                if (run.Rebalanced) Refresh(b.Position);
                _rebalancers[b.Id]!.Tell(new RunApplied(now, run.Rebalanced, run.Next));
            }
            then();
        });
    }

    private static Protocol.Numerics.UFix64 NextRun(PoolCore.Booking b, Protocol.Numerics.UFix64 now) => RecurringSchedule.NextRun(now, b.Spec.IntervalSeconds, now);

    private void RunCron(Action then)
    {
        if (_cron is null) { then(); return; }
        _cron.Tell(new CronDue(_tick, ThePool.Now));
        Expect(1, replies =>
        {
            var run = (CronRun)replies[0];
            if (run.Executed)
            {
                var (pruned, fixedRuns) = _core.ApplyCron(run.Positions);
                foreach (var (id, next) in fixedRuns) _rebalancers[id]!.Tell(new Rescheduled(next));
                if (pruned.Count > 0) _cron.Tell(new PruneRebalancers(pruned));
            }
            then();
        });
    }
}

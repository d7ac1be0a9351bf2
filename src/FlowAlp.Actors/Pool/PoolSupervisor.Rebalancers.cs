using Akka.Actor;
using FlowAlp.Actors.Engine;
using FlowAlp.Actors.Positions;
using FlowAlp.Actors.Rebalancing;
using FlowAlp.Protocol;
using FlowAlp.Engine.Core;
using FlowAlp.Engine.Loop;
using FlowAlp.Engine.Positions;
using FlowAlp.Engine.Rebalancing;

namespace FlowAlp.Actors.Pool;

/// <summary>Turns the rebalance supervisor's cron on (spec §4.8: hourly in the contract's tests).</summary>
public sealed record EnableRebalanceSupervisor(ulong CronSeconds = 3600);

/// <summary>
/// Scheduled rebalancers: the core keeps the due list (a virtual-time timer wheel ordered by due time, then rebalancer
/// id) and moves the funds — the rebalance and the fee — because the supervisor is the single writer; a run that the
/// screen cannot settle goes for a decision to its position's host, in a batch, or to its position actor where it has
/// one (PoolSupervisor.Wakes.cs); each rebalancer's record of runs is kept passive in
/// <see cref="RebalancerDirectory"/> (an actor only while a message must reach it).
/// </summary>
public sealed partial class PoolSupervisor
{
    private readonly RebalancerDirectory _rebalancers = new(Context);
    private IActorRef? _cron;
    private CronSchedule? _cronSchedule; // the cron actor's state, for snapshots

    private void ReceiveRebalancers()
    {
        Receive<AddRebalancer>(m => WhenIdle(m, () =>
        {
            RebalancerAdded added;
            try { added = AddRebalancerNow(m.Position, m.Spec); }
            catch (Exception e) when (e is ArgumentException or ProtocolException) { Sender.Tell(new Status.Failure(e)); return; }
            Sender.Tell(added);
        }));
        Receive<RemoveRebalancer>(m => WhenIdle(m, () =>
        {
            try
            {
                var b = _core.Schedule.Remove(m.Position);
                _rebalancers.Remove(b.Id);
                Sender.Tell(new Status.Success(b.Id));
            }
            catch (ProtocolException e) { Sender.Tell(new Status.Failure(e)); }
        }));
        Receive<EnableRebalanceSupervisor>(m => WhenIdle(m, () =>
        {
            if (_cron is null) StartCron(new CronSchedule(m.CronSeconds, ThePool.Now));
            foreach (var p in _core.Schedule.RebalancedPositions) _cron.Tell(new RegisterPaidRebalancer(p));
            Sender.Tell(new Status.Success(m.CronSeconds));
        }));
        Receive<RebalancerReady>(m =>
        {
            // with no message faults the run was sent without a ticket and its reply doubles as the position's idle notice
            if (_core.Messages.IsEmpty) (_positions as LocalPositionDirectory)?.Idle(m.Decision.Position);
            Collect(m.Tick, RunKey(m.RebalancerId), m);
        });
        Receive<RunsDecided>(m => Collect(m.Tick, HostedKey(m.Batch), m));
        Receive<RebalancerIdle>(_rebalancers.Idle);
        Receive<GetRebalancer>(m => WhenIdle(m, () =>
        {
            if (!_rebalancers.Exists(m.RebalancerId)) Sender.Tell(new Status.Failure(new ArgumentException($"rebalancer: {m.RebalancerId} is not booked")));
            else if (_rebalancers.IsLive(m.RebalancerId)) _rebalancers.Tell(m.RebalancerId, new GetRebalancerState(), Sender);
            else Sender.Tell(_rebalancers.State(m.RebalancerId));
        }));
        Receive<CronRun>(m => Collect(m.Tick, CronKey, m));
    }

    /// <summary>Books the rebalancer in the core (a refusal throws, nothing changed) and starts its actor.</summary>
    private RebalancerAdded AddRebalancerNow(long position, RebalancerSpec spec)
    {
        var b = _core.Schedule.Add(position, spec);
        _rebalancers.Add(b.Id, position);
        if (b.Next is { } first) _rebalancers.Record(b.Id, new Rescheduled(first), Self);
        _cron?.Tell(new RegisterPaidRebalancer(position));
        return new RebalancerAdded(b.Id, position, b.Next);
    }

    private void StartCron(CronSchedule schedule)
    {
        _cronSchedule = schedule;
        _cron = Context.ActorOf(RebalanceSupervisorActor.Props(schedule).WithDispatcher(AkkaConfig.Dispatcher), "rebalance-supervisor");
    }

    private static string RunKey(long rebalancerId) => "run:" + rebalancerId;
    private const string CronKey = "cron";

    /// <summary>Phase Rebalancers: due runs, the woken positions' decisions (a barrier), applied by (due time, id).</summary>
    private void RunDueRebalancers()
    {
        var due = _core.Schedule.TakeDue();
        var now = ThePool.Now;
        // a run whose position certainly plans nothing is applied here without waking the position (its fee is still
        // charged); while message faults are active every run is messaged, since they act on those messages
        var screen = _core.Messages.IsEmpty ? _core.Screen() : null;
        var quiet = new bool[due.Count];
        for (int i = 0; i < due.Count; i++) quiet[i] = _core.Schedule.IsQuiet(screen, due[i]);
        var plan = PlanWakes(due, quiet);
        Expect(plan.Keys(), replies =>
        {
            var ready = new Dictionary<long, RebalancerReady>();
            bool?[]? hosted = null; // a hosted run's decision, by its index in the due list
            foreach (var reply in replies)
            {
                if (reply is RebalancerReady r) ready[r.RebalancerId] = r;
                else if (reply is RunsDecided d) plan.Take(d, hosted ??= new bool?[due.Count]);
            }
            for (int i = 0; i < due.Count; i++) // applied by (due time, rebalancer id), whatever the arrival order (trips exist only under message faults)
            {
                var b = due[i];
                if (!quiet[i] && _trips.Count > 0 && TripRecord(RunKey(b.Id)) is { } d && !_core.LogDelivery("RebalanceDue", ("rebalancer", b.Id), d))
                {
                    if (_core.SettleUndeliveredRun(b, d) is { } later) _rebalancers.Record(b.Id, new Rescheduled(later), Self); // for its record
                    continue;
                }
                var (needed, nextIfPaid) = quiet[i] ? (false, _core.NextRunIfPaid(b))
                    : hosted?[i] is { } h ? (h, _core.NextRunIfPaid(b))
                    : (ready[b.Id].Decision.Needed, ready[b.Id].NextIfPaid);
                if (_core.ApplyRebalancerRun(b.Id, needed, nextIfPaid) is not { } run) continue;
                if (run.Rebalanced) Refresh(b.Position);
                _rebalancers.Applied(b.Id, now, run.Rebalanced, run.Next, Self);
            }
            PhaseDone();
        });
        // the due list is the supervisor's timer wheel: the run goes straight to the position's host or actor, which
        // answers the barrier; the rebalancer actor gets the outcome (RunApplied) for its record
        if (plan.Units.Count > 0) { _wake = plan; SendWakes(); }
    }

    /// <summary>Phase Cron: when the rebalance supervisor's cron is due, fixReschedule every registered rebalancer.</summary>
    private void RunCron()
    {
        if (_cron is null) { PhaseDone(); return; }
        Expect([CronKey], replies =>
        {
            var run = (CronRun)replies[0];
            if (run.Executed)
            {
                var (pruned, fixedRuns) = _core.Schedule.ApplyCron(run.Positions);
                foreach (var (id, next) in fixedRuns) _rebalancers.Record(id, new Rescheduled(next), Self);
                if (pruned.Count > 0) _cron.Tell(new PruneRebalancers(pruned));
            }
            PhaseDone();
        });
        _cron.Tell(new CronDue(_tick, ThePool.Now));
    }
}

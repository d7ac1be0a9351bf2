using Akka.Actor;
using FlowAlp.Actors.Positions;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Protocol.Positions;
using FlowAlp.Engine.Positions;
using FlowAlp.Engine.Rebalancing;

namespace FlowAlp.Actors.Rebalancing;

/// <summary>A due run's answer to the supervisor's barrier (sent by the position actor): its decision and the run's next time if the fee is paid.</summary>
public sealed record RebalancerReady(long Tick, long RebalancerId, RebalanceDecision Decision, UFix64 NextIfPaid);
/// <summary>What the supervisor applied: whether the pool rebalanced, and the next booked run (none: FailedRecurringSchedule).</summary>
public sealed record RunApplied(UFix64 Time, bool Rebalanced, UFix64? NextRun);
/// <summary>A fixReschedule that booked a run (from the supervisor cron or a user).</summary>
public sealed record Rescheduled(UFix64 NextRun);
public sealed record GetRebalancerState;
public sealed record RebalancerState(long Id, long Position, long Runs, long Rebalances, long FixedReschedules, long FailedSchedules, UFix64? LastRun, UFix64? NextRun);

/// <summary>A live rebalancer actor handled one message its directory counts; <paramref name="Record"/> is its record after it.</summary>
public sealed record RebalancerIdle(long Id, RebalancerState Record);
/// <summary>Asks the supervisor for a rebalancer's record (from its row, or from its actor while one lives). Replies <see cref="RebalancerState"/>.</summary>
public sealed record GetRebalancer(long RebalancerId);

/// <summary>
/// One scheduled rebalancer (spec §4.8) bound to one position. The supervisor owns the due list (a virtual-time
/// timer wheel) and charges fees, because fees move funds; the rebalancer's record — runs, last execution, next run,
/// the counters of FixedReschedule and FailedRecurringSchedule — is kept passive in the supervisor's table
/// (<see cref="RebalancerDirectory"/>). This actor is made from that record when a message must reach the rebalancer,
/// keeps it while it lives, and hands it back with each idle notice; the supervisor stops it when nothing is outstanding.
/// </summary>
public sealed class RebalancerActor : UntypedActor
{
    private readonly long _id, _position;
    private int _runs, _rebalances, _fixed, _failed;
    private UFix64? _lastRun, _nextRun;
    private bool _crashNext, _crashCounted;

    /// <summary>The record handed from a crashed instance to its replacement (see PreRestart).</summary>
    private sealed record RestoreRecord(int Runs, int Rebalances, int Fixed, int Failed, UFix64? LastRun, UFix64? NextRun);

    public RebalancerActor(RebalancerState record)
    {
        _id = record.Id; _position = record.Position;
        (_runs, _rebalances, _fixed, _failed, _lastRun, _nextRun) =
            ((int)record.Runs, (int)record.Rebalances, (int)record.FixedReschedules, (int)record.FailedSchedules, record.LastRun, record.NextRun);
    }

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case RestoreRecord r: (_runs, _rebalances, _fixed, _failed, _lastRun, _nextRun) = (r.Runs, r.Rebalances, r.Fixed, r.Failed, r.LastRun, r.NextRun); break;
            // acknowledged when it crashes (PreRestart), if the supervisor sent it (only what it sends is counted)
            case CrashOnNextMessage: _crashNext = true; _crashCounted = Sender.Equals(Context.Parent); break;
            case RunApplied m:
                CrashIfAsked();
                _runs++; _lastRun = m.Time; _nextRun = m.NextRun;
                if (m.Rebalanced) _rebalances++;
                if (m.NextRun is null) _failed++;
                Idle();
                break;
            case Rescheduled m: CrashIfAsked(); _fixed++; _nextRun = m.NextRun; Idle(); break;
            case GetRebalancerState: Sender.Tell(State()); Idle(); break;
            default: Unhandled(message); break;
        }
    }

    private RebalancerState State() => new(_id, _position, _runs, _rebalances, _fixed, _failed, _lastRun, _nextRun);

    private void Idle() => Context.Parent.Tell(new RebalancerIdle(_id, State()));

    private void CrashIfAsked()
    {
        if (!_crashNext) return;
        _crashNext = false;
        throw new Chaos.InjectedCrashException($"rebalancer {_id}");
    }

    /// <summary>
    /// Supervision restarts a crashed rebalancer with its record: the old instance hands it over first, then the message it
    /// was handling (nothing else waits in its mailbox: the supervisor sends one outcome per run), and acknowledges the
    /// spent crash arm.
    /// </summary>
    protected override void PreRestart(Exception reason, object message)
    {
        Self.Tell(new RestoreRecord(_runs, _rebalances, _fixed, _failed, _lastRun, _nextRun));
        if (message is RunApplied or Rescheduled) Self.Tell(message);
        if (reason is Chaos.InjectedCrashException && _crashCounted) Idle();
        base.PreRestart(reason, message);
    }

    /// <summary>An UntypedActor on the compact mailbox.</summary>
    public static Props Props(RebalancerState record) =>
        Akka.Actor.Props.Create(() => new RebalancerActor(record)).WithDispatcher(Engine.AkkaConfig.Dispatcher).WithMailbox(Engine.CompactMailbox.Id);
}

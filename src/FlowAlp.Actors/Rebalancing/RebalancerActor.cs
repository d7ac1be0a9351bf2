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

/// <summary>
/// One scheduled rebalancer (spec §4.8) bound to one position. The supervisor owns the due list (a virtual-time
/// timer wheel) and charges fees, because fees move funds; this actor owns the rebalancer's record: runs, last
/// execution, next run, the counters of FixedReschedule and FailedRecurringSchedule.
/// </summary>
public sealed class RebalancerActor : UntypedActor
{
    private readonly long _id, _position;
    private readonly RebalancerSpec _spec;
    private int _runs, _rebalances, _fixed, _failed; // a year of 10-minute runs is 52,560: ints are plenty
    private UFix64? _lastRun, _nextRun;
    private bool _crashNext;

    /// <summary>The record handed from a crashed instance to its replacement (see PreRestart).</summary>
    private sealed record RestoreRecord(int Runs, int Rebalances, int Fixed, int Failed, UFix64? LastRun, UFix64? NextRun);

    public RebalancerActor(long id, long position, RebalancerSpec spec)
    {
        _id = id; _position = position; _spec = spec;
    }

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case RestoreRecord r: (_runs, _rebalances, _fixed, _failed, _lastRun, _nextRun) = (r.Runs, r.Rebalances, r.Fixed, r.Failed, r.LastRun, r.NextRun); break;
            case RebalancerState r when r.Id == _id: // its record from a state snapshot
                (_runs, _rebalances, _fixed, _failed, _lastRun, _nextRun) = ((int)r.Runs, (int)r.Rebalances, (int)r.FixedReschedules, (int)r.FailedSchedules, r.LastRun, r.NextRun);
                break;
            case CrashOnNextMessage: _crashNext = true; break;
            case RunApplied m:
                CrashIfAsked();
                _runs++; _lastRun = m.Time; _nextRun = m.NextRun;
                if (m.Rebalanced) _rebalances++;
                if (m.NextRun is null) _failed++;
                break;
            case Rescheduled m: CrashIfAsked(); _fixed++; _nextRun = m.NextRun; break;
            case GetRebalancerState: Sender.Tell(new RebalancerState(_id, _position, _runs, _rebalances, _fixed, _failed, _lastRun, _nextRun)); break;
            default: Unhandled(message); break;
        }
    }

    private void CrashIfAsked()
    {
        if (!_crashNext) return;
        _crashNext = false;
        throw new Chaos.InjectedCrashException($"rebalancer {_id}");
    }

    /// <summary>
    /// Supervision restarts a crashed rebalancer with its record: the old instance hands it over first, then the message it
    /// was handling (nothing else waits in its mailbox: the supervisor sends one outcome per run). The record lives in the
    /// actor, not in a holder object, because there is one rebalancer per position.
    /// </summary>
    protected override void PreRestart(Exception reason, object message)
    {
        Self.Tell(new RestoreRecord(_runs, _rebalances, _fixed, _failed, _lastRun, _nextRun));
        if (message is RunApplied or Rescheduled) Self.Tell(message);
        base.PreRestart(reason, message);
    }

    /// <summary>An UntypedActor on the compact mailbox: one per rebalanced position, idle between its runs.</summary>
    public static Props Props(long id, long position, RebalancerSpec spec) =>
        Akka.Actor.Props.Create(() => new RebalancerActor(id, position, spec)).WithDispatcher(Engine.AkkaConfig.Dispatcher).WithMailbox(Engine.CompactMailbox.Id);
}

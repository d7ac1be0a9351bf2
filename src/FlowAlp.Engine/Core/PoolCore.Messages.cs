using FlowAlp.Protocol.Numerics;
using FlowAlp.Engine.Chaos;
using FlowAlp.Engine.Rebalancing;

namespace FlowAlp.Engine.Core;

/// <summary>The core's side of message faults: the faults in force, and how a faulted round trip is logged and settled.</summary>
public sealed partial class PoolCore
{
    /// <summary>The message faults in force (both engines read them; <see cref="MessageFaults.None"/> on the production path).</summary>
    public MessageFaults Messages { get; private set; } = MessageFaults.None;

    /// <summary>Every faulted round trip so far (reports tally them whether or not the event log is kept in memory).</summary>
    private readonly List<DeliveryRecord> _deliveries = new();

    public void SetMessageFault(MessageFault f) => Messages = f.Active ? Messages.With(f.Rule) : Messages.Without(f.Rule.Fault);

    /// <summary>
    /// Logs a faulted round trip as an engine event (MessageRetried / MessageLost / MessageDelayed, with the drops and
    /// whether a copy was duplicated). Returns whether its reply arrived and is to be applied.
    /// </summary>
    public bool LogDelivery(string message, (string Field, object Value) subject, Delivery d)
    {
        if (!d.Faulted) return true;
        _deliveries.Add(new DeliveryRecord(Now.Floor, message, d));
        string type = d.Outcome switch { DeliveryOutcome.Lost => "MessageLost", DeliveryOutcome.Delayed => "MessageDelayed", _ => d.Drops > 0 ? "MessageRetried" : "MessageDuplicated" };
        Log.AppendEngine(Now, type, ("message", message), (subject.Field, subject.Value), ("dropped", d.Drops), ("duplicated", d.Duplicated),
            ("delaySeconds", d.Outcome == DeliveryOutcome.Delayed ? (object)d.DelaySeconds : null));
        return d.Outcome == DeliveryOutcome.Delivered;
    }

    /// <summary>
    /// A rebalancer run whose round trip did not complete: delayed, it is booked again <c>DelaySeconds</c> later (no fee:
    /// the run has not executed); lost, it stays unbooked until the supervisor cron's fixReschedule repairs it.
    /// </summary>
    /// <returns>The run's new time when it was booked again.</returns>
    public UFix64? SettleUndeliveredRun(Booking b, Delivery d) =>
        d.Outcome == DeliveryOutcome.Delayed ? Schedule.BookAgain(b, d.DelaySeconds) : null;

    /// <summary>When a run that executes now books its next one if the fee is paid.</summary>
    public UFix64 NextRunIfPaid(Booking b) => RecurringSchedule.NextRun(Now, IntervalOf(b), Now);
}

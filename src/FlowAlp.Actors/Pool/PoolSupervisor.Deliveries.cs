using Akka.Actor;
using FlowAlp.Actors.Chaos;
using FlowAlp.Engine.Chaos;
using FlowAlp.Engine.Core;

namespace FlowAlp.Actors.Pool;

/// <summary>A reply that will not come: the channel dropped or delayed it (the barrier's timeout, in virtual time).</summary>
public sealed record Undelivered(long Tick, string Key, int Attempt, MessageFate Fate, ulong DelaySeconds);
/// <summary>Reads the supervisor's channel tally (tests): requests sent again, duplicate replies and notices ignored.</summary>
public sealed record GetDeliveryStats;
public sealed record DeliveryStats(long Resent, long DuplicatesIgnored, long NoticesIgnored);

/// <summary>
/// Round trips under message faults. With no fault active a request is a plain Tell. Otherwise each request carries a
/// <see cref="ChannelTicket"/>: the supervisor decides its own sends' fate, the replying actor decides its reply's; a
/// drop is sent again (attempt + 1) up to MaxRetries, then the round trip is lost; a delay ends it for this block.
/// Outcomes are logged when the phase applies its replies, in the phase's canonical order, so the log does not depend
/// on arrival order and equals the plain loop's (which plays the same round trips with <see cref="MessageFaults.Plan"/>).
/// </summary>
public sealed partial class PoolSupervisor
{
    private sealed class Trip(string key, MessageKind? request, MessageKind reply, long position, string? name, Action<ChannelTicket> send)
    {
        public string Key => key;
        public MessageKind? Request => request;
        public MessageKind Reply => reply;
        public long Position => position;
        public string? Name => name;
        public Action<ChannelTicket> Send => send;
        public int Attempt, Drops;
        public bool Duplicated;
        public DeliveryOutcome? Outcome;
        public ulong DelaySeconds;
        public Delivery Record => new(Attempt + 1, Drops, Duplicated, Outcome ?? DeliveryOutcome.Delivered, DelaySeconds);
    }

    private readonly Dictionary<string, Trip> _trips = new(StringComparer.Ordinal);
    private long _resent, _duplicatesIgnored, _noticesIgnored;

    private void ReceiveDeliveries()
    {
        Receive<Undelivered>(OnUndelivered);
        Receive<GetDeliveryStats>(_ => Sender.Tell(new DeliveryStats(_resent, _duplicatesIgnored, _noticesIgnored)));
    }

    /// <summary>Sends a request whose reply closes <paramref name="key"/> of the current barrier (through the faulty channel when faults are active).</summary>
    private void StartTrip(string key, MessageKind? request, MessageKind reply, long position, string? name, Action<ChannelTicket?> send)
    {
        if (_core.Messages.IsEmpty) { send(null); return; }
        var t = new Trip(key, request, reply, position, name, send);
        _trips[key] = t;
        SendAttempt(t);
    }

    private void SendAttempt(Trip t)
    {
        var faults = _core.Messages;
        var ticket = new ChannelTicket(_tick, t.Key, t.Attempt, ThePool.Now, faults);
        var (fate, delay) = t.Request is { } rk ? faults.Fate(rk, ThePool.Now, t.Position, t.Name, t.Attempt) : (MessageFate.Deliver, 0UL);
        switch (fate)
        {
            case MessageFate.Drop: Dropped(t); break;
            case MessageFate.Delay: Delayed(t, delay); break;
            case MessageFate.Duplicate: t.Duplicated = true; t.Send(ticket); t.Send(ticket); break;
            default: t.Send(ticket); break;
        }
    }

    private void OnUndelivered(Undelivered n)
    {
        if (_barrier is null || n.Tick != _tick || !_barrier.IsPending(n.Key) || !_trips.TryGetValue(n.Key, out var t) || t.Attempt != n.Attempt)
        {
            _noticesIgnored++; // the copy of a duplicated request reports the same loss twice
            return;
        }
        if (n.Fate == MessageFate.Delay) Delayed(t, n.DelaySeconds);
        else Dropped(t);
    }

    private void Dropped(Trip t)
    {
        t.Drops++;
        if (t.Attempt >= _core.Messages.MaxRetries) { t.Outcome = DeliveryOutcome.Lost; Resolve(t.Key); return; }
        t.Attempt++;
        _resent++;
        SendAttempt(t);
    }

    private void Delayed(Trip t, ulong delaySeconds)
    {
        t.Outcome = DeliveryOutcome.Delayed;
        t.DelaySeconds = delaySeconds;
        Resolve(t.Key);
    }

    /// <summary>A reply counted by the barrier: its round trip is delivered (a duplicated reply is known from the pure fate).</summary>
    private void Delivered(string key)
    {
        if (!_trips.TryGetValue(key, out var t)) return;
        t.Outcome = DeliveryOutcome.Delivered;
        if (_core.Messages.Fate(t.Reply, ThePool.Now, t.Position, t.Name, t.Attempt).Fate == MessageFate.Duplicate) t.Duplicated = true;
    }

    /// <summary>The round trip's record when faults touched it (null: a plain delivery).</summary>
    private Delivery? TripRecord(string key) => _trips.TryGetValue(key, out var t) && t.Record.Faulted ? t.Record : null;
}

using Akka.Actor;
using FlowAlp.Actors.Pool;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Engine.Chaos;
using FlowAlp.Engine.Core;

namespace FlowAlp.Actors.Chaos;

/// <summary>
/// What a request carries when message faults are active: the barrier it belongs to (tick, key), which send it is
/// (attempt) and the faults in force. Null on the production path, where replies are plain Tells.
/// </summary>
public sealed record ChannelTicket(long Tick, string Key, int Attempt, UFix64 Time, MessageFaults Faults);

/// <summary>
/// The sending side of a lossy link: delivers a reply, sends it twice, or — dropped or delayed — tells the barrier it
/// will not come (<see cref="Undelivered"/>). That notice is the barrier's timeout in virtual time: the engine never
/// waits on a wall clock, so the channel that lost the message reports the loss, and the supervisor retries.
/// </summary>
public static class FaultyChannel
{
    public static void Reply(IActorRef to, object reply, IActorRef from, ChannelTicket? ticket, MessageKind kind, long position = -1, string? name = null)
    {
        if (ticket is null) { to.Tell(reply, from); return; }
        var (fate, delay) = ticket.Faults.Fate(kind, ticket.Time, position, name, ticket.Attempt);
        switch (fate)
        {
            case MessageFate.Deliver: to.Tell(reply, from); break;
            case MessageFate.Duplicate: to.Tell(reply, from); to.Tell(reply, from); break;
            default: to.Tell(new Undelivered(ticket.Tick, ticket.Key, ticket.Attempt, fate, delay), from); break;
        }
    }
}

using Akka.Actor;
using FlowAlp.Engine.Positions;

namespace FlowAlp.Actors.Positions;

/// <summary>A position's address in its directory: Tell sends through the directory, with the supervisor as sender.</summary>
public readonly struct PositionRef(IPositionDirectory directory, long position, IActorRef sender)
{
    public void Tell(object message) => directory.Tell(position, message, sender);
}

using Akka.Actor;
using FlowAlp.Protocol.Positions;
using FlowAlp.Engine.Positions;

namespace FlowAlp.Actors.Positions;

/// <summary>
/// Where the pool supervisor's position actors live: its own children (one process, <see cref="LocalPositionDirectory"/>)
/// or cluster-sharding entities keyed by position id (<see cref="Cluster.ShardedPositionDirectory"/>). The supervisor
/// only registers positions as the pool opens them and sends to a position id; it never needs to know which.
/// </summary>
public interface IPositionDirectory
{
    /// <summary>Positions registered so far (ids 0 .. Count-1).</summary>
    int Count { get; }

    /// <summary>Positions that have a live actor (the invariant check compares it with the pool's position count).</summary>
    int Live { get; }

    /// <summary>Registers positions up to <paramref name="count"/>; <paramref name="initial"/> gives a new actor its first replica.</summary>
    void Ensure(long count, Func<long, PositionSnapshot?> initial);

    void Tell(long position, object message, IActorRef sender);

    /// <summary>The position's actor ref where one can be handed out (local children), else null.</summary>
    IActorRef? ActorOf(long position);
}

/// <summary>Builds the supervisor's directory inside the supervisor (a local directory needs its context to create children).</summary>
public delegate IPositionDirectory PositionDirectoryFactory(IActorContext context);

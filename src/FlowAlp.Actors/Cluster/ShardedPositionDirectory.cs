using Akka.Actor;
using FlowAlp.Actors.Positions;
using FlowAlp.Protocol.Positions;
using FlowAlp.Engine.Positions;

namespace FlowAlp.Actors.Cluster;

/// <summary>
/// Positions as cluster-sharding entities: a message goes to the node's shard region in a <see cref="PositionEnvelope"/>,
/// and sharding starts the entity wherever its shard lives. A new or moved entity starts empty and asks the supervisor
/// (the single writer) for its replica, so nothing is lost when a node leaves and its shards move.
/// </summary>
public sealed class ShardedPositionDirectory(IActorRef region) : IPositionDirectory
{
    private int _count;

    public int Count => _count;

    /// <summary>Sharding (re)starts an entity on its next message, so every registered position has one.</summary>
    public int Live => _count;

    public void Ensure(long count, Func<long, PositionSnapshot?> initial)
    {
        if (count > _count) _count = checked((int)count);
    }

    public void Tell(long position, object message, IActorRef sender) => region.Tell(new PositionEnvelope(position, message), sender);

    /// <summary>No per-entity ref exists outside its shard: ask through the region with a <see cref="PositionEnvelope"/>.</summary>
    public IActorRef? ActorOf(long position) => null;
}

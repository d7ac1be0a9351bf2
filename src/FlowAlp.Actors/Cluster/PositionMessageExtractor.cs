using System.Globalization;
using Akka.Cluster.Sharding;

namespace FlowAlp.Actors.Cluster;

/// <summary>
/// Position entities are keyed by position id; a position's shard is the hash of its id modulo the configured number of
/// shards (which must never change while a cluster lives, so it comes from the cluster file, not from the scenario).
/// </summary>
public sealed class PositionMessageExtractor(int shards) : HashCodeMessageExtractor(shards)
{
    public override string? EntityId(object message) =>
        message is PositionEnvelope e ? e.Position.ToString(CultureInfo.InvariantCulture) : null;

    public override object? EntityMessage(object message) => message is PositionEnvelope e ? e.Message : message;
}

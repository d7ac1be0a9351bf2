namespace FlowAlp.Actors.Cluster;

/// <summary>A message for the position entity <paramref name="Position"/>, routed by the shard region (see <see cref="PositionMessageExtractor"/>).</summary>
public sealed record PositionEnvelope(long Position, object Message);

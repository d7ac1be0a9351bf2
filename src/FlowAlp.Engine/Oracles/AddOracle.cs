using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Engine.Oracles;

/// <summary>An oracle actor for <paramref name="Token"/> fed by <paramref name="Path"/> (ticks read it; setPrice steps override it).</summary>
public sealed record AddOracle(string Token, IPricePath Path, UFix64? StaleThreshold = null, IReadOnlyList<IPricePath>? Sources = null,
    FlowAlp.Protocol.Oracles.AggregatorConfig? Aggregator = null)
{
    /// <summary>The feed: one path, or (with <see cref="Aggregator"/>) the aggregate of <see cref="Sources"/>.</summary>
    public OracleFeed Feed() => Aggregator is { } c ? new OracleFeed(Token, Sources is { Count: > 0 } s ? s : [Path], StaleThreshold, c) : new OracleFeed(Token, Path, StaleThreshold);
}

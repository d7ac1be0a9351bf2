using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Engine.Oracles;

/// <summary>The oracle's answer: a price in MOET, or none (no sample yet, or the sample is stale).</summary>
public sealed record PriceReport(long Tick, string Token, UFix64? Price, string? Rejection = null);

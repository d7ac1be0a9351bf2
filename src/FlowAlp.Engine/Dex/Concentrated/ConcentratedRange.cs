using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Engine.Dex.Concentrated;

/// <summary>
/// A liquidity range to seed, in trader terms: the prices of the base token in the quote token where it starts and
/// ends, and its depth (the quote-token value of its tokens at the pool's opening price).
/// </summary>
public readonly record struct ConcentratedRange(UFix64 LowerPrice, UFix64 UpperPrice, UFix64 Depth);

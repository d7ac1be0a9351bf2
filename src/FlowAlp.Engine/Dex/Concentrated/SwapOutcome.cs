using System.Numerics;

namespace FlowAlp.Engine.Dex.Concentrated;

/// <summary>
/// What a swap moved, from the pool's side: the token0 and token1 deltas (positive = paid into the pool, negative =
/// paid out; the input includes the fee), and where the price ended.
/// </summary>
public readonly record struct SwapOutcome(BigInteger Amount0, BigInteger Amount1, BigInteger SqrtPriceX96, int Tick, UInt128 Liquidity, int TicksCrossed);

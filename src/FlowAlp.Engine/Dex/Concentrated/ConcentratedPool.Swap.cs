using System.Numerics;
using FlowAlp.Protocol;

namespace FlowAlp.Engine.Dex.Concentrated;

/// <summary>The swap loop of <see cref="ConcentratedPool"/>: steps between initialized ticks, crossing them.</summary>
public sealed partial class ConcentratedPool
{
    /// <summary>
    /// Swaps token0 for token1 (<paramref name="zeroForOne"/>) or back. <paramref name="amountSpecified"/> &gt; 0 is an
    /// exact input (fee included), &lt; 0 an exact output; the swap stops early at <paramref name="sqrtPriceLimitX96"/>
    /// (null: the end of the tick range; at the limit already, nothing moves). With <paramref name="commit"/> false nothing changes (a quote).
    /// </summary>
    public SwapOutcome Swap(bool zeroForOne, BigInteger amountSpecified, BigInteger? sqrtPriceLimitX96 = null, bool commit = true)
    {
        if (amountSpecified.IsZero) throw new ArgumentException("amount: must not be 0");
        BigInteger sqrtP = SqrtPriceX96;
        BigInteger limit = sqrtPriceLimitX96 ?? (zeroForOne ? TickMath.MinSqrtRatio + 1 : TickMath.MaxSqrtRatio - 1);
        // v3 reverts when the price already sits at the limit; here that swap simply moves nothing.
        if (zeroForOne ? !(limit <= sqrtP && limit > TickMath.MinSqrtRatio) : !(limit >= sqrtP && limit < TickMath.MaxSqrtRatio))
            throw new ArgumentException("sqrt price limit: on the wrong side of the current price or outside the tick range");

        bool exactIn = amountSpecified.Sign > 0;
        BigInteger remaining = amountSpecified, calculated = BigInteger.Zero;
        BigInteger liquidity = Liquidity;
        BigInteger feeGrowth = zeroForOne ? FeeGrowthGlobal0X128 : FeeGrowthGlobal1X128;
        int tick = Tick, crossed = 0;
        while (!remaining.IsZero && sqrtP != limit)
        {
            BigInteger start = sqrtP;
            var (tickNext, initialized) = NextInitializedTick(tick, zeroForOne);
            BigInteger sqrtNext = TickMath.SqrtRatioAtTick(tickNext);
            BigInteger target = (zeroForOne ? sqrtNext < limit : sqrtNext > limit) ? limit : sqrtNext;
            var step = SwapMath.ComputeSwapStep(sqrtP, target, liquidity, remaining, Tier.FeePips);
            sqrtP = step.SqrtPriceNextX96;
            if (exactIn) { remaining -= step.AmountIn + step.FeeAmount; calculated -= step.AmountOut; }
            else { remaining += step.AmountOut; calculated += step.AmountIn + step.FeeAmount; }
            if (liquidity.Sign > 0) feeGrowth = FullMath.AddWrap(feeGrowth, FullMath.MulDiv(step.FeeAmount, FullMath.Q128, liquidity));
            if (sqrtP == sqrtNext)
            {
                if (initialized)
                {
                    BigInteger net = (BigInteger)_ticks[tickNext].LiquidityNet;
                    if (commit) Cross(tickNext, zeroForOne ? feeGrowth : FeeGrowthGlobal0X128, zeroForOne ? FeeGrowthGlobal1X128 : feeGrowth);
                    liquidity += zeroForOne ? -net : net;
                    crossed++;
                }
                tick = zeroForOne ? tickNext - 1 : tickNext;
            }
            else if (sqrtP != start) tick = TickMath.TickAtSqrtRatio(sqrtP);
        }
        BigInteger amount0 = zeroForOne == exactIn ? amountSpecified - remaining : calculated;
        BigInteger amount1 = zeroForOne == exactIn ? calculated : amountSpecified - remaining;
        if (commit)
        {
            ulong new0 = Checked(Balance0 + amount0), new1 = Checked(Balance1 + amount1);
            _sqrtPriceX96 = U256.From(sqrtP);
            Tick = tick;
            Liquidity = (UInt128)liquidity;
            if (zeroForOne) _feeGrowthGlobal0X128 = U256.From(feeGrowth); else _feeGrowthGlobal1X128 = U256.From(feeGrowth);
            Balance0 = new0; Balance1 = new1;
        }
        return new SwapOutcome(amount0, amount1, sqrtP, tick, (UInt128)liquidity, crossed);
    }

    /// <summary>Flips a tick's outside fee growth as the price crosses it (the side away from the price changes).</summary>
    private void Cross(int tick, BigInteger global0, BigInteger global1)
    {
        var t = _ticks[tick];
        t.FeeGrowthOutside0X128 = U256.From(FullMath.SubWrap(global0, t.FeeGrowthOutside0X128.Value));
        t.FeeGrowthOutside1X128 = U256.From(FullMath.SubWrap(global1, t.FeeGrowthOutside1X128.Value));
    }

    /// <summary>Going down: the greatest initialized tick ≤ tick; going up: the smallest &gt; tick; else the range end.</summary>
    private (int Tick, bool Initialized) NextInitializedTick(int tick, bool lte)
    {
        int at = _initializedTicks.BinarySearch(tick);
        if (lte)
        {
            int i = at >= 0 ? at : ~at - 1;
            return i >= 0 ? (_initializedTicks[i], true) : (TickMath.MinTick, false);
        }
        int j = at >= 0 ? at + 1 : ~at;
        return j < _initializedTicks.Count ? (_initializedTicks[j], true) : (TickMath.MaxTick, false);
    }
}

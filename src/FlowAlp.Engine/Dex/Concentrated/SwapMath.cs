using System.Numerics;

namespace FlowAlp.Engine.Dex.Concentrated;

/// <summary>One step of a swap inside a range of constant liquidity: where the price ends and what moved.</summary>
public readonly record struct SwapStep(BigInteger SqrtPriceNextX96, BigInteger AmountIn, BigInteger AmountOut, BigInteger FeeAmount);

/// <summary>
/// v3's SwapMath.computeSwapStep: swap within [current, target] price with constant liquidity, the fee (in pips,
/// millionths) taken from the input. <paramref name="amountRemaining"/> &gt; 0 is an exact input still to spend,
/// &lt; 0 an exact output still to receive. The fee of a step that stops short of the target is everything the
/// trader paid that did not go into the curve (so an exact-in swap spends its input to the last unit).
/// </summary>
public static class SwapMath
{
    public const uint PipsDenominator = 1_000_000;

    public static SwapStep ComputeSwapStep(BigInteger sqrtCurrent, BigInteger sqrtTarget, BigInteger liquidity, BigInteger amountRemaining, uint feePips)
    {
        bool zeroForOne = sqrtCurrent >= sqrtTarget;
        bool exactIn = amountRemaining.Sign >= 0;
        BigInteger sqrtNext, amountIn = BigInteger.Zero, amountOut = BigInteger.Zero;
        if (exactIn)
        {
            var lessFee = FullMath.MulDiv(amountRemaining, PipsDenominator - feePips, PipsDenominator);
            amountIn = zeroForOne ? SqrtPriceMath.Amount0Delta(sqrtTarget, sqrtCurrent, liquidity, true)
                                  : SqrtPriceMath.Amount1Delta(sqrtCurrent, sqrtTarget, liquidity, true);
            sqrtNext = lessFee >= amountIn ? sqrtTarget : SqrtPriceMath.NextSqrtPriceFromInput(sqrtCurrent, liquidity, lessFee, zeroForOne);
        }
        else
        {
            amountOut = zeroForOne ? SqrtPriceMath.Amount1Delta(sqrtTarget, sqrtCurrent, liquidity, false)
                                   : SqrtPriceMath.Amount0Delta(sqrtCurrent, sqrtTarget, liquidity, false);
            sqrtNext = -amountRemaining >= amountOut ? sqrtTarget : SqrtPriceMath.NextSqrtPriceFromOutput(sqrtCurrent, liquidity, -amountRemaining, zeroForOne);
        }
        bool max = sqrtTarget == sqrtNext;
        if (zeroForOne)
        {
            if (!(max && exactIn)) amountIn = SqrtPriceMath.Amount0Delta(sqrtNext, sqrtCurrent, liquidity, true);
            if (!(max && !exactIn)) amountOut = SqrtPriceMath.Amount1Delta(sqrtNext, sqrtCurrent, liquidity, false);
        }
        else
        {
            if (!(max && exactIn)) amountIn = SqrtPriceMath.Amount1Delta(sqrtCurrent, sqrtNext, liquidity, true);
            if (!(max && !exactIn)) amountOut = SqrtPriceMath.Amount0Delta(sqrtCurrent, sqrtNext, liquidity, false);
        }
        if (!exactIn && amountOut > -amountRemaining) amountOut = -amountRemaining; // the output never exceeds what was asked
        var fee = exactIn && sqrtNext != sqrtTarget
            ? amountRemaining - amountIn
            : FullMath.MulDivRoundingUp(amountIn, feePips, PipsDenominator - feePips);
        return new SwapStep(sqrtNext, amountIn, amountOut, fee);
    }
}

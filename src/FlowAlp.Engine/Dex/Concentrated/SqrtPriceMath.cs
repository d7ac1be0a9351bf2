using System.Numerics;

namespace FlowAlp.Engine.Dex.Concentrated;

/// <summary>
/// Token amounts between two sqrt prices for a liquidity L, and the sqrt price after adding or removing an amount,
/// as v3's SqrtPriceMath (whitepaper 6.2.1: Δ√P = Δy/L, Δ(1/√P) = Δx/L). Every result rounds in the pool's favour:
/// amounts the pool receives round up, amounts it pays round down, and the next price rounds so that the pool never
/// gives more than the amount paid for. Products are exact (BigInteger), so v3's overflow fallbacks never apply.
/// </summary>
public static class SqrtPriceMath
{
    /// <summary>Sqrt price after adding (or removing) <paramref name="amount"/> of token0: L·√P / (L ± Δx·√P), rounded up.</summary>
    public static BigInteger NextSqrtPriceFromAmount0RoundingUp(BigInteger sqrtP, BigInteger liquidity, BigInteger amount, bool add)
    {
        if (amount.IsZero) return sqrtP;
        BigInteger numerator1 = liquidity << 96, product = amount * sqrtP;
        if (add) return FullMath.MulDivRoundingUp(numerator1, sqrtP, numerator1 + product);
        if (numerator1 <= product) throw new InvalidOperationException("sqrt price: removing more token0 than the liquidity holds");
        return FullMath.MulDivRoundingUp(numerator1, sqrtP, numerator1 - product);
    }

    /// <summary>Sqrt price after adding (or removing) <paramref name="amount"/> of token1: √P ± Δy/L, rounded down.</summary>
    public static BigInteger NextSqrtPriceFromAmount1RoundingDown(BigInteger sqrtP, BigInteger liquidity, BigInteger amount, bool add)
    {
        if (add) return sqrtP + (amount << 96) / liquidity;
        var quotient = FullMath.DivRoundingUp(amount << 96, liquidity);
        if (sqrtP <= quotient) throw new InvalidOperationException("sqrt price: removing more token1 than the liquidity holds");
        return sqrtP - quotient;
    }

    public static BigInteger NextSqrtPriceFromInput(BigInteger sqrtP, BigInteger liquidity, BigInteger amountIn, bool zeroForOne) =>
        zeroForOne ? NextSqrtPriceFromAmount0RoundingUp(sqrtP, liquidity, amountIn, true)
                   : NextSqrtPriceFromAmount1RoundingDown(sqrtP, liquidity, amountIn, true);

    public static BigInteger NextSqrtPriceFromOutput(BigInteger sqrtP, BigInteger liquidity, BigInteger amountOut, bool zeroForOne) =>
        zeroForOne ? NextSqrtPriceFromAmount1RoundingDown(sqrtP, liquidity, amountOut, false)
                   : NextSqrtPriceFromAmount0RoundingUp(sqrtP, liquidity, amountOut, false);

    /// <summary>Token0 between two sqrt prices: L·(√Pb − √Pa)/(√Pa·√Pb) in Q96, rounded up or down.</summary>
    public static BigInteger Amount0Delta(BigInteger sqrtA, BigInteger sqrtB, BigInteger liquidity, bool roundUp)
    {
        if (sqrtA > sqrtB) (sqrtA, sqrtB) = (sqrtB, sqrtA);
        BigInteger numerator1 = liquidity << 96, numerator2 = sqrtB - sqrtA;
        return roundUp
            ? FullMath.DivRoundingUp(FullMath.MulDivRoundingUp(numerator1, numerator2, sqrtB), sqrtA)
            : FullMath.MulDiv(numerator1, numerator2, sqrtB) / sqrtA;
    }

    /// <summary>Token1 between two sqrt prices: L·(√Pb − √Pa) in Q96, rounded up or down.</summary>
    public static BigInteger Amount1Delta(BigInteger sqrtA, BigInteger sqrtB, BigInteger liquidity, bool roundUp)
    {
        if (sqrtA > sqrtB) (sqrtA, sqrtB) = (sqrtB, sqrtA);
        return roundUp ? FullMath.MulDivRoundingUp(liquidity, sqrtB - sqrtA, FullMath.Q96) : FullMath.MulDiv(liquidity, sqrtB - sqrtA, FullMath.Q96);
    }
}

using System.Numerics;
using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Engine.Dex.Concentrated;

/// <summary>
/// From trader terms to pool terms: sqrt prices from UFix64 prices of a base token in a quote token, tick ranges
/// from price ranges (widened outwards to the tick spacing), and the liquidity whose tokens are worth a given depth
/// of the quote token at the current price. All integer; every rounding is towards less liquidity.
/// </summary>
public static class PoolSeeding
{
    private static readonly BigInteger Scale = UFix64.One.Raw;

    /// <summary>Q64.96 sqrt of the token1-per-token0 price when <paramref name="baseToken"/> costs <paramref name="price"/> quote.</summary>
    public static BigInteger SqrtPriceX96(bool baseIsToken0, UFix64 price)
    {
        if (price.IsZero) throw new ArgumentException("price: must be greater than 0");
        BigInteger ratioQ192 = baseIsToken0 ? ((BigInteger)price.Raw << 192) / Scale : (Scale << 192) / price.Raw;
        return ISqrt(ratioQ192);
    }

    /// <summary>The tick range covering [lowerPrice, upperPrice] of the base token, its ends on the tick spacing.</summary>
    public static (int Lower, int Upper) TickRange(bool baseIsToken0, UFix64 lowerPrice, UFix64 upperPrice, int spacing)
    {
        if (lowerPrice >= upperPrice) throw new ArgumentException($"range: lower price {lowerPrice} must be below upper price {upperPrice}");
        var (a, b) = (SqrtPriceX96(baseIsToken0, lowerPrice), SqrtPriceX96(baseIsToken0, upperPrice));
        if (a > b) (a, b) = (b, a); // the base token is token1: a higher base price is a lower token0 price
        a = BigInteger.Clamp(a, TickMath.MinSqrtRatio, TickMath.MaxSqrtRatio - 1);
        b = BigInteger.Clamp(b, TickMath.MinSqrtRatio, TickMath.MaxSqrtRatio - 1);
        int lower = FloorTo(TickMath.TickAtSqrtRatio(a), spacing), upper = -FloorTo(-TickMath.TickAtSqrtRatio(b), spacing);
        if (upper == lower) upper += spacing;
        lower = Math.Max(lower, -FloorTo(-TickMath.MinTick, spacing));
        upper = Math.Min(upper, FloorTo(TickMath.MaxTick, spacing));
        return (lower, upper);
    }

    private static int FloorTo(int tick, int spacing) => tick - (((tick % spacing) + spacing) % spacing);

    /// <summary>
    /// The largest liquidity over [lower, upper) whose tokens at the pool's current price are worth at most
    /// <paramref name="depthRaw"/> raw units of the quote token (token1 when <paramref name="quoteIsToken1"/>).
    /// </summary>
    public static UInt128 LiquidityForDepth(ConcentratedPool pool, int lower, int upper, bool quoteIsToken1, ulong depthRaw)
    {
        BigInteger sa = TickMath.SqrtRatioAtTick(lower), sb = TickMath.SqrtRatioAtTick(upper), sp = pool.SqrtPriceX96;
        BigInteger c = BigInteger.Clamp(sp, sa, sb), p2 = sp * sp, q96 = FullMath.Q96;
        // per unit of liquidity: token1 = (c − sa)/Q96, token0 = Q96·(sb − c)/(c·sb); valued at P = sp²/Q96²
        BigInteger numerator = quoteIsToken1 ? depthRaw * c * sb * q96 : depthRaw * c * sb * p2;
        BigInteger denominator = quoteIsToken1 ? (c - sa) * c * sb + (sb - c) * p2 : q96 * ((sb - c) * p2 + (c - sa) * c * sb);
        var l = numerator / denominator;
        return l > UInt128.MaxValue ? UInt128.MaxValue : (UInt128)l;
    }

    private static BigInteger ISqrt(BigInteger n)
    {
        if (n < 2) return n;
        int bits = (int)((n.GetBitLength() + 1) / 2);
        BigInteger x = BigInteger.One << bits;
        while (true)
        {
            var y = (x + n / x) >> 1;
            if (y >= x) return x;
            x = y;
        }
    }
}

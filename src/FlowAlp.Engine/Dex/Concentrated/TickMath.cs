using System.Numerics;

namespace FlowAlp.Engine.Dex.Concentrated;

/// <summary>
/// Ticks ↔ sqrt prices exactly as Uniswap v3's TickMath: price(tick) = 1.0001^tick, sqrt price as Q64.96.
/// <see cref="SqrtRatioAtTick"/> multiplies the precomputed Q128 factors 1/sqrt(1.0001)^(2^k) of the tick's bits
/// (truncating each product), inverts for positive ticks and rounds up to Q96, so its results are v3's bit for bit;
/// <see cref="TickAtSqrtRatio"/> returns the greatest tick whose sqrt ratio is at most the price (v3's definition),
/// found by exact comparisons with <see cref="SqrtRatioAtTick"/> around a floating-point estimate rather than v3's
/// fixed-point log₂ approximation (same answer, no magic constants).
/// </summary>
public static class TickMath
{
    public const int MinTick = -887272;
    public const int MaxTick = 887272;

    /// <summary>SqrtRatioAtTick(MinTick).</summary>
    public static readonly BigInteger MinSqrtRatio = new(4295128739UL);

    /// <summary>SqrtRatioAtTick(MaxTick).</summary>
    public static readonly BigInteger MaxSqrtRatio = BigInteger.Parse("1461446703485210103287273052203988822378723970342");

    private static readonly BigInteger MaxUint256 = FullMath.Mod256 - 1;

    // Q128 values of 1/sqrt(1.0001)^(2^k) for k = 1..19 (bit 0 is the start value); v3's published constants.
    private static readonly BigInteger[] Factors = new[]
    {
        "fff97272373d413259a46990580e213a", "fff2e50f5f656932ef12357cf3c7fdcc", "ffe5caca7e10e4e61c3624eaa0941cd0",
        "ffcb9843d60f6159c9db58835c926644", "ff973b41fa98c081472e6896dfb254c0", "ff2ea16466c96a3843ec78b326b52861",
        "fe5dee046a99a2a811c461f1969c3053", "fcbe86c7900a88aedcffc83b479aa3a4", "f987a7253ac413176f2b074cf7815e54",
        "f3392b0822b70005940c7a398e4b70f3", "e7159475a2c29b7443b29c7fa6e889d9", "d097f3bdfd2022b8845ad8f792aa5825",
        "a9f746462d870fdf8a65dc1f90e061e5", "70d869a156d2a1b890bb3df62baf32f7", "31be135f97d08fd981231505542fcfa6",
        "9aa508b5b7a84e1c677de54f3e99bc9", "5d6af8dedb81196699c329225ee604", "2216e584f5fa1ea926041bedfe98",
        "48a170391f7dc42444e8fa2",
    }.Select(Hex).ToArray();

    private static readonly BigInteger Bit0Factor = Hex("fffcb933bd6fad37aa2d162d1a594001");

    private static BigInteger Hex(string h) => BigInteger.Parse("0" + h, System.Globalization.NumberStyles.HexNumber);

    /// <summary>sqrt(1.0001^tick) · 2^96, rounded as v3 (bit-exact).</summary>
    public static BigInteger SqrtRatioAtTick(int tick)
    {
        if (tick < MinTick || tick > MaxTick) throw new ArgumentOutOfRangeException(nameof(tick), tick, "tick: outside [MinTick, MaxTick]");
        int abs = Math.Abs(tick);
        BigInteger ratio = (abs & 1) != 0 ? Bit0Factor : FullMath.Q128;
        for (int k = 1; k < 20; k++)
            if ((abs & (1 << k)) != 0) ratio = (ratio * Factors[k - 1]) >> 128;
        if (tick > 0) ratio = MaxUint256 / ratio;
        // Q128.128 → Q64.96, rounding up so that TickAtSqrtRatio(SqrtRatioAtTick(t)) == t.
        return (ratio >> 32) + ((ratio & uint.MaxValue).IsZero ? 0 : 1);
    }

    /// <summary>The greatest tick t with SqrtRatioAtTick(t) ≤ <paramref name="sqrtPriceX96"/>.</summary>
    public static int TickAtSqrtRatio(BigInteger sqrtPriceX96)
    {
        if (sqrtPriceX96 < MinSqrtRatio || sqrtPriceX96 >= MaxSqrtRatio)
            throw new ArgumentOutOfRangeException(nameof(sqrtPriceX96), "sqrt price: outside [MinSqrtRatio, MaxSqrtRatio)");
        // A floating-point log only picks where to start; exact comparisons with SqrtRatioAtTick decide, so the answer
        // is the same integer whatever the platform's rounding of Math.Log.
        double guess = 2 * (BigInteger.Log(sqrtPriceX96) - 96 * Math.Log(2)) / Math.Log(1.0001);
        int tick = (int)Math.Clamp(Math.Floor(guess), MinTick, MaxTick - 1);
        while (tick > MinTick && SqrtRatioAtTick(tick) > sqrtPriceX96) tick--;
        while (tick < MaxTick - 1 && SqrtRatioAtTick(tick + 1) <= sqrtPriceX96) tick++;
        return tick;
    }
}

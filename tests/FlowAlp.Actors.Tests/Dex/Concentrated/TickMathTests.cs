using System.Numerics;
using FlowAlp.Engine.Dex.Concentrated;

namespace FlowAlp.Actors.Tests.Dex.Concentrated;

/// <summary>TickMath against v3's published constants and its own inverse.</summary>
public class TickMathTests
{
    [Fact]
    public void Sqrt_ratios_at_the_range_ends_and_tick_zero_are_v3s()
    {
        Assert.Equal(new BigInteger(4295128739UL), TickMath.SqrtRatioAtTick(TickMath.MinTick));
        Assert.Equal(BigInteger.Parse("1461446703485210103287273052203988822378723970342"), TickMath.SqrtRatioAtTick(TickMath.MaxTick));
        Assert.Equal(BigInteger.One << 96, TickMath.SqrtRatioAtTick(0));
        // v3's test vectors: getSqrtRatioAtTick(50) and (-50)
        Assert.Equal(BigInteger.Parse("79426470787362580746886972461"), TickMath.SqrtRatioAtTick(50));
        Assert.Equal(BigInteger.Parse("79030349367926598376800521322"), TickMath.SqrtRatioAtTick(-50));
    }

    [Fact]
    public void Tick_at_sqrt_ratio_is_the_greatest_tick_at_or_below_the_price()
    {
        Assert.Equal(TickMath.MinTick, TickMath.TickAtSqrtRatio(TickMath.MinSqrtRatio));
        Assert.Equal(TickMath.MaxTick - 1, TickMath.TickAtSqrtRatio(TickMath.MaxSqrtRatio - 1));
        foreach (int t in new[] { -887271, -200000, -1, 0, 1, 60, 115129, 887271 })
        {
            var r = TickMath.SqrtRatioAtTick(t);
            Assert.Equal(t, TickMath.TickAtSqrtRatio(r));
            Assert.Equal(t - 1, TickMath.TickAtSqrtRatio(r - 1));
        }
    }

    [Fact]
    public void Sqrt_ratio_rises_with_the_tick_and_is_off_range_outside()
    {
        BigInteger prev = TickMath.SqrtRatioAtTick(-1000);
        for (int t = -999; t <= 1000; t++) { var r = TickMath.SqrtRatioAtTick(t); Assert.True(r > prev); prev = r; }
        Assert.Throws<ArgumentOutOfRangeException>(() => TickMath.SqrtRatioAtTick(TickMath.MaxTick + 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => TickMath.TickAtSqrtRatio(TickMath.MaxSqrtRatio));
    }

    [Fact]
    public void Tick_at_sqrt_ratio_brackets_random_prices_over_the_whole_range()
    {
        var rng = new Random(19);
        for (int i = 0; i < 2000; i++)
        {
            // log-uniform over [MinSqrtRatio, MaxSqrtRatio): random bit length, random bits
            int bits = rng.Next(33, 161);
            var bytes = new byte[bits / 8 + 2];
            rng.NextBytes(bytes);
            bytes[^1] = 0;
            var p = BigInteger.Clamp(new BigInteger(bytes) >> (bytes.Length * 8 - 8 - bits), TickMath.MinSqrtRatio, TickMath.MaxSqrtRatio - 1);
            int t = TickMath.TickAtSqrtRatio(p);
            Assert.True(TickMath.SqrtRatioAtTick(t) <= p && (t == TickMath.MaxTick || p < TickMath.SqrtRatioAtTick(t + 1)), $"{p} → {t}");
        }
    }
}

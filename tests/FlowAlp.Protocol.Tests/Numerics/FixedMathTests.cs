using System.Numerics;
using FlowAlp.Protocol.Numerics;
using Xunit;

namespace FlowAlp.Protocol.Tests.Numerics;

public class FixedMathTests
{
    private static UFix128 P(string s) => UFix128.Parse(s);
    private static UFix64 P64(string s) => UFix64.Parse(s);

    [Fact]
    public void PerSecondRate_is_rate_over_seconds_per_year_plus_one()
    {
        var rate = FixedMath.PerSecondRate(P("0.05"));
        // BigInteger reference: floor(0.05·10^24 · 10^24 / (31557600·10^24)) + 10^24
        var s = BigInteger.Pow(10, 24);
        var expected = 5 * BigInteger.Pow(10, 22) * s / (31_557_600 * s) + s;
        Assert.Equal(expected, (BigInteger)rate.Raw);
        Assert.Equal("1.000000001584404390701447", rate.ToString());
        Assert.Equal(UFix128.One, FixedMath.PerSecondRate(UFix128.Zero));
    }

    private static UFix128 NaivePow(UFix128 b, ulong n)
    {
        var r = UFix128.One;
        for (ulong i = 0; i < n; i++) r *= b;
        return r;
    }

    [Theory]
    [InlineData("1.0000001", 10UL)]
    [InlineData("1.2345", 3UL)]
    [InlineData("1.2345", 1UL)]
    [InlineData("1.2345", 2UL)]
    [InlineData("0.5", 7UL)]
    [InlineData("2", 10UL)]
    public void Pow_equals_repeated_multiplication(string b, ulong n) => Assert.Equal(NaivePow(P(b), n), FixedMath.Pow(P(b), n));

    [Fact]
    public void Pow_exact_values()
    {
        Assert.Equal("1.881365963625000000000000", FixedMath.Pow(P("1.2345"), 3).ToString());
        Assert.Equal("1024.000000000000000000000000", FixedMath.Pow(P("2"), 10).ToString());
        Assert.Equal(UFix128.One, FixedMath.Pow(P("1.2345"), 0));
        Assert.Equal(UFix128.One, FixedMath.Pow(UFix128.Zero, 0));
        Assert.Equal(UFix128.One, FixedMath.Pow(UFix128.Max, 0));
        Assert.Equal(UFix128.One, FixedMath.Pow(UFix128.One, 0));
        Assert.Equal(UFix128.One, FixedMath.Pow(UFix128.One, 1));
        Assert.Equal(UFix128.One, FixedMath.Pow(UFix128.One, 31_557_600));
        Assert.Equal(UFix128.One, FixedMath.Pow(UFix128.One, ulong.MaxValue));
        Assert.Equal(UFix128.Zero, FixedMath.Pow(UFix128.Zero, 5));
    }

    [Theory]
    [InlineData("0.01", 0.01005016708)]
    [InlineData("0.02", 0.02020134003)]
    [InlineData("0.05", 0.05127109638)]
    [InlineData("0.5", 0.6487212707)]
    [InlineData("1.0", 1.7182818285)]
    [InlineData("4.0", 53.5981500331)]
    public void EffectiveYearlyRate_approaches_e_to_the_r_minus_one(string rate, double expected)
    {
        double actual = FixedMath.EffectiveYearlyRate(P(rate)).ToDouble();
        Assert.InRange(actual, expected - 1e-4, expected + 1e-4);
        Assert.InRange(actual, Math.Exp(double.Parse(rate, System.Globalization.CultureInfo.InvariantCulture)) - 1 - 1e-4,
            Math.Exp(double.Parse(rate, System.Globalization.CultureInfo.InvariantCulture)) - 1 + 1e-4);
    }

    [Theory]
    [InlineData("1.03", 300UL, true)]
    [InlineData("1.0301", 301UL, false)]
    [InlineData("0.97", 309UL, false)]
    [InlineData("0.971", 298UL, true)]
    [InlineData("1.0", 0UL, true)]
    public void DeviationBps_examples(string dex, ulong bps, bool pass)
    {
        Assert.Equal(bps, FixedMath.DeviationBps(P64(dex), UFix64.One));
        Assert.Equal(pass, FixedMath.DexOracleDeviationInRange(P64(dex), UFix64.One, 300));
    }

    [Fact]
    public void Equal_prices_pass_with_zero_tolerance()
    {
        Assert.True(FixedMath.DexOracleDeviationInRange(P64("1.0"), P64("1.0"), 0));
        Assert.True(FixedMath.DexOracleDeviationInRange(P64("123.45678901"), P64("123.45678901"), 0));
        Assert.True(FixedMath.DexOracleDeviationInRange(UFix64.Zero, UFix64.Zero, 0));
        Assert.False(FixedMath.DexOracleDeviationInRange(P64("1.0001"), P64("1.0"), 0));
    }

    [Fact]
    public void DeviationBps_beyond_UInt16_reverts() =>
        Assert.Throws<FixedPointException>(() => FixedMath.DeviationBps(P64("10"), P64("0.001")));
}

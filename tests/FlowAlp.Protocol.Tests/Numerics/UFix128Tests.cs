using System.Numerics;
using CsCheck;
using FlowAlp.Protocol.Numerics;
using Xunit;
using static FlowAlp.Protocol.Tests.Numerics.NumericGens;

namespace FlowAlp.Protocol.Tests.Numerics;

public class UFix128Tests
{
    private const long Iter = 60_000;
    private static UFix128 P(string s) => UFix128.Parse(s);
    private static readonly UInt128 Step = 10_000_000_000_000_000UL; // 10^16 raw = 0.00000001

    private static void AssertOp(UInt128 a, UInt128 b, Func<UFix128, UFix128, UFix128> op, BigInteger? expected, string name)
    {
        UFix128 actual;
        try { actual = op(UFix128.FromRaw(a), UFix128.FromRaw(b)); }
        catch (FixedPointException)
        {
            Assert.True(expected is null, $"{a} {name} {b} threw but should be {expected}");
            return;
        }
        Assert.True(expected is not null, $"{a} {name} {b} returned {actual.Raw} instead of throwing");
        Assert.Equal(expected!.Value, (BigInteger)actual.Raw);
    }

    [Fact]
    public void Arithmetic_matches_BigInteger_reference() =>
        Gen.Select(UInt128Edge, UInt128Edge).Sample((a, b) =>
        {
            BigInteger A = a, B = b, S = (BigInteger)Scale24;
            AssertOp(a, b, (x, y) => x + y, Checked(A + B, Max128), "+");
            AssertOp(a, b, (x, y) => x - y, Checked(A - B, Max128), "-");
            AssertOp(a, b, (x, y) => x * y, Checked(A * B / S, Max128), "*");
            AssertOp(a, b, (x, y) => x / y, b == 0 ? null : Checked(A * S / B, Max128), "/");
        }, iter: Iter, threads: 1);

    [Fact]
    public void Text_round_trips() =>
        UInt128Edge.Sample(a => Assert.Equal(a, UFix128.Parse(UFix128.FromRaw(a).ToString()).Raw), iter: Iter / 6, threads: 1);

    [Fact]
    public void Rounding_to_UFix64_matches_reference() =>
        UInt128Edge.Sample(a =>
        {
            BigInteger q = (BigInteger)a / (BigInteger)Step, rem = (BigInteger)a % (BigInteger)Step;
            var v = UFix128.FromRaw(a);
            if (q > Max64)
            {
                Assert.Throws<FixedPointException>(() => v.RoundDown());
                Assert.Throws<FixedPointException>(() => v.RoundUp());
                Assert.Throws<FixedPointException>(() => v.RoundHalfUp());
                return;
            }
            Assert.Equal(q, (BigInteger)v.RoundDown().Raw);
            Assert.Equal(BigInteger.Min(rem > 0 ? q + 1 : q, Max64), (BigInteger)v.RoundUp().Raw);
            Assert.Equal(BigInteger.Min(rem * 2 >= (BigInteger)Step ? q + 1 : q, Max64), (BigInteger)v.RoundHalfUp().Raw);
        }, iter: Iter / 2, threads: 1);

    [Fact]
    public void Max_is_the_full_UInt128()
    {
        Assert.Equal("340282366920938.463463374607431768211455", UFix128.Max.ToString());
        Assert.Equal(UFix128.Max, P("340282366920938.463463374607431768211455"));
        Assert.Throws<FormatException>(() => P("340282366920938.463463374607431768211456"));
        Assert.Throws<FormatException>(() => P("340282366920939"));
        Assert.Equal("0.000000000000000000000001", UFix128.FromRaw(1).ToString());
        Assert.Equal("1.000000000000000000000000", UFix128.One.ToString());
        Assert.Throws<FixedPointException>(() => UFix128.Max + UFix128.FromRaw(1));
        Assert.Throws<FixedPointException>(() => UFix128.Zero - UFix128.FromRaw(1));
        Assert.Throws<FixedPointException>(() => UFix128.One / UFix128.Zero);
        Assert.Throws<FixedPointException>(() => UFix128.Max * P("1.000000000000000000000001"));
        Assert.Throws<FixedPointException>(() => UFix128.Max / P("0.999999999999999999999999"));
        Assert.Equal(UFix128.Max, UFix128.Max * UFix128.One);
        Assert.Equal(UFix128.Max, UFix128.Max / UFix128.One);
    }

    [Fact]
    public void Multiply_and_divide_truncate_at_24_decimals()
    {
        Assert.Equal("0.333333333333333333333333", (UFix128.One / P("3")).ToString());
        Assert.Equal("0.666666666666666666666666", (P("2") / P("3")).ToString());
        Assert.Equal("0.000000000000000000000000", (UFix128.FromRaw(1) * P("0.999999999999999999999999")).ToString());
        Assert.Equal("1.300000000009750000000073", (P("1.3") * P("1.0000000000075") + UFix128.FromRaw(73)).ToString());
        Assert.Equal(P("2.25"), P("1.5") * P("1.5"));
    }

    [Fact]
    public void Conversions_from_UFix64_are_exact()
    {
        Assert.Equal(P("184467440737.09551615"), UFix128.FromUFix64(UFix64.Max));
        Assert.Equal(P("0.00000001"), UFix64.Epsilon.ToUFix128());
        Assert.Equal(P("31557600"), UFix128.FromInteger(31_557_600));
    }

    [Fact]
    public void Rounding_helpers_at_remainder_boundaries()
    {
        UFix128 Raw(UInt128 steps, UInt128 rem) => UFix128.FromRaw(steps * Step + rem);
        UInt128 half = Step / 2; // 0.000000005

        // remainder 0
        Assert.Equal(P("1.5").RoundDown(), UFix64.Parse("1.5"));
        Assert.Equal(UFix64.Parse("1.5"), P("1.5").RoundUp());
        Assert.Equal(UFix64.Parse("1.5"), P("1.5").RoundHalfUp());
        // just below half a step
        var below = Raw(7, half - 1);
        Assert.Equal(7UL, below.RoundDown().Raw);
        Assert.Equal(8UL, below.RoundUp().Raw);
        Assert.Equal(7UL, below.RoundHalfUp().Raw);
        // exactly half a step: 0.000000075 -> 0.00000008
        var at = P("0.000000075");
        Assert.Equal(Raw(7, half), at);
        Assert.Equal(7UL, at.RoundDown().Raw);
        Assert.Equal(8UL, at.RoundUp().Raw);
        Assert.Equal(8UL, at.RoundHalfUp().Raw);
        // just above
        var above = Raw(7, half + 1);
        Assert.Equal(7UL, above.RoundDown().Raw);
        Assert.Equal(8UL, above.RoundUp().Raw);
        Assert.Equal(8UL, above.RoundHalfUp().Raw);
        // smallest remainder rounds up only with RoundUp
        Assert.Equal(1UL, UFix128.FromRaw(1).RoundUp().Raw);
        Assert.Equal(0UL, UFix128.FromRaw(1).RoundHalfUp().Raw);
        Assert.Equal(0UL, UFix128.FromRaw(1).RoundDown().Raw);

        // saturation at the UFix64 maximum
        var atMax = Raw(ulong.MaxValue, 0);
        Assert.Equal(UFix64.Max, atMax.RoundDown());
        Assert.Equal(UFix64.Max, atMax.RoundUp());
        Assert.Equal(UFix64.Max, atMax.RoundHalfUp());
        var pastMax = Raw(ulong.MaxValue, Step - 1);
        Assert.Equal(UFix64.Max, pastMax.RoundDown());
        Assert.Equal(UFix64.Max, pastMax.RoundUp());
        Assert.Equal(UFix64.Max, pastMax.RoundHalfUp());
        var overflow = Raw((UInt128)ulong.MaxValue + 1, 0);
        Assert.Throws<FixedPointException>(() => overflow.RoundDown());
        Assert.Throws<FixedPointException>(() => overflow.RoundUp());
        Assert.Throws<FixedPointException>(() => overflow.RoundHalfUp());
    }

    [Theory]
    [InlineData("1", "1.000000000000000000000000")]
    [InlineData("1.0", "1.000000000000000000000000")]
    [InlineData("0.000000000000000000000001", "0.000000000000000000000001")]
    [InlineData("82.4000000000000000000000000", "82.400000000000000000000000")]
    public void Parse_accepts(string text, string printed) => Assert.Equal(printed, P(text).ToString());

    [Theory]
    [InlineData("0.0000000000000000000000001")]
    [InlineData("-1")]
    [InlineData("x")]
    [InlineData("")]
    [InlineData("1..0")]
    public void Parse_rejects(string text) => Assert.Throws<FormatException>(() => P(text));
}

using System.Numerics;
using CsCheck;
using FlowAlp.Protocol.Numerics;
using Xunit;
using static FlowAlp.Protocol.Tests.Numerics.NumericGens;

namespace FlowAlp.Protocol.Tests.Numerics;

public class UFix64Tests
{
    private const long Iter = 40_000;
    private static UFix64 P(string s) => UFix64.Parse(s);

    private static void AssertOp(ulong a, ulong b, Func<UFix64, UFix64, UFix64> op, BigInteger? expected, string name)
    {
        UFix64 actual;
        try { actual = op(UFix64.FromRaw(a), UFix64.FromRaw(b)); }
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
        Gen.Select(ULongEdge, ULongEdge).Sample((a, b) =>
        {
            BigInteger A = a, B = b, S = UFix64.Scale;
            AssertOp(a, b, (x, y) => x + y, Checked(A + B, Max64), "+");
            AssertOp(a, b, (x, y) => x - y, Checked(A - B, Max64), "-");
            AssertOp(a, b, (x, y) => x * y, Checked(A * B / S, Max64), "*");
            AssertOp(a, b, (x, y) => x / y, b == 0 ? null : Checked(A * S / B, Max64), "/");
            Assert.Equal(Checked(A - B, Max64) ?? 0, (BigInteger)UFix64.SaturatingSub(UFix64.FromRaw(a), UFix64.FromRaw(b)).Raw);
        }, iter: Iter, threads: 1);

    [Fact]
    public void Text_round_trips() =>
        ULongEdge.Sample(a => Assert.Equal(a, UFix64.Parse(UFix64.FromRaw(a).ToString()).Raw), iter: Iter / 4, threads: 1);

    [Fact]
    public void Boundaries()
    {
        Assert.Equal("184467440737.09551615", UFix64.Max.ToString());
        Assert.Equal(ulong.MaxValue, UFix64.Max.Raw);
        Assert.Equal("0.00000001", UFix64.Epsilon.ToString());
        Assert.Equal(1UL, UFix64.Epsilon.Raw);
        Assert.Equal("0.00000000", UFix64.Zero.ToString());
        Assert.Equal("1.00000000", UFix64.One.ToString());
        Assert.Equal(UFix64.Max, P("184467440737.09551615"));
        Assert.Equal(P("184467440737"), UFix64.FromInteger(184_467_440_737));
        Assert.Throws<FixedPointException>(() => UFix64.FromInteger(184_467_440_738));
    }

    [Fact]
    public void Multiply_and_divide_truncate()
    {
        Assert.Equal("0.33333333", (UFix64.One / P("3")).ToString());
        Assert.Equal("0.66666666", (P("2") / P("3")).ToString());
        Assert.Equal("615.38461538", (P("8000") / P("13")).ToString());
        Assert.Equal("0.00000000", (UFix64.Epsilon * P("0.99999999")).ToString());
        Assert.Equal("0.00000001", (UFix64.Epsilon * UFix64.One).ToString());
        Assert.Equal("1.99999997", (P("1.99999999") * P("0.99999999")).ToString()); // 1.9999999700000001 truncated
        Assert.Equal(UFix64.Max, UFix64.Max * UFix64.One);
        Assert.Equal(UFix64.Max, UFix64.Max / UFix64.One);
    }

    [Fact]
    public void Overflow_underflow_and_division_by_zero_throw()
    {
        Assert.Throws<FixedPointException>(() => UFix64.Max + UFix64.Epsilon);
        Assert.Throws<FixedPointException>(() => UFix64.Max * P("1.00000001"));
        Assert.Throws<FixedPointException>(() => P("1000000") * P("1000000"));
        Assert.Throws<FixedPointException>(() => UFix64.Max / P("0.99999999"));
        Assert.Throws<FixedPointException>(() => UFix64.Zero - UFix64.Epsilon);
        Assert.Throws<FixedPointException>(() => P("1") - P("1.00000001"));
        Assert.Throws<FixedPointException>(() => UFix64.One / UFix64.Zero);
        Assert.Throws<FixedPointException>(() => UFix64.Zero / UFix64.Zero);
        Assert.Equal(UFix64.Zero, P("1") - P("1"));
        Assert.Equal(UFix64.Max, (UFix64.Max - UFix64.Epsilon) + UFix64.Epsilon);
    }

    [Theory]
    [InlineData("1", 100_000_000UL)]
    [InlineData("1.0", 100_000_000UL)]
    [InlineData("0.00000001", 1UL)]
    [InlineData("82.400000000", 8_240_000_000UL)]
    [InlineData("82.40000000000000000000", 8_240_000_000UL)]
    [InlineData("007.5", 750_000_000UL)]
    [InlineData(".5", 50_000_000UL)]
    [InlineData("5.", 500_000_000UL)]
    [InlineData("0", 0UL)]
    [InlineData("184467440737.09551615", ulong.MaxValue)]
    public void Parse_accepts(string text, ulong raw)
    {
        Assert.Equal(raw, UFix64.Parse(text).Raw);
        Assert.True(UFix64.TryParse(text, out var v, out var error), error);
        Assert.Equal(raw, v.Raw);
    }

    [Theory]
    [InlineData("1.000000001")]
    [InlineData("0.123456789")]
    [InlineData("-1")]
    [InlineData("-0.5")]
    [InlineData("abc")]
    [InlineData("1.2.3")]
    [InlineData("1e5")]
    [InlineData("+1")]
    [InlineData(" 1")]
    [InlineData("1,5")]
    [InlineData("")]
    [InlineData(".")]
    [InlineData(null)]
    [InlineData("184467440737.09551616")]
    [InlineData("184467440738")]
    [InlineData("99999999999999999999999999999999999999999")]
    public void Parse_rejects(string? text)
    {
        Assert.False(UFix64.TryParse(text, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
        Assert.Throws<FormatException>(() => UFix64.Parse(text!));
    }
}

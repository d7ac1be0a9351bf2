using System.Numerics;
using CsCheck;
using FlowAlp.Protocol.Numerics;
using Xunit;
using static FlowAlp.Protocol.Tests.Numerics.NumericGens;

namespace FlowAlp.Protocol.Tests.Numerics;

public class WideTests
{
    private const long Iter = 60_000;

    private static void AssertMulDiv(UInt128 a, UInt128 b, UInt128 d)
    {
        BigInteger? expected = d == UInt128.Zero ? null : Checked((BigInteger)a * b / d, Max128);
        UInt128 actual;
        try { actual = Wide.MulDiv(a, b, d, "test"); }
        catch (FixedPointException)
        {
            Assert.True(expected is null, $"MulDiv({a}, {b}, {d}) threw but the quotient is {expected}");
            return;
        }
        Assert.True(expected is not null, $"MulDiv({a}, {b}, {d}) returned {actual} instead of throwing");
        Assert.Equal(expected!.Value, (BigInteger)actual);
    }

    private static void AssertMulScale(UInt128 a, UInt128 b)
    {
        BigInteger? expected = Checked((BigInteger)a * b / (BigInteger)Scale24, Max128);
        UInt128 actual;
        try { actual = Wide.MulScale(a, b, "test"); }
        catch (FixedPointException)
        {
            Assert.True(expected is null, $"MulScale({a}, {b}) threw but the quotient is {expected}");
            return;
        }
        Assert.True(expected is not null, $"MulScale({a}, {b}) returned {actual} instead of throwing");
        Assert.Equal(expected!.Value, (BigInteger)actual);
    }

    [Fact]
    public void MulDiv_matches_BigInteger_reference() =>
        Gen.Select(UInt128Edge, UInt128Edge, UInt128Edge).Sample(AssertMulDiv, iter: Iter, threads: 1);

    [Fact]
    public void MulDiv_with_divisor_below_2_64_matches_reference() =>
        Gen.Select(UInt128Edge, UInt128Edge, ULongEdge).Sample((a, b, d) => AssertMulDiv(a, b, d), iter: Iter, threads: 1);

    [Fact]
    public void MulDiv_near_the_overflow_boundary_matches_reference() =>
        // d chosen around hi(a·b) so the quotient sits right at 2^128.
        Gen.Select(UInt128Edge, UInt128Edge, Gen.Int[-3, 3]).Sample((a, b, e) =>
        {
            Wide.Multiply(a, b, out var hi, out _);
            var d = (BigInteger)hi + e;
            if (d < 0 || d > Max128) return;
            AssertMulDiv(a, b, (UInt128)d);
        }, iter: Iter / 2, threads: 1);

    [Fact]
    public void MulScale_matches_BigInteger_reference() =>
        Gen.Select(UInt128Edge, UInt128Edge).Sample(AssertMulScale, iter: Iter, threads: 1);

    [Fact]
    public void MulScale_equals_MulDiv_by_scale() =>
        Gen.Select(UInt128Edge, UInt128Edge).Sample((a, b) =>
        {
            UInt128? viaScale = null, viaDiv = null;
            try { viaScale = Wide.MulScale(a, b, "t"); } catch (FixedPointException) { }
            try { viaDiv = Wide.MulDiv(a, b, Scale24, "t"); } catch (FixedPointException) { }
            Assert.Equal(viaDiv, viaScale);
        }, iter: Iter / 2, threads: 1);

    [Theory]
    [InlineData("0", "0", "1", "0")]
    [InlineData("340282366920938463463374607431768211455", "1", "1", "340282366920938463463374607431768211455")]
    [InlineData("340282366920938463463374607431768211455", "340282366920938463463374607431768211455", "340282366920938463463374607431768211455", "340282366920938463463374607431768211455")]
    [InlineData("340282366920938463463374607431768211455", "340282366920938463463374607431768211455", "340282366920938463463374607431768211454", null)]
    [InlineData("340282366920938463463374607431768211455", "2", "2", "340282366920938463463374607431768211455")]
    [InlineData("340282366920938463463374607431768211455", "2", "1", null)]
    [InlineData("18446744073709551616", "18446744073709551616", "18446744073709551617", "18446744073709551615")]
    [InlineData("18446744073709551615", "18446744073709551615", "18446744073709551615", "18446744073709551615")]
    [InlineData("1", "1", "0", null)]
    [InlineData("0", "0", "0", null)]
    public void MulDiv_exact_edge_values(string a, string b, string d, string? expected)
    {
        if (expected is null)
            Assert.Throws<FixedPointException>(() => Wide.MulDiv(UInt128.Parse(a), UInt128.Parse(b), UInt128.Parse(d), "t"));
        else
            Assert.Equal(UInt128.Parse(expected), Wide.MulDiv(UInt128.Parse(a), UInt128.Parse(b), UInt128.Parse(d), "t"));
    }

    [Fact]
    public void Multiply_is_the_exact_256_bit_product() =>
        Gen.Select(UInt128Edge, UInt128Edge).Sample((a, b) =>
        {
            Wide.Multiply(a, b, out var hi, out var lo);
            Assert.Equal((BigInteger)a * b, ((BigInteger)hi << 128) | lo);
        }, iter: Iter, threads: 1);

    [Fact]
    public void Scale_constants_are_consistent()
    {
        Assert.Equal(Scale24, Wide.Scale24);
        Assert.Equal(BigInteger.Pow(5, 24) << 8, (BigInteger)Wide.Scale24Normalized);
        Assert.Equal((BigInteger)Scale24, (BigInteger)Wide.Scale24Normalized << 16);
        var d = (BigInteger)Wide.Scale24Normalized;
        Assert.Equal(Max128 / d - (BigInteger.One << 64), (BigInteger)Wide.Scale24Reciprocal);
    }

    [Fact]
    public void Errors_name_the_operation()
    {
        Assert.Equal("op: division by zero", Assert.Throws<FixedPointException>(() => Wide.MulDiv(1, 1, 0, "op")).Message);
        Assert.Equal("op: overflow", Assert.Throws<FixedPointException>(() => Wide.MulDiv(UInt128.MaxValue, 2, 1, "op")).Message);
        Assert.Equal("op: overflow", Assert.Throws<FixedPointException>(() => Wide.MulScale(UInt128.MaxValue, Scale24 + 1, "op")).Message);
    }
}

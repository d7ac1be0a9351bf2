using CsCheck;
using FlowAlp.Protocol.Health;
using FlowAlp.Protocol.Numerics;
using Xunit;
using static FlowAlp.Protocol.Tests.Numerics.NumericGens;

namespace FlowAlp.Protocol.Tests.Numerics;

/// <summary>
/// UFix128.QuotientIsZero (health's "negligible debt" test without a division) against the division it replaces:
/// the same answer, and the same exception with the same message wherever the division throws.
/// </summary>
public class QuotientIsZeroTests
{
    private const long Iter = 100_000;

    private static (bool? Zero, string? Error) ByDivision(UFix128 a, UFix128 b)
    {
        try { return ((a / b).IsZero, null); }
        catch (FixedPointException e) { return (null, e.Message); }
    }

    private static (bool? Zero, string? Error) ByTest(UFix128 a, UFix128 b)
    {
        try { return (UFix128.QuotientIsZero(a, b), null); }
        catch (FixedPointException e) { return (null, e.Message); }
    }

    [Fact]
    public void Equals_the_divisions_zero_test_on_edge_values() =>
        Gen.Select(UInt128Edge, UInt128Edge).Sample((a, b) =>
        {
            var (x, y) = (UFix128.FromRaw(a), UFix128.FromRaw(b));
            Assert.Equal(ByDivision(x, y), ByTest(x, y));
        }, iter: Iter, threads: 1);

    [Fact]
    public void Equals_the_divisions_zero_test_where_a_times_the_scale_is_near_b() =>
        Gen.Select(Gen.UInt128[0, UInt128.One << 48], Gen.Int[-3, 3]).Sample((a, delta) =>
        {
            UInt128 b = a * Scale24 + (UInt128)(Int128)(delta + 3) - 3; // a·10^24 − 3 … a·10^24 + 3 (wrapping below 0 for a = 0)
            var (x, y) = (UFix128.FromRaw(a), UFix128.FromRaw(b));
            Assert.Equal(ByDivision(x, y), ByTest(x, y));
        }, iter: Iter, threads: 1);

    [Fact]
    public void Equals_the_divisions_zero_test_at_the_boundary()
    {
        var one = UFix128.One;
        UFix128 R(UInt128 raw) => UFix128.FromRaw(raw);
        // a·10^24 just below, at and above b; a quotient that only just fits and one that does not
        foreach (var (a, b) in new[]
        {
            (R(1), R(Scale24)), (R(1), R(Scale24 + 1)), (R(1), R(Scale24 - 1)), (R(2), R(2u * Scale24)), (R(2), R(2u * Scale24 + 1)),
            (R(0), R(5)), (R(0), one), (R(7), one), (R(0), R(0)), (R(3), R(0)), (UFix128.Max, R(1)), (UFix128.Max, UFix128.Max),
            (R(UInt128.MaxValue / Scale24), R(1)), (R(UInt128.MaxValue / Scale24 + 1), R(1)), (R(12_345), UFix128.Max),
        })
            Assert.Equal(ByDivision(a, b), ByTest(a, b));
        Assert.True(UFix128.QuotientIsZero(R(1), R(Scale24 + 1)));
        Assert.False(UFix128.QuotientIsZero(R(1), R(Scale24)));
        Assert.Equal("UFix128 division by zero", Assert.Throws<FixedPointException>(() => UFix128.QuotientIsZero(one, UFix128.Zero)).Message);
        Assert.Equal("UFix128 division: overflow", Assert.Throws<FixedPointException>(() => UFix128.QuotientIsZero(UFix128.Max, R(1))).Message);
    }

    private static (bool? Below, string? Error) BelowByHealth(UFix128 ce, UFix128 de)
    {
        try { return (HealthMath.Health(ce, de) < UFix128.One, null); }
        catch (FixedPointException e) { return (null, e.Message); }
    }

    private static (bool? Below, string? Error) BelowByTest(UFix128 ce, UFix128 de)
    {
        try { return (HealthMath.HealthBelowOne(ce, de), null); }
        catch (FixedPointException e) { return (null, e.Message); }
    }

    [Fact]
    public void Health_below_one_equals_the_health_compared_with_one() =>
        Gen.Frequency(
            (3, Gen.Select(UInt128Edge, UInt128Edge)),
            (3, Gen.Select(UInt128Edge, Gen.Int[-2, 2]).Select((a, d) => (a, a + (UInt128)(Int128)(d + 2) - 2))), // ce ≈ de (wrapping)
            (1, Gen.Select(Gen.UInt128[0, 1000], UInt128Edge)))                                               // tiny collateral
        .Sample(p =>
        {
            var (ce, de) = (UFix128.FromRaw(p.Item1), UFix128.FromRaw(p.Item2));
            Assert.Equal(BelowByHealth(ce, de), BelowByTest(ce, de));
            Assert.Equal(BelowByHealth(de, ce), BelowByTest(de, ce));
        }, iter: Iter, threads: 1);

    [Fact]
    public void Health_below_one_at_known_points()
    {
        UFix128 R(UInt128 raw) => UFix128.FromRaw(raw);
        Assert.True(HealthMath.HealthBelowOne(UFix128.Parse("99.999999999999999999999999"), UFix128.Parse("100")));
        Assert.False(HealthMath.HealthBelowOne(UFix128.Parse("100"), UFix128.Parse("100")));
        Assert.True(HealthMath.HealthBelowOne(UFix128.Zero, R(1)));
        Assert.False(HealthMath.HealthBelowOne(R(1), UFix128.Zero));
        Assert.False(HealthMath.HealthBelowOne(R(Scale24 + 1), R(1))); // negligible debt: Max
        Assert.Equal("UFix128 division: overflow", Assert.Throws<FixedPointException>(() => HealthMath.HealthBelowOne(UFix128.Max, R(Scale24 - 1))).Message);
    }

    [Fact]
    public void Health_keeps_its_values_around_negligible_debt()
    {
        UFix128 R(UInt128 raw) => UFix128.FromRaw(raw);
        Assert.Equal(UFix128.Max, HealthMath.Health(R(Scale24 + 1), R(1)));      // 1e-24 debt on just over 1: negligible
        Assert.Equal(R(Scale24), HealthMath.Health(R(Scale24), R(Scale24)));        // 1 / 1 = 1
        Assert.Equal(UFix128.Parse("1000000000000"), HealthMath.Health(R(Scale24), R(1_000_000_000_000))); // 1 / 1e-12
        Assert.Equal(UFix128.Parse("1.5"), HealthMath.Health(UFix128.Parse("150"), UFix128.Parse("100")));
        Assert.Equal(UFix128.Zero, HealthMath.Health(UFix128.Zero, UFix128.Parse("100")));
        Assert.Equal(UFix128.Max, HealthMath.Health(UFix128.Parse("100"), UFix128.Zero));
    }
}

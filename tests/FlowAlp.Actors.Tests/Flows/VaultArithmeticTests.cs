using System.Numerics;
using CsCheck;
using FlowAlp.Engine.Dex;
using FlowAlp.Engine.Flows;
using FlowAlp.Protocol;
using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Actors.Tests.Flows;

/// <summary>
/// The yield vault's interest and the AMM's fee factor without BigInteger or a 256-bit division, against the formulas
/// they replace: the same values for every input, the same overflow.
/// </summary>
public class VaultArithmeticTests
{
    private static readonly BigInteger Divisor = (BigInteger)UFix64.Scale * UFix64.Scale * YieldVault.SecondsPerYear;

    /// <summary>The interest as it was computed: one BigInteger product, truncated once; null where it overflowed.</summary>
    private static ulong? Reference(ulong units, ulong apr, ulong dt)
    {
        BigInteger raw = (BigInteger)units * apr * dt / Divisor;
        return raw > ulong.MaxValue ? null : (ulong)raw;
    }

    private static ulong? Interest(ulong units, ulong apr, ulong dt)
    {
        try { return YieldVault.InterestRaw(units, apr, dt).Raw; }
        catch (FixedPointException e) { Assert.Equal("UFix64 overflow", e.Message); return null; }
    }

    private static readonly Gen<ulong> Edge = Gen.Frequency(
        (4, (IGen<ulong>)Gen.ULong),
        (6, Gen.Int[0, 64].SelectMany(bits => Gen.ULong.Select(x => bits == 64 ? x : x & ((1UL << bits) - 1)))),
        (2, Gen.ULong[0, 1000]),
        (2, Gen.Int[40, 56].SelectMany(k => Gen.Int[-2, 2].Select(e => (1UL << k) + (ulong)(long)e)))); // around the 2^48 switch

    [Fact]
    public void Interest_equals_the_one_product_formula_on_edge_values() =>
        Gen.Select(Edge, Edge, Edge).Sample((u, a, d) => Assert.Equal(Reference(u, a, d), Interest(u, a, d)), iter: 200_000, threads: 1);

    [Fact]
    public void Interest_equals_the_one_product_formula_on_study_sized_values() =>
        // units up to 10^7, apr up to 100 %, gaps up to a year (in raw 10^-8 units)
        Gen.Select(Gen.ULong[0, 10_000_000 * UFix64.Scale], Gen.ULong[0, UFix64.Scale], Gen.ULong[0, YieldVault.SecondsPerYear * UFix64.Scale])
            .Sample((u, a, d) => Assert.Equal(Reference(u, a, d), Interest(u, a, d)), iter: 200_000, threads: 1);

    [Fact]
    public void Interest_at_known_points()
    {
        ulong year = YieldVault.SecondsPerYear * UFix64.Scale;
        Assert.Equal(UFix64.Parse("10"), YieldVault.InterestRaw(UFix64.Parse("100").Raw, UFix64.Parse("0.1").Raw, year));
        Assert.Equal(UFix64.Parse("0.00019025"), YieldVault.InterestRaw(UFix64.Parse("1000").Raw, UFix64.Parse("0.1").Raw, 60 * UFix64.Scale)); // 0.000190258…, truncated
        Assert.Equal(UFix64.Zero, YieldVault.InterestRaw(0, ulong.MaxValue, ulong.MaxValue));
        Assert.Equal("UFix64 overflow", Assert.Throws<FixedPointException>(() => YieldVault.InterestRaw(ulong.MaxValue, ulong.MaxValue, ulong.MaxValue)).Message);
        Assert.Equal("UFix64 overflow", Assert.Throws<FixedPointException>(() => YieldVault.InterestRaw(ulong.MaxValue, ulong.MaxValue, 1UL << 40)).Message);
    }

    [Fact]
    public void The_fee_factor_equals_the_division_for_every_fee()
    {
        for (int bps = 0; bps < 10_000; bps++)
            Assert.Equal(UFix128.FromInteger((ulong)(10_000 - bps)) / UFix128.FromInteger(10_000), ConstantProductAmm.FeeKeepOf((ushort)bps));
        Assert.Equal(UFix128.Parse("0.997"), ConstantProductAmm.FeeKeepOf(30));
    }
}

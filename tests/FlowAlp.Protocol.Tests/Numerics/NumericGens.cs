using System.Numerics;
using CsCheck;

namespace FlowAlp.Protocol.Tests.Numerics;

/// <summary>Edge-heavy generators and the BigInteger reference for the fixed-point property tests.</summary>
internal static class NumericGens
{
    public static readonly BigInteger Max128 = (BigInteger.One << 128) - 1;
    public static readonly BigInteger Max64 = ulong.MaxValue;
    public static readonly UInt128 Scale24 = UInt128.Parse("1000000000000000000000000");

    private static readonly UInt128 Two64 = UInt128.One << 64;

    /// <summary>UInt128 values spread over magnitudes, with extra weight on limb and type boundaries.</summary>
    public static readonly Gen<UInt128> UInt128Edge = Gen.Frequency(
        (4, (IGen<UInt128>)Gen.UInt128),                                                        // uniform (mostly ~2^127)
        (6, Gen.Int[0, 128].SelectMany(bits => Gen.UInt128.Select(x => bits == 128 ? x : x & ((UInt128.One << bits) - 1)))), // random bit length
        (2, Gen.UInt128[0, 1000]),                                                               // small
        (2, Gen.UInt128[Two64 - 1000, Two64 + 1000]),                                           // near 2^64 (high limb 0 / 1)
        (2, Gen.UInt128[UInt128.MaxValue - 1000, UInt128.MaxValue]),                            // near 2^128
        (2, Gen.Int[0, 127].Select(k => UInt128.One << k)),                                     // powers of two
        (1, Gen.Int[1, 127].SelectMany(k => Gen.Int[-2, 2].Select(e => (UInt128.One << k) + (UInt128)(Int128)e))), // around powers of two
        (2, Gen.ULong.Select(x => (UInt128)x * Scale24)),                                       // whole UFix128 values
        (2, Gen.ULong[0, 10_000_000].SelectMany(w => Gen.UInt128[0, Scale24 - 1].Select(f => (UInt128)w * Scale24 + f)))); // typical amounts

    /// <summary>UInt64 values with boundary weight.</summary>
    public static readonly Gen<ulong> ULongEdge = Gen.Frequency(
        (4, (IGen<ulong>)Gen.ULong),
        (6, Gen.Int[0, 64].SelectMany(bits => Gen.ULong.Select(x => bits == 64 ? x : x & ((1UL << bits) - 1)))),
        (2, Gen.ULong[0, 1000]),
        (2, Gen.ULong[ulong.MaxValue - 1000, ulong.MaxValue]),
        (2, Gen.Int[0, 63].Select(k => 1UL << k)),
        (2, Gen.ULong[0, 184_467_440_737UL].Select(w => w * 100_000_000UL)));

    /// <summary>Expected raw result of an operation: the value, or null when it must throw.</summary>
    public static BigInteger? Checked(BigInteger value, BigInteger max) => value < 0 || value > max ? null : value;
}

using System.Numerics;
using System.Runtime.CompilerServices;

namespace FlowAlp.Protocol.Numerics;

/// <summary>
/// 256-bit intermediates for UFix128 multiply and divide. The contract truncates after every
/// multiply/divide at 24 decimals, so a*b and a*10^24 must be formed exactly before dividing.
/// </summary>
internal static class Wide
{
    /// <summary>floor(a * b / d); throws when the quotient does not fit 128 bits.</summary>
    public static UInt128 MulDiv(UInt128 a, UInt128 b, UInt128 d, string what)
    {
        if (d == UInt128.Zero) throw new FixedPointException($"{what}: division by zero");
        Multiply(a, b, out var hi, out var lo);
        if (hi == UInt128.Zero) return lo / d;
        if (hi >= d) throw new FixedPointException($"{what}: overflow");
        return DivRem256By128(hi, lo, d);
    }

    /// <summary>Full 128x128 -> 256-bit product.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Multiply(UInt128 a, UInt128 b, out UInt128 hi, out UInt128 lo)
    {
        ulong a0 = (ulong)a, a1 = (ulong)(a >> 64), b0 = (ulong)b, b1 = (ulong)(b >> 64);
        UInt128 p00 = (UInt128)a0 * b0;
        UInt128 p01 = (UInt128)a0 * b1;
        UInt128 p10 = (UInt128)a1 * b0;
        UInt128 p11 = (UInt128)a1 * b1;
        // middle = p01 + p10 + (p00 >> 64), with carry into the high half
        UInt128 mid = p01 + (p00 >> 64);
        UInt128 carry = mid < p01 ? ((UInt128)1 << 64) : UInt128.Zero;
        UInt128 mid2 = mid + p10;
        if (mid2 < mid) carry += (UInt128)1 << 64;
        lo = (mid2 << 64) | (ulong)p00;
        hi = p11 + (mid2 >> 64) + carry;
    }

    /// <summary>floor((hi·2^128 + lo) / d), given hi &lt; d so the quotient fits 128 bits.</summary>
    private static UInt128 DivRem256By128(UInt128 hi, UInt128 lo, UInt128 d)
    {
        if (d >> 64 == UInt128.Zero)
        {
            // Long division by a 64-bit divisor, one 64-bit limb at a time.
            ulong dv = (ulong)d;
            UInt128 r = hi; // hi < d < 2^64
            UInt128 q1 = ((r << 64) | (ulong)(lo >> 64)) / dv;
            r = ((r << 64) | (ulong)(lo >> 64)) - q1 * dv;
            UInt128 q0 = ((r << 64) | (ulong)lo) / dv;
            return (q1 << 64) | q0;
        }
        var n = ((BigInteger)hi << 128) | (BigInteger)lo;
        return (UInt128)(n / (BigInteger)d);
    }
}

using System.Numerics;
using System.Runtime.CompilerServices;

namespace FlowAlp.Protocol.Numerics;

/// <summary>
/// 256-bit intermediates for UFix128 multiply and divide. The contract truncates after every
/// multiply/divide at 24 decimals, so a*b and a*10^24 must be formed exactly before dividing.
/// Everything here is allocation-free: 64-bit limbs, <see cref="Math.BigMul(ulong, ulong, out ulong)"/>
/// for products, and Knuth's algorithm D (two quotient limbs) for the 256-by-128-bit division.
/// </summary>
internal static class Wide
{
    /// <summary>5^24 · 2^8: the odd part of 10^24, shifted so its top bit is set (10^24 = 2^16 · this).</summary>
    internal const ulong Scale24Normalized = 0xD3C2_1BCE_CCED_A100UL;

    /// <summary>Möller–Granlund reciprocal of <see cref="Scale24Normalized"/>: floor((2^128 − 1) / d) − 2^64.</summary>
    internal const ulong Scale24Reciprocal = 0x357C_299A_88EA_76A5UL;

    /// <summary>10^24 (the UFix128 scale) as a UInt128.</summary>
    internal static readonly UInt128 Scale24 = new(0xD3C2UL, 0x1BCE_CCED_A100_0000UL);

    /// <summary>floor(a * b / d); throws when d is zero or the quotient does not fit 128 bits.</summary>
    public static UInt128 MulDiv(UInt128 a, UInt128 b, UInt128 d, string what)
    {
        if (d == UInt128.Zero) throw new FixedPointException($"{what}: division by zero");
        Multiply((ulong)a, (ulong)(a >> 64), (ulong)b, (ulong)(b >> 64), out ulong p0, out ulong p1, out ulong p2, out ulong p3);
        ulong d0 = (ulong)d, d1 = (ulong)(d >> 64);

        // The quotient fits 128 bits iff the high half of the product is below d.
        if (p3 > d1 || (p3 == d1 && p2 >= d0)) throw new FixedPointException($"{what}: overflow");

        if (d1 == 0)
        {
            if ((p3 | p2 | p1) == 0) return p0 / d0;
            // Divisor below 2^64 (so p3 == 0 and p2 < d0): two limbs of schoolbook division by a normalised word.
            int s = BitOperations.LeadingZeroCount(d0);
            ulong dn = d0 << s;
            ulong u2 = (p2 << s) | ShiftOut(p1, s);
            ulong u1 = (p1 << s) | ShiftOut(p0, s);
            ulong u0 = p0 << s;
            ulong q1 = DivLu(u2, u1, dn, out ulong r);
            ulong q0 = DivLu(r, u0, dn, out _);
            return new UInt128(q1, q0);
        }
        else
        {
            // Knuth algorithm D with 64-bit limbs: normalise so the divisor's top bit is set. Because
            // product < d·2^128, the shifted product still fits four limbs and its top two limbs are below D.
            int s = BitOperations.LeadingZeroCount(d1);
            ulong dn1 = (d1 << s) | ShiftOut(d0, s);
            ulong dn0 = d0 << s;
            ulong u3 = (p3 << s) | ShiftOut(p2, s);
            ulong u2 = (p2 << s) | ShiftOut(p1, s);
            ulong u1 = (p1 << s) | ShiftOut(p0, s);
            ulong u0 = p0 << s;
            // Reciprocal of the top divisor limb, floor((2^128 − 1) / dn1) − 2^64, shared by both quotient limbs.
            ulong v = DivLu(~dn1, ulong.MaxValue, dn1, out _);
            ulong q1 = Div3By2(u3, u2, u1, dn1, dn0, v, out ulong r1, out ulong r0);
            ulong q0 = Div3By2(r1, r0, u0, dn1, dn0, v, out _, out _);
            return new UInt128(q1, q0);
        }
    }

    /// <summary>
    /// Whether floor(a * b / d) is zero, i.e. a·b &lt; d, without dividing; throws where <see cref="MulDiv"/> would
    /// (d zero, or a quotient that does not fit 128 bits), with the same message.
    /// </summary>
    public static bool MulDivIsZero(UInt128 a, UInt128 b, UInt128 d, string what)
    {
        if (d == UInt128.Zero) throw new FixedPointException($"{what}: division by zero");
        Multiply((ulong)a, (ulong)(a >> 64), (ulong)b, (ulong)(b >> 64), out ulong p0, out ulong p1, out ulong p2, out ulong p3);
        ulong d0 = (ulong)d, d1 = (ulong)(d >> 64);
        if (p3 > d1 || (p3 == d1 && p2 >= d0)) throw new FixedPointException($"{what}: overflow");
        return (p3 | p2) == 0 && new UInt128(p1, p0) < d;
    }

    /// <summary>floor(a * b / 10^24) (UFix128 multiply); throws when the quotient does not fit 128 bits.</summary>
    /// <remarks>
    /// 10^24 = 2^16 · (5^24 · 2^8) and floor(floor(x / m) / n) = floor(x / (m·n)), so the product is shifted right
    /// 16 bits and then divided by the normalised 64-bit constant with a precomputed reciprocal (no hardware divide).
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static UInt128 MulScale(UInt128 a, UInt128 b, string what)
    {
        Multiply((ulong)a, (ulong)(a >> 64), (ulong)b, (ulong)(b >> 64), out ulong p0, out ulong p1, out ulong p2, out ulong p3);
        // z = product >> 16; the quotient fits 128 bits iff z < Scale24Normalized · 2^128.
        ulong z2 = (p2 >> 16) | (p3 << 48);
        if ((p3 >> 16) != 0 || z2 >= Scale24Normalized) ThrowOverflow(what);
        ulong z1 = (p1 >> 16) | (p2 << 48);
        ulong z0 = (p0 >> 16) | (p1 << 48);
        ulong q1 = Div2By1Preinv(z2, z1, Scale24Normalized, Scale24Reciprocal, out ulong r);
        ulong q0 = Div2By1Preinv(r, z0, Scale24Normalized, Scale24Reciprocal, out _);
        return new UInt128(q1, q0);
    }

    /// <summary>Full 128x128 -> 256-bit product.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Multiply(UInt128 a, UInt128 b, out UInt128 hi, out UInt128 lo)
    {
        Multiply((ulong)a, (ulong)(a >> 64), (ulong)b, (ulong)(b >> 64), out ulong p0, out ulong p1, out ulong p2, out ulong p3);
        lo = new UInt128(p1, p0);
        hi = new UInt128(p3, p2);
    }

    /// <summary>(a1·2^64 + a0)·(b1·2^64 + b0) as four 64-bit limbs, least significant first.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Multiply(ulong a0, ulong a1, ulong b0, ulong b1, out ulong p0, out ulong p1, out ulong p2, out ulong p3)
    {
        ulong h00 = Math.BigMul(a0, b0, out ulong l00);
        ulong h01 = Math.BigMul(a0, b1, out ulong l01);
        ulong h10 = Math.BigMul(a1, b0, out ulong l10);
        ulong h11 = Math.BigMul(a1, b1, out ulong l11);
        p0 = l00;
        // column 1: h00 + l01 + l10 (< 3·2^64)
        ulong c1 = h00 + l01;
        ulong carry = c1 < l01 ? 1UL : 0UL;
        p1 = c1 + l10;
        carry += p1 < l10 ? 1UL : 0UL;
        // column 2: h01 + h10 + l11 + carry
        ulong c2 = h01 + h10;
        ulong carry2 = c2 < h10 ? 1UL : 0UL;
        ulong c2b = c2 + l11;
        carry2 += c2b < l11 ? 1UL : 0UL;
        p2 = c2b + carry;
        carry2 += p2 < carry ? 1UL : 0UL;
        p3 = h11 + carry2;
    }

    /// <summary>x &gt;&gt; (64 − s), defined as 0 for s = 0 (C# masks a shift count of 64 to 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong ShiftOut(ulong x, int s) => (x >> 1) >> (63 - s);

    /// <summary>
    /// Möller–Granlund 2/1 division ("Improved division by invariant integers", alg. 4): floor((u1·2^64 + u0) / d)
    /// for a normalised d (top bit set), u1 &lt; d, with v = floor((2^128 − 1) / d) − 2^64.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Div2By1Preinv(ulong u1, ulong u0, ulong d, ulong v, out ulong rem)
    {
        ulong q1 = Math.BigMul(v, u1, out ulong q0);
        // (q1, q0) += (u1, u0)
        ulong sum0 = q0 + u0;
        q1 += u1 + (sum0 < u0 ? 1UL : 0UL);
        q1++;
        ulong r = u0 - q1 * d;
        if (r > sum0) { q1--; r += d; }
        // Second correction: rare for a general d; for Scale24Normalized the estimate is always within one.
        if (r >= d) { q1++; r -= d; }
        rem = r;
        return q1;
    }

    /// <summary>
    /// floor((u1·2^64 + u0) / v) for a normalised v (top bit set) and u1 &lt; v, by two 64-bit hardware divides
    /// on 32-bit digits (Hacker's Delight, divlu).
    /// </summary>
    private static ulong DivLu(ulong u1, ulong u0, ulong v, out ulong rem)
    {
        const ulong b = 1UL << 32;
        ulong vn1 = v >> 32, vn0 = v & 0xFFFF_FFFFUL;
        ulong un1 = u0 >> 32, un0 = u0 & 0xFFFF_FFFFUL;

        ulong q1 = u1 / vn1;
        ulong rhat = u1 - q1 * vn1;
        while (q1 >= b || q1 * vn0 > (rhat << 32) + un1)
        {
            q1--;
            rhat += vn1;
            if (rhat >= b) break;
        }
        ulong un21 = (u1 << 32) + un1 - q1 * v;

        ulong q0 = un21 / vn1;
        rhat = un21 - q0 * vn1;
        while (q0 >= b || q0 * vn0 > (rhat << 32) + un0)
        {
            q0--;
            rhat += vn1;
            if (rhat >= b) break;
        }
        rem = (un21 << 32) + un0 - q0 * v;
        return (q1 << 32) + q0;
    }

    /// <summary>
    /// One step of algorithm D: floor((n2, n1, n0) / (d1, d0)) for a normalised divisor and (n2, n1) &lt; (d1, d0),
    /// so the quotient is a single limb; the remainder (r1, r0) is below the divisor. v1 is the reciprocal of d1.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Div3By2(ulong n2, ulong n1, ulong n0, ulong d1, ulong d0, ulong v1, out ulong r1, out ulong r0)
    {
        ulong qhat, rhat;
        bool rhatFits;
        if (n2 >= d1)
        {
            // n2 == d1 (n2 > d1 is excluded): the two-limb estimate would be 2^64 or more; clamp.
            qhat = ulong.MaxValue;
            rhat = n1 + d1; // n2·2^64 + n1 − (2^64 − 1)·d1 = n1 + d1
            rhatFits = rhat >= n1;
        }
        else
        {
            qhat = Div2By1Preinv(n2, n1, d1, v1, out rhat);
            rhatFits = true;
        }
        // Refine with the second divisor limb. With a two-limb divisor this test sees every limb of the divisor and
        // the numerator (qhat·(d1, d0) ≤ n ⇔ qhat·d0 ≤ rhat·2^64 + n0), so afterwards qhat is exact and
        // algorithm D's add-back step can never trigger.
        while (rhatFits)
        {
            ulong ph = Math.BigMul(qhat, d0, out ulong pl);
            if (ph < rhat || (ph == rhat && pl <= n0)) break;
            qhat--;
            ulong old = rhat;
            rhat += d1;
            rhatFits = rhat >= old;
        }
        // The remainder is below the divisor < 2^128, so arithmetic modulo 2^128 gives it exactly.
        UInt128 rem = new UInt128(n1, n0) - (UInt128)qhat * new UInt128(d1, d0);
        r1 = (ulong)(rem >> 64);
        r0 = (ulong)rem;
        return qhat;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowOverflow(string what) => throw new FixedPointException($"{what}: overflow");
}

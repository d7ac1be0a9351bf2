using System.Globalization;
using System.Runtime.CompilerServices;

namespace FlowAlp.Protocol.Numerics;

/// <summary>
/// Cadence UFix128: unsigned fixed point with 24 decimals over a UInt128 (spec §0.2; the contract comments
/// say 18 but Cadence's scale is 10^-24). Multiply and divide form the exact 256-bit intermediate and
/// truncate toward zero. <see cref="Max"/> doubles as "infinite" health (no debt).
/// </summary>
public readonly struct UFix128 : IEquatable<UFix128>, IComparable<UFix128>
{
    public const int Decimals = 24;
    public static readonly UInt128 Scale = UInt128.Parse("1000000000000000000000000");
    private static readonly UInt128 ScaleFrom64 = 10_000_000_000_000_000UL; // 10^16

    public readonly UInt128 Raw;

    private UFix128(UInt128 raw) => Raw = raw;

    public static UFix128 FromRaw(UInt128 raw) => new(raw);
    public static readonly UFix128 Zero = new(UInt128.Zero);
    public static readonly UFix128 One = new(Scale);
    /// <summary>340282366920938.463463374607431768211455: the protocol's "no debt" health.</summary>
    public static readonly UFix128 Max = new(UInt128.MaxValue);

    public static UFix128 FromUFix64(UFix64 v) => new((UInt128)v.Raw * ScaleFrom64);
    public static UFix128 FromInteger(ulong whole) => new((UInt128)whole * Scale);

    public bool IsZero => Raw == UInt128.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static UFix128 operator +(UFix128 a, UFix128 b)
    {
        UInt128 r = a.Raw + b.Raw;
        if (r < a.Raw) throw new FixedPointException("UFix128 addition overflow");
        return new(r);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static UFix128 operator -(UFix128 a, UFix128 b)
    {
        if (b.Raw > a.Raw) throw new FixedPointException("UFix128 subtraction underflow");
        return new(a.Raw - b.Raw);
    }

    // floor(a·b / 10^24), specialised for the constant scale (identical to Wide.MulDiv(a, b, Scale)). A factor of exactly 1
    // (MOET's price, a risk factor of 1.0) gives the other factor at once: floor(a·10^24 / 10^24) = a, exactly.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static UFix128 operator *(UFix128 a, UFix128 b)
    {
        if (b.Raw == Scale) return a;
        if (a.Raw == Scale) return b;
        return new(Wide.MulScale(a.Raw, b.Raw, "UFix128 multiplication"));
    }

    // floor(a·10^24 / b); dividing by exactly 1 (a borrow factor of 1.0) is a itself: floor(a·10^24 / 10^24) = a.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static UFix128 operator /(UFix128 a, UFix128 b)
    {
        if (b.Raw == Scale) return a;
        if (b.Raw == UInt128.Zero) throw new FixedPointException("UFix128 division by zero");
        return new(Wide.MulDiv(a.Raw, Scale, b.Raw, "UFix128 division"));
    }

    /// <summary>Whether <c>a / b</c> is zero (a·10^24 &lt; b), without the division; throws where the division would.</summary>
    internal static bool QuotientIsZero(UFix128 a, UFix128 b)
    {
        if (b.Raw == Scale) return a.Raw == UInt128.Zero;
        if (b.Raw == UInt128.Zero) throw new FixedPointException("UFix128 division by zero");
        return Wide.MulDivIsZero(a.Raw, Scale, b.Raw, "UFix128 division");
    }

    /// <summary>Throws where <c>a / b</c> would (b zero, or a quotient past 128 bits), with its message; does not divide.</summary>
    internal static void ThrowIfQuotientOverflows(UFix128 a, UFix128 b)
    {
        if (b.Raw == Scale) return;
        if (b.Raw == UInt128.Zero) throw new FixedPointException("UFix128 division by zero");
        Wide.MulDivIsZero(a.Raw, Scale, b.Raw, "UFix128 division");
    }

    public static UFix128 SaturatingSub(UFix128 a, UFix128 b) => a.Raw > b.Raw ? new(a.Raw - b.Raw) : Zero;
    public static UFix128 Min(UFix128 a, UFix128 b) => a.Raw <= b.Raw ? a : b;
    public static UFix128 Max2(UFix128 a, UFix128 b) => a.Raw >= b.Raw ? a : b;

    /// <summary>Truncate to 8 decimals (FlowALPMath round-down).</summary>
    public UFix64 RoundDown()
    {
        UInt128 q = Raw / ScaleFrom64;
        if (q > ulong.MaxValue) throw new FixedPointException("UFix128 to UFix64 overflow");
        return UFix64.FromRaw((ulong)q);
    }

    /// <summary>Truncate, then add 0.00000001 if anything was cut (saturating at the UFix64 maximum).</summary>
    public UFix64 RoundUp()
    {
        UInt128 q = Raw / ScaleFrom64;
        if (q > ulong.MaxValue) throw new FixedPointException("UFix128 to UFix64 overflow");
        if (Raw % ScaleFrom64 != UInt128.Zero && q < ulong.MaxValue) q++;
        return UFix64.FromRaw((ulong)q);
    }

    /// <summary>Add 0.00000001 when the cut remainder is at least 0.000000005.</summary>
    public UFix64 RoundHalfUp()
    {
        UInt128 q = Raw / ScaleFrom64;
        if (q > ulong.MaxValue) throw new FixedPointException("UFix128 to UFix64 overflow");
        if (Raw % ScaleFrom64 >= ScaleFrom64 / 2 && q < ulong.MaxValue) q++;
        return UFix64.FromRaw((ulong)q);
    }

    public static bool operator ==(UFix128 a, UFix128 b) => a.Raw == b.Raw;
    public static bool operator !=(UFix128 a, UFix128 b) => a.Raw != b.Raw;
    public static bool operator <(UFix128 a, UFix128 b) => a.Raw < b.Raw;
    public static bool operator >(UFix128 a, UFix128 b) => a.Raw > b.Raw;
    public static bool operator <=(UFix128 a, UFix128 b) => a.Raw <= b.Raw;
    public static bool operator >=(UFix128 a, UFix128 b) => a.Raw >= b.Raw;
    public bool Equals(UFix128 other) => Raw == other.Raw;
    public override bool Equals(object? obj) => obj is UFix128 o && o.Raw == Raw;
    public override int GetHashCode() => Raw.GetHashCode();
    public int CompareTo(UFix128 other) => Raw.CompareTo(other.Raw);

    /// <summary>Exact decimal text with all 24 decimals, e.g. "1.300000000009750000000073".</summary>
    public override string ToString()
    {
        // whole by the scale's reciprocal (Wide.MulScale by a raw 1), the fraction as two 12-digit halves that fit 64 bits,
        // one string: the same text as whole + "." + the fraction padded to 24 digits, without the 128-bit divides and copies
        UInt128 whole = Wide.MulScale(Raw, UInt128.One, "UFix128 text");
        UInt128 frac = Raw - whole * Scale;
        ulong hi = (ulong)(frac / Half), lo = (ulong)(frac - hi * Half);
        Span<char> text = stackalloc char[20 + 1 + Decimals]; // the whole part is below 2^128 / 10^24 < 2^49
        ((ulong)whole).TryFormat(text, out int n, default, CultureInfo.InvariantCulture);
        text[n++] = '.';
        hi.TryFormat(text[n..], out int h, "D12", CultureInfo.InvariantCulture);
        lo.TryFormat(text[(n + h)..], out int l, "D12", CultureInfo.InvariantCulture);
        return new string(text[..(n + h + l)]);
    }

    private static readonly UInt128 Half = 1_000_000_000_000UL; // 10^12: half the decimals

    public static UFix128 Parse(string text)
    {
        if (!FixedText.TrySplit(text, Decimals, out var whole, out var frac, out var error)) throw new FormatException(error);
        // whole * 10^24 must fit 128 bits
        if (whole > UInt128.MaxValue / Scale) throw new FormatException($"'{text}' exceeds the UFix128 maximum");
        UInt128 raw = whole * Scale;
        if (raw + frac < raw) throw new FormatException($"'{text}' exceeds the UFix128 maximum");
        return new(raw + frac);
    }

    /// <summary>For reports only (never protocol state).</summary>
    public double ToDouble() => (double)Raw / 1e24;
}

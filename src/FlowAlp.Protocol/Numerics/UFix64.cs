using System.Globalization;
using System.Runtime.CompilerServices;

namespace FlowAlp.Protocol.Numerics;

/// <summary>
/// Cadence UFix64: unsigned fixed point with 8 decimals over a UInt64 (spec §0.2).
/// Multiply and divide truncate toward zero; subtraction below zero, overflow and division by zero throw
/// (a revert of the whole operation).
/// </summary>
public readonly struct UFix64 : IEquatable<UFix64>, IComparable<UFix64>, ISpanFormattable
{
    public const int Decimals = 8;
    public const ulong Scale = 100_000_000UL;

    public readonly ulong Raw;

    private UFix64(ulong raw) => Raw = raw;

    public static UFix64 FromRaw(ulong raw) => new(raw);
    public static readonly UFix64 Zero = new(0);
    public static readonly UFix64 One = new(Scale);
    public static readonly UFix64 Max = new(ulong.MaxValue);
    /// <summary>The smallest positive value, 0.00000001.</summary>
    public static readonly UFix64 Epsilon = new(1);

    public static UFix64 FromInteger(ulong whole)
    {
        if (whole > ulong.MaxValue / Scale) throw new FixedPointException("UFix64 overflow");
        return new(whole * Scale);
    }

    public bool IsZero => Raw == 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static UFix64 operator +(UFix64 a, UFix64 b)
    {
        ulong r = a.Raw + b.Raw;
        if (r < a.Raw) throw new FixedPointException("UFix64 addition overflow");
        return new(r);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static UFix64 operator -(UFix64 a, UFix64 b)
    {
        if (b.Raw > a.Raw) throw new FixedPointException("UFix64 subtraction underflow");
        return new(a.Raw - b.Raw);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static UFix64 operator *(UFix64 a, UFix64 b)
    {
        UInt128 p = (UInt128)a.Raw * b.Raw / Scale;
        if (p > ulong.MaxValue) throw new FixedPointException("UFix64 multiplication overflow");
        return new((ulong)p);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static UFix64 operator /(UFix64 a, UFix64 b)
    {
        if (b.Raw == 0) throw new FixedPointException("UFix64 division by zero");
        UInt128 q = (UInt128)a.Raw * Scale / b.Raw;
        if (q > ulong.MaxValue) throw new FixedPointException("UFix64 division overflow");
        return new((ulong)q);
    }

    /// <summary>a − b, floored at zero (the contract's "never negative" total updates).</summary>
    public static UFix64 SaturatingSub(UFix64 a, UFix64 b) => a.Raw > b.Raw ? new(a.Raw - b.Raw) : Zero;
    public static UFix64 Min(UFix64 a, UFix64 b) => a.Raw <= b.Raw ? a : b;
    public static UFix64 Max2(UFix64 a, UFix64 b) => a.Raw >= b.Raw ? a : b;

    /// <summary>Floor to whole units (used for elapsed seconds in compounding).</summary>
    public ulong Floor => Raw / Scale;

    public UFix128 ToUFix128() => UFix128.FromUFix64(this);

    public static bool operator ==(UFix64 a, UFix64 b) => a.Raw == b.Raw;
    public static bool operator !=(UFix64 a, UFix64 b) => a.Raw != b.Raw;
    public static bool operator <(UFix64 a, UFix64 b) => a.Raw < b.Raw;
    public static bool operator >(UFix64 a, UFix64 b) => a.Raw > b.Raw;
    public static bool operator <=(UFix64 a, UFix64 b) => a.Raw <= b.Raw;
    public static bool operator >=(UFix64 a, UFix64 b) => a.Raw >= b.Raw;
    public bool Equals(UFix64 other) => Raw == other.Raw;
    public override bool Equals(object? obj) => obj is UFix64 o && o.Raw == Raw;
    public override int GetHashCode() => Raw.GetHashCode();
    public int CompareTo(UFix64 other) => Raw.CompareTo(other.Raw);

    /// <summary>Exact decimal text with all 8 decimals, e.g. "615.38461538".</summary>
    public override string ToString()
    {
        ulong whole = Raw / Scale, frac = Raw % Scale;
        return whole.ToString(CultureInfo.InvariantCulture) + "." + frac.ToString("D8", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// <see cref="ToString()"/>'s text written into <paramref name="destination"/>, so an interpolated message (a refusal's
    /// reason) formats the amount in place instead of through a string of its own. Money has one spelling: the format and
    /// provider are ignored, as they were when the value was formatted through <see cref="ToString()"/>.
    /// </summary>
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
    {
        charsWritten = 0;
        ulong whole = Raw / Scale, frac = Raw % Scale;
        if (!whole.TryFormat(destination, out int n, default, CultureInfo.InvariantCulture) || n >= destination.Length) return false;
        destination[n++] = '.';
        if (!frac.TryFormat(destination[n..], out int m, "D8", CultureInfo.InvariantCulture)) return false;
        charsWritten = n + m;
        return true;
    }

    /// <summary><see cref="ToString()"/> (the format and provider are ignored, see <see cref="TryFormat"/>).</summary>
    public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

    /// <summary>Parses a plain non-negative decimal ("12", "0.5", "184467440737.09551615"); at most 8 decimals.</summary>
    public static UFix64 Parse(string text)
    {
        if (!TryParse(text, out var v, out var error)) throw new FormatException(error);
        return v;
    }

    public static bool TryParse(string? text, out UFix64 value, out string error)
    {
        value = Zero;
        if (!FixedText.TrySplit(text, Decimals, out var whole, out var frac, out error)) return false;
        UInt128 raw = whole * Scale + frac;
        if (whole > ulong.MaxValue || raw > ulong.MaxValue) { error = "exceeds the UFix64 maximum 184467440737.09551615"; return false; }
        value = new((ulong)raw);
        return true;
    }

    /// <summary>For price processes only: converts a double once at the oracle boundary (truncates).</summary>
    public static UFix64 FromDouble(double d)
    {
        if (double.IsNaN(d) || d < 0) throw new ArgumentOutOfRangeException(nameof(d), "price must be a non-negative number");
        double raw = Math.Floor(d * Scale);
        if (raw >= 18446744073709551615.0) throw new FixedPointException("UFix64 overflow");
        return new((ulong)raw);
    }

    public double ToDouble() => (double)Raw / Scale;
}

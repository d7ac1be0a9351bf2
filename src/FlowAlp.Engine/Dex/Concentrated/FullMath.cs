using System.Numerics;

namespace FlowAlp.Engine.Dex.Concentrated;

/// <summary>
/// Exact integer helpers of the pool math (v3's FullMath/UnsafeMath): products are formed in full with
/// <see cref="BigInteger"/>, so a·b/d never overflows and rounds exactly once, down or up as the caller asks.
/// </summary>
public static class FullMath
{
    /// <summary>2^96: the Q64.96 scale of sqrt prices.</summary>
    public static readonly BigInteger Q96 = BigInteger.One << 96;

    /// <summary>2^128: the Q128.128 scale of fee growth per unit of liquidity.</summary>
    public static readonly BigInteger Q128 = BigInteger.One << 128;

    /// <summary>2^256: fee growth accumulators wrap modulo this, as v3's uint256 does.</summary>
    public static readonly BigInteger Mod256 = BigInteger.One << 256;

    public static BigInteger MulDiv(BigInteger a, BigInteger b, BigInteger d) => a * b / d;

    public static BigInteger MulDivRoundingUp(BigInteger a, BigInteger b, BigInteger d) => DivRoundingUp(a * b, d);

    /// <summary>ceil(a / d) for a ≥ 0, d &gt; 0.</summary>
    public static BigInteger DivRoundingUp(BigInteger a, BigInteger d)
    {
        var q = BigInteger.DivRem(a, d, out var r);
        return r.IsZero ? q : q + 1;
    }

    /// <summary>a − b modulo 2^256 (v3's unchecked uint256 subtraction of fee growth values).</summary>
    public static BigInteger SubWrap(BigInteger a, BigInteger b)
    {
        var d = (a - b) % Mod256;
        return d.Sign < 0 ? d + Mod256 : d;
    }

    /// <summary>a + b modulo 2^256.</summary>
    public static BigInteger AddWrap(BigInteger a, BigInteger b) => (a + b) % Mod256;
}

using System.Numerics;
using FlowAlp.Protocol;

namespace FlowAlp.Engine.Dex.Concentrated;

/// <summary>
/// <see cref="ConcentratedPool"/> in the DEX's terms: exact-in and exact-out trades by token name in raw UFix64 units,
/// the spot price, liquidity drains and arbitrage to a target price.
/// </summary>
public sealed partial class ConcentratedPool
{
    /// <summary>
    /// Sells exactly <paramref name="amountIn"/> raw units of <paramref name="inToken"/>; returns the output (rounded
    /// down). Input the curve cannot absorb (the price ran to the end of the tick range) stays in the pool, so the
    /// trader always pays the whole amount, as on a constant-product pair. <paramref name="commit"/> false: a quote.
    /// </summary>
    public ulong SwapExactIn(string inToken, ulong amountIn, bool commit = true)
    {
        if (amountIn == 0) return 0;
        bool zeroForOne = IsToken0(inToken);
        var o = Swap(zeroForOne, amountIn, null, commit);
        BigInteger paid = zeroForOne ? o.Amount0 : o.Amount1, received = -(zeroForOne ? o.Amount1 : o.Amount0);
        if (commit && paid < amountIn)
        {
            if (zeroForOne) Balance0 = Checked(Balance0 + (amountIn - paid)); else Balance1 = Checked(Balance1 + (amountIn - paid));
        }
        return (ulong)received;
    }

    /// <summary>
    /// Buys exactly <paramref name="amountOut"/> raw units of the other token; returns the input paid (fee included,
    /// rounded up). Throws when the pool's liquidity cannot deliver that much.
    /// </summary>
    public ulong SwapExactOut(string inToken, ulong amountOut, bool commit = true)
    {
        if (amountOut == 0) return 0;
        bool zeroForOne = IsToken0(inToken);
        var q = Swap(zeroForOne, -(BigInteger)amountOut, null, commit: false);
        if (-(zeroForOne ? q.Amount1 : q.Amount0) < amountOut)
            throw new ProtocolException($"DEX pool {Token0}/{Token1} can deliver only {-(zeroForOne ? q.Amount1 : q.Amount0)} raw of {(zeroForOne ? Token1 : Token0)}");
        var o = commit ? Swap(zeroForOne, -(BigInteger)amountOut, null, commit: true) : q;
        return (ulong)(zeroForOne ? o.Amount0 : o.Amount1);
    }

    /// <summary>Price of <paramref name="token"/> in the other token, raw units (8 decimals), truncated.</summary>
    public ulong SpotRaw(string token)
    {
        BigInteger p2 = SqrtPriceX96 * SqrtPriceX96, scale = 100_000_000;
        var v = IsToken0(token) ? p2 * scale >> 192 : (scale << 192) / p2;
        return v > ulong.MaxValue ? ulong.MaxValue : (ulong)v;
    }

    /// <summary>
    /// Removes <paramref name="fraction"/> (raw/1e8, at most 1e8) of every position's liquidity, truncated, and takes
    /// its tokens (rounded down, as a burn) out of the pool: a liquidity drain. Fees owed stay.
    /// </summary>
    public void Drain(ulong fractionRaw)
    {
        foreach (var key in _positions.Keys.OrderBy(k => k.Owner, StringComparer.Ordinal).ThenBy(k => k.Lower).ThenBy(k => k.Upper).ToList())
        {
            var p = _positions[key];
            var cut = (UInt128)FullMath.MulDiv(p.Liquidity, fractionRaw, 100_000_000);
            if (cut == UInt128.Zero) continue;
            var (a0, a1) = Burn(key.Owner, key.Lower, key.Upper, cut);
            p.TokensOwed0 -= a0; p.TokensOwed1 -= a1;
            Balance0 -= a0; Balance1 -= a1;
        }
    }

    /// <summary>
    /// Moves the price to <paramref name="targetSqrtPriceX96"/> by swapping against the pool as an arbitrageur would
    /// (fees paid to the liquidity in range); no-op when already there.
    /// </summary>
    public void ArbitrageTo(BigInteger targetSqrtPriceX96)
    {
        var target = BigInteger.Clamp(targetSqrtPriceX96, TickMath.MinSqrtRatio + 1, TickMath.MaxSqrtRatio - 1);
        if (target == SqrtPriceX96) return;
        Swap(target < SqrtPriceX96, (BigInteger)ulong.MaxValue, target, commit: true);
    }
}

using System.Numerics;
using FlowAlp.Protocol;

namespace FlowAlp.Engine.Dex.Concentrated;

/// <summary>
/// A Uniswap-v3-style concentrated-liquidity pool of two tokens in exact integer arithmetic: the sqrt price as
/// Q64.96, liquidity positions over tick ranges, tick crossing, a fee tier, and fee growth per unit of liquidity that
/// accrues only to the liquidity in range when a swap pays it. Token amounts are raw integer units (1 raw = 1e-8
/// token, UFix64's raw). token0 is the ordinally smaller token name; the price is token1 per token0.
/// <para>
/// Initialized ticks are kept as a sorted list (instead of v3's bitmap words), so a swap steps from one initialized
/// tick to the next; v3 also stops at empty bitmap-word boundaries, which only re-splits the rounding of a step.
/// </para>
/// <para>
/// <see cref="Balance0"/>/<see cref="Balance1"/> are the tokens the pool really holds: every mint pays in (rounded up),
/// every swap pays the input with its fee in and the output out, every collect pays out. Whatever positions could
/// burn and collect is always covered by them (rounding leaves dust in the pool, never a shortfall).
/// </para>
/// </summary>
public sealed partial class ConcentratedPool
{
    private readonly Dictionary<int, TickInfo> _ticks = new();
    private readonly List<int> _initializedTicks = new(); // sorted keys of _ticks
    private readonly Dictionary<PositionKey, RangePosition> _positions = new();
    private U256 _sqrtPriceX96;
    private U256 _feeGrowthGlobal0X128, _feeGrowthGlobal1X128;

    public string Token0 { get; }
    public string Token1 { get; }
    public FeeTier Tier { get; }
    public int Tick { get; private set; }
    /// <summary>The liquidity in range at the current price.</summary>
    public UInt128 Liquidity { get; private set; }
    public ulong Balance0 { get; private set; }
    public ulong Balance1 { get; private set; }

    public BigInteger SqrtPriceX96 => _sqrtPriceX96.Value;
    public BigInteger FeeGrowthGlobal0X128 => _feeGrowthGlobal0X128.Value;
    public BigInteger FeeGrowthGlobal1X128 => _feeGrowthGlobal1X128.Value;
    public IReadOnlyDictionary<int, TickInfo> Ticks => _ticks;
    public IReadOnlyList<int> InitializedTicks => _initializedTicks;
    public IReadOnlyDictionary<PositionKey, RangePosition> Positions => _positions;

    public ConcentratedPool(string tokenA, string tokenB, FeeTier tier, BigInteger sqrtPriceX96)
    {
        if (tokenA == tokenB) throw new ArgumentException("pair: tokens must differ");
        if (FeeTier.Of(tier.FeePips) != tier) throw new ArgumentException($"fee tier: {tier.FeePips} pips with spacing {tier.TickSpacing} is not a v3 tier");
        if (sqrtPriceX96 < TickMath.MinSqrtRatio || sqrtPriceX96 >= TickMath.MaxSqrtRatio) throw new ArgumentException("sqrt price: outside the tick range");
        (Token0, Token1) = string.CompareOrdinal(tokenA, tokenB) < 0 ? (tokenA, tokenB) : (tokenB, tokenA);
        Tier = tier;
        _sqrtPriceX96 = U256.From(sqrtPriceX96);
        Tick = TickMath.TickAtSqrtRatio(sqrtPriceX96);
    }

    private ConcentratedPool(ConcentratedPool o)
    {
        Token0 = o.Token0; Token1 = o.Token1; Tier = o.Tier; Tick = o.Tick; Liquidity = o.Liquidity;
        Balance0 = o.Balance0; Balance1 = o.Balance1;
        _sqrtPriceX96 = o._sqrtPriceX96; _feeGrowthGlobal0X128 = o._feeGrowthGlobal0X128; _feeGrowthGlobal1X128 = o._feeGrowthGlobal1X128;
        foreach (var kv in o._ticks) _ticks[kv.Key] = kv.Value.Copy();
        _initializedTicks.AddRange(o._initializedTicks);
        foreach (var kv in o._positions) _positions[kv.Key] = kv.Value.Copy();
    }

    /// <summary>A deep copy (for quotes, views and transaction rollback).</summary>
    public ConcentratedPool Copy() => new(this);

    public bool IsToken0(string token) => token == Token0 ? true : token == Token1 ? false : throw new ArgumentException($"token: {token} is not in pool {Token0}/{Token1}");

    // ---- positions ----------------------------------------------------------------------------------------

    private void CheckRange(int lower, int upper)
    {
        if (lower >= upper) throw new ArgumentException($"range: lower tick {lower} must be below upper tick {upper}");
        if (lower < TickMath.MinTick || upper > TickMath.MaxTick) throw new ArgumentException("range: outside [MinTick, MaxTick]");
        if (lower % Tier.TickSpacing != 0 || upper % Tier.TickSpacing != 0)
            throw new ArgumentException($"range: ticks {lower}/{upper} are not multiples of the tick spacing {Tier.TickSpacing}");
    }

    /// <summary>Token amounts a liquidity change over a range moves at the current price (v3's _modifyPosition).</summary>
    public (BigInteger Amount0, BigInteger Amount1) AmountsForLiquidity(int lower, int upper, BigInteger liquidity, bool roundUp)
    {
        BigInteger sa = TickMath.SqrtRatioAtTick(lower), sb = TickMath.SqrtRatioAtTick(upper), sp = SqrtPriceX96;
        if (Tick < lower) return (SqrtPriceMath.Amount0Delta(sa, sb, liquidity, roundUp), BigInteger.Zero);
        if (Tick < upper) return (SqrtPriceMath.Amount0Delta(sp, sb, liquidity, roundUp), SqrtPriceMath.Amount1Delta(sa, sp, liquidity, roundUp));
        return (BigInteger.Zero, SqrtPriceMath.Amount1Delta(sa, sb, liquidity, roundUp));
    }

    /// <summary>Adds <paramref name="liquidity"/> to a position; returns the tokens paid into the pool (rounded up).</summary>
    public (ulong Amount0, ulong Amount1) Mint(string owner, int lower, int upper, UInt128 liquidity)
    {
        CheckRange(lower, upper);
        if (liquidity == UInt128.Zero) throw new ArgumentException("liquidity: must be greater than 0");
        var (a0, a1) = AmountsForLiquidity(lower, upper, liquidity, roundUp: true);
        ulong new0 = Checked(Balance0 + a0), new1 = Checked(Balance1 + a1);
        UpdatePosition(new PositionKey(owner, lower, upper), (BigInteger)liquidity);
        Balance0 = new0; Balance1 = new1;
        return ((ulong)a0, (ulong)a1);
    }

    /// <summary>Removes liquidity from a position; its tokens (rounded down) become owed to it, to <see cref="Collect"/>.</summary>
    public (ulong Amount0, ulong Amount1) Burn(string owner, int lower, int upper, UInt128 liquidity)
    {
        var key = new PositionKey(owner, lower, upper);
        if (!_positions.TryGetValue(key, out var p) || p.Liquidity < liquidity) throw new ProtocolException($"position {owner} [{lower}, {upper}): not enough liquidity to burn {liquidity}");
        var (a0, a1) = AmountsForLiquidity(lower, upper, liquidity, roundUp: false);
        UpdatePosition(key, -(BigInteger)liquidity);
        p.TokensOwed0 += (UInt128)a0;
        p.TokensOwed1 += (UInt128)a1;
        return ((ulong)a0, (ulong)a1);
    }

    /// <summary>Pays out everything owed to a position (burnt principal and fees); an emptied position is removed.</summary>
    public (ulong Amount0, ulong Amount1) Collect(string owner, int lower, int upper)
    {
        var key = new PositionKey(owner, lower, upper);
        if (!_positions.TryGetValue(key, out var p)) return (0, 0);
        if (p.Liquidity > UInt128.Zero) UpdatePosition(key, BigInteger.Zero); // book the fees earned so far
        ulong a0 = (ulong)p.TokensOwed0, a1 = (ulong)p.TokensOwed1;
        Balance0 -= a0; Balance1 -= a1;
        p.TokensOwed0 = UInt128.Zero; p.TokensOwed1 = UInt128.Zero;
        if (p.Liquidity == UInt128.Zero) _positions.Remove(key);
        return (a0, a1);
    }

    /// <summary>Fees earned by a position and not yet booked into its tokens owed (read-only).</summary>
    public (BigInteger Fees0, BigInteger Fees1) UnbookedFees(PositionKey key)
    {
        var p = _positions[key];
        var (in0, in1) = FeeGrowthInside(key.Lower, key.Upper);
        return (FullMath.MulDiv(FullMath.SubWrap(in0, p.FeeGrowthInside0LastX128.Value), p.Liquidity, FullMath.Q128),
                FullMath.MulDiv(FullMath.SubWrap(in1, p.FeeGrowthInside1LastX128.Value), p.Liquidity, FullMath.Q128));
    }

    private void UpdatePosition(PositionKey key, BigInteger delta)
    {
        if (!delta.IsZero)
        {
            UpdateTick(key.Lower, delta, upper: false);
            UpdateTick(key.Upper, delta, upper: true);
        }
        var (in0, in1) = FeeGrowthInside(key.Lower, key.Upper);
        if (!_positions.TryGetValue(key, out var p)) _positions[key] = p = new RangePosition();
        p.TokensOwed0 += (UInt128)FullMath.MulDiv(FullMath.SubWrap(in0, p.FeeGrowthInside0LastX128.Value), p.Liquidity, FullMath.Q128);
        p.TokensOwed1 += (UInt128)FullMath.MulDiv(FullMath.SubWrap(in1, p.FeeGrowthInside1LastX128.Value), p.Liquidity, FullMath.Q128);
        p.FeeGrowthInside0LastX128 = U256.From(in0);
        p.FeeGrowthInside1LastX128 = U256.From(in1);
        p.Liquidity = (UInt128)((BigInteger)p.Liquidity + delta);
        if (delta < 0)
        {
            ClearIfUnused(key.Lower);
            ClearIfUnused(key.Upper);
        }
        if (key.Lower <= Tick && Tick < key.Upper) Liquidity = (UInt128)((BigInteger)Liquidity + delta);
    }

    private void UpdateTick(int tick, BigInteger delta, bool upper)
    {
        if (!_ticks.TryGetValue(tick, out var t))
        {
            // By convention all fee growth so far happened below a tick at or under the current one.
            t = new TickInfo();
            if (tick <= Tick) { t.FeeGrowthOutside0X128 = _feeGrowthGlobal0X128; t.FeeGrowthOutside1X128 = _feeGrowthGlobal1X128; }
            _ticks[tick] = t;
            int at = _initializedTicks.BinarySearch(tick);
            _initializedTicks.Insert(~at, tick);
        }
        t.LiquidityGross = (UInt128)((BigInteger)t.LiquidityGross + delta);
        t.LiquidityNet = (Int128)((BigInteger)t.LiquidityNet + (upper ? -delta : delta));
    }

    private void ClearIfUnused(int tick)
    {
        if (_ticks.TryGetValue(tick, out var t) && t.LiquidityGross == UInt128.Zero)
        {
            _ticks.Remove(tick);
            _initializedTicks.RemoveAt(_initializedTicks.BinarySearch(tick));
        }
    }

    /// <summary>Fee growth per unit of liquidity inside [lower, upper) (v3's getFeeGrowthInside, modulo 2^256).</summary>
    public (BigInteger Inside0, BigInteger Inside1) FeeGrowthInside(int lower, int upper)
    {
        BigInteger g0 = FeeGrowthGlobal0X128, g1 = FeeGrowthGlobal1X128;
        (BigInteger o0, BigInteger o1) Outside(int tick) =>
            _ticks.TryGetValue(tick, out var t) ? (t.FeeGrowthOutside0X128.Value, t.FeeGrowthOutside1X128.Value) : (BigInteger.Zero, BigInteger.Zero);
        var (l0, l1) = Outside(lower);
        var (u0, u1) = Outside(upper);
        BigInteger b0 = Tick >= lower ? l0 : FullMath.SubWrap(g0, l0), b1 = Tick >= lower ? l1 : FullMath.SubWrap(g1, l1);
        BigInteger a0 = Tick < upper ? u0 : FullMath.SubWrap(g0, u0), a1 = Tick < upper ? u1 : FullMath.SubWrap(g1, u1);
        return (FullMath.SubWrap(FullMath.SubWrap(g0, b0), a0), FullMath.SubWrap(FullMath.SubWrap(g1, b1), a1));
    }

    private static ulong Checked(BigInteger v) =>
        v.Sign >= 0 && v <= ulong.MaxValue ? (ulong)v : throw new ProtocolException("concentrated pool: token balance outside the UFix64 range");
}

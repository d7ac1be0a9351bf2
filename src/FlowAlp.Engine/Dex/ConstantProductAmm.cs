using FlowAlp.Protocol;
using FlowAlp.Protocol.Atomicity;
using FlowAlp.Protocol.Connectors;
using FlowAlp.Engine.Dex.Concentrated;
using FlowAlp.Protocol.Dex;
using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Engine.Dex;

/// <summary>
/// A constant-product DEX (x·y = k per pair, a fee on the input) with finite liquidity, so large trades slip. Pure
/// state with exact fixed point: quoteOut truncates (the trader gets no dust more), quoteIn rounds up (the pool is
/// never short). It is the DEX actor's state and, copied, the supervisor's view for liquidation checks.
/// <para>
/// LP shares: every pair has a share supply (<see cref="TotalShares"/>). A pool created by
/// <see cref="SetLiquidity"/> mints sqrt(a·b) "genesis" shares that nobody owns (they can never be removed, so the
/// pool never empties through LP withdrawals); <see cref="AddLiquidity"/> and <see cref="RemoveLiquidity"/> mint
/// and burn shares pro rata, always rounding in the pool's favour. Share holdings are tracked by the holders
/// (e.g. a <c>DexLiquidityPosition</c>); the AMM only checks that a burn never touches the genesis shares.
/// </para>
/// <para>
/// Atomicity: after <see cref="JoinTransactions"/> every mutation first registers a snapshot of all pools and
/// shares with the <see cref="TransactionContext"/>, so a reverted transaction restores the whole AMM.
/// </para>
/// <para>
/// Concentrated pairs: <see cref="SetConcentratedLiquidity"/> makes a pair a Uniswap-v3-style pool
/// (<see cref="ConcentratedPool"/>, its own fee tier) instead of x·y = k. Quotes, swaps, spot, reserves (the pool's real
/// token balances), drains, arbitrage, copies and rollbacks dispatch per pair, so callers work unchanged; LP shares
/// exist for constant-product pairs only.
/// </para>
/// </summary>
public sealed class ConstantProductAmm : ISwapperProvider
{
    private readonly Dictionary<(string, string), (UFix64 A, UFix64 B)> _pools = new();
    private readonly Dictionary<(string, string), (UFix64 Total, UFix64 Genesis)> _shares = new();
    private readonly Dictionary<(string, string), ConcentratedPool> _concentrated = new();
    private TransactionContext? _tx;
    public ushort FeeBps { get; }

    public ConstantProductAmm(ushort feeBps = 30)
    {
        if (feeBps >= 10_000) throw new ArgumentException($"feeBps: must be below 10000, got {feeBps}");
        FeeBps = feeBps;
    }

    private static (string, string) Key(string a, string b) => string.CompareOrdinal(a, b) < 0 ? (a, b) : (b, a);

    public void SetLiquidity(string tokenA, UFix64 amountA, string tokenB, UFix64 amountB)
    {
        if (tokenA == tokenB) throw new ArgumentException("pair: tokens must differ");
        if (amountA.IsZero || amountB.IsZero) throw new ArgumentException("liquidity: both reserves must be greater than 0");
        var k = Key(tokenA, tokenB);
        TouchTx();
        _concentrated.Remove(k);
        _pools[k] = k.Item1 == tokenA ? (amountA, amountB) : (amountB, amountA);
        // A new pair gets unowned genesis shares; resetting an existing pair keeps its shares (holders' claims scale).
        if (!_shares.ContainsKey(k)) { var g = GeometricMean(amountA, amountB); _shares[k] = (g, g); }
    }

    /// <summary>
    /// Makes the <paramref name="token"/>/<paramref name="quote"/> pair a concentrated-liquidity pool opening at
    /// <paramref name="price"/> (quote per token) with <paramref name="ranges"/> of liquidity (each worth its depth in
    /// the quote token at that price), replacing whatever the pair was. Fee tiers: 100, 500, 3000, 10000 pips.
    /// </summary>
    public void SetConcentratedLiquidity(string token, string quote, uint feePips, UFix64 price, IReadOnlyList<ConcentratedRange> ranges)
    {
        if (token == quote) throw new ArgumentException("pair: tokens must differ");
        var tier = FeeTier.Of(feePips) ?? throw new ArgumentException($"feeTier: {feePips} is not one of 100, 500, 3000, 10000 pips");
        if (ranges.Count == 0) throw new ArgumentException("ranges: at least one range is needed");
        bool baseIsToken0 = string.CompareOrdinal(token, quote) < 0;
        var pool = new ConcentratedPool(token, quote, tier, PoolSeeding.SqrtPriceX96(baseIsToken0, price));
        for (int i = 0; i < ranges.Count; i++)
        {
            var r = ranges[i];
            var (lower, upper) = PoolSeeding.TickRange(baseIsToken0, r.LowerPrice, r.UpperPrice, tier.TickSpacing);
            var liquidity = PoolSeeding.LiquidityForDepth(pool, lower, upper, quoteIsToken1: baseIsToken0, r.Depth.Raw);
            if (liquidity == UInt128.Zero) throw new ArgumentException($"ranges[{i}]: depth {r.Depth} is too small for any liquidity");
            pool.Mint($"range{i}", lower, upper, liquidity);
        }
        var k = Key(token, quote);
        TouchTx();
        _pools.Remove(k);
        _shares.Remove(k);
        _concentrated[k] = pool;
    }

    /// <summary>
    /// The pair's concentrated pool, looked up only when there is one: the pair key hashes two strings, and a quote asks
    /// for it before every constant-product quote.
    /// </summary>
    private bool TryConcentrated((string, string) key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out ConcentratedPool pool)
    {
        if (_concentrated.Count == 0) { pool = null; return false; }
        return _concentrated.TryGetValue(key, out pool);
    }

    /// <summary>The pair's concentrated pool (read-only use), or null for a constant-product pair or none.</summary>
    public ConcentratedPool? Concentrated(string tokenA, string tokenB) => _concentrated.GetValueOrDefault(Key(tokenA, tokenB));

    public (UFix64 In, UFix64 Out)? Reserves(string inToken, string outToken)
    {
        var k = Key(inToken, outToken);
        if (TryConcentrated(k, out var cl))
            return cl.IsToken0(inToken) ? (UFix64.FromRaw(cl.Balance0), UFix64.FromRaw(cl.Balance1)) : (UFix64.FromRaw(cl.Balance1), UFix64.FromRaw(cl.Balance0));
        if (!_pools.TryGetValue(k, out var r)) return null;
        return k.Item1 == inToken ? (r.A, r.B) : (r.B, r.A);
    }

    private void SetReserves(string inToken, string outToken, UFix64 rin, UFix64 rout)
    {
        var k = Key(inToken, outToken);
        _pools[k] = k.Item1 == inToken ? (rin, rout) : (rout, rin);
    }

    /// <summary>Spot price of <paramref name="token"/> in <paramref name="quote"/> (reserve ratio), or null without a pool.</summary>
    public UFix64? Spot(string token, string quote) =>
        TryConcentrated(Key(token, quote), out var cl) ? UFix64.FromRaw(cl.SpotRaw(token))
        : Reserves(token, quote) is { } r ? r.Out / r.In : null;

    /// <summary>Removes <paramref name="fraction"/> (0..1) of both reserves of every pool (a liquidity drain).</summary>
    public void Drain(UFix64 fraction)
    {
        if (fraction > UFix64.One) throw new ArgumentException("fraction: must be at most 1");
        TouchTx();
        foreach (var k in _pools.Keys.ToList())
        {
            var (a, b) = _pools[k];
            _pools[k] = (UFix64.Max2(a - a * fraction, UFix64.Epsilon), UFix64.Max2(b - b * fraction, UFix64.Epsilon));
        }
        foreach (var k in _concentrated.Keys.OrderBy(k => k.Item1, StringComparer.Ordinal).ThenBy(k => k.Item2, StringComparer.Ordinal))
            _concentrated[k].Drain(fraction.Raw);
    }

    /// <summary>
    /// Arbitrageurs between blocks: every pool against <paramref name="quote"/> is moved to the oracle price along its
    /// curve (x·y kept, integer square roots, so the result is exact and deterministic). Tokens without a price stay.
    /// </summary>
    public void ArbitrageTo(IReadOnlyDictionary<string, UFix64?> prices, string quote)
    {
        TouchTx();
        foreach (var (token, price) in prices.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (token == quote || price is not { } p || p.IsZero) continue;
            if (TryConcentrated(Key(token, quote), out var cl))
            {
                cl.ArbitrageTo(PoolSeeding.SqrtPriceX96(cl.IsToken0(token), p));
                continue;
            }
            if (Reserves(token, quote) is not { } r) continue;
            var k = (System.Numerics.BigInteger)r.In.Raw * r.Out.Raw;
            var scale = (System.Numerics.BigInteger)UFix64.One.Raw;
            ulong rin = (ulong)Sqrt(k * scale / p.Raw), rout = (ulong)Sqrt(k * p.Raw / scale);
            if (rin == 0 || rout == 0) continue;
            SetReserves(token, quote, UFix64.FromRaw(rin), UFix64.FromRaw(rout));
        }
    }

    private static System.Numerics.BigInteger Sqrt(System.Numerics.BigInteger n)
    {
        if (n < 2) return n;
        var x = (System.Numerics.BigInteger)Math.Sqrt((double)n);
        while (x * x > n) x--;
        while ((x + 1) * (x + 1) <= n) x++;
        return x;
    }

    public ConstantProductAmm Copy()
    {
        var c = new ConstantProductAmm(FeeBps);
        foreach (var kv in _pools) c._pools[kv.Key] = kv.Value;
        foreach (var kv in _shares) c._shares[kv.Key] = kv.Value;
        foreach (var kv in _concentrated) c._concentrated[kv.Key] = kv.Value.Copy();
        return c; // a copy is a detached view: it does not join this AMM's transaction context
    }

    private UFix128 FeeKeep => FeeKeepOf(FeeBps);

    /// <summary>
    /// (10⁴ − bps) / 10⁴ as a UFix128: the division floor((10⁴ − bps)·10²⁴·10²⁴ / (10⁴·10²⁴)) is exactly
    /// (10⁴ − bps)·10²⁰, so it is formed without one (it was a 256-bit division on every quote).
    /// </summary>
    internal static UFix128 FeeKeepOf(ushort feeBps) => UFix128.FromRaw((UInt128)(ulong)(10_000 - feeBps) * FeeKeepUnit);

    private static readonly UInt128 FeeKeepUnit = UFix128.Scale / 10_000;

    public UFix64 QuoteOut(string inToken, string outToken, UFix64 amountIn)
    {
        if (TryConcentrated(Key(inToken, outToken), out var cl)) return UFix64.FromRaw(cl.SwapExactIn(inToken, amountIn.Raw, commit: false));
        var (rin, rout) = Reserves(inToken, outToken) ?? throw new ProtocolException($"No DEX pool for {inToken}/{outToken}");
        UFix128 inAfterFee = amountIn.ToUFix128() * FeeKeep;
        return (rout.ToUFix128() * inAfterFee / (rin.ToUFix128() + inAfterFee)).RoundDown();
    }

    public UFix64 QuoteIn(string inToken, string outToken, UFix64 desiredOut)
    {
        if (TryConcentrated(Key(inToken, outToken), out var cl)) return UFix64.FromRaw(cl.SwapExactOut(inToken, desiredOut.Raw, commit: false));
        var (rin, rout) = Reserves(inToken, outToken) ?? throw new ProtocolException($"No DEX pool for {inToken}/{outToken}");
        if (desiredOut >= rout) throw new ProtocolException($"DEX pool {inToken}/{outToken} holds only {rout} {outToken}");
        UFix128 need = rin.ToUFix128() * desiredOut.ToUFix128() / ((rout - desiredOut).ToUFix128() * FeeKeep);
        return need.RoundUp();
    }

    public Vault Swap(string inToken, string outToken, UFix64 amountIn)
    {
        if (TryConcentrated(Key(inToken, outToken), out var cl))
        {
            cl.SwapExactIn(inToken, amountIn.Raw, commit: false); // a failing quote throws before the transaction is touched
            TouchTx();
            return new Vault(outToken, UFix64.FromRaw(cl.SwapExactIn(inToken, amountIn.Raw)));
        }
        UFix64 out_ = QuoteOut(inToken, outToken, amountIn);
        var (rin, rout) = Reserves(inToken, outToken)!.Value;
        TouchPair(inToken, outToken);
        SetReserves(inToken, outToken, rin + amountIn, rout - out_);
        return new Vault(outToken, out_);
    }

    // ---- transactions -------------------------------------------------------------------------------------

    /// <summary>
    /// Makes every later mutation join <paramref name="tx"/>: the first change inside a transaction snapshots all
    /// pools and shares, and a rollback restores them. Joining the same context again is a no-op; an AMM can
    /// join only one context.
    /// </summary>
    public void JoinTransactions(TransactionContext tx)
    {
        ArgumentNullException.ThrowIfNull(tx);
        if (_tx != null && !ReferenceEquals(_tx, tx)) throw new ArgumentException("tx: this AMM already joins another transaction context");
        _tx = tx;
    }

    private void TouchTx() => _tx?.Touch(this, () =>
    {
        var pools = new Dictionary<(string, string), (UFix64 A, UFix64 B)>(_pools);
        var shares = new Dictionary<(string, string), (UFix64 Total, UFix64 Genesis)>(_shares);
        var concentrated = _concentrated.ToDictionary(kv => kv.Key, kv => kv.Value.Copy());
        return () =>
        {
            _concentrated.Clear();
            foreach (var kv in concentrated) _concentrated[kv.Key] = kv.Value;
            _pools.Clear();
            foreach (var kv in pools) _pools[kv.Key] = kv.Value;
            _shares.Clear();
            foreach (var kv in shares) _shares[kv.Key] = kv.Value;
        };
    });

    /// <summary>
    /// Before a swap changes one constant-product pair: registers the undo of that pair's reserves only (a swap per
    /// vault top-up; <see cref="TouchTx"/> would copy every pool, share and concentrated pool). Mixed with a
    /// <see cref="TouchTx"/> in the same transaction the rollback is still exact: steps replay newest first, and each
    /// restores the reserves as they were when it was registered.
    /// </summary>
    private void TouchPair(string inToken, string outToken)
    {
        if (_tx is not { InTransaction: true } tx) return;
        var k = Key(inToken, outToken);
        var before = _pools[k];
        tx.OnRollback(() => _pools[k] = before);
    }

    // ---- LP shares ----------------------------------------------------------------------------------------

    /// <summary>sqrt(a·b) on the raw values (8 decimals), truncated: the first share supply of a pair.</summary>
    private static UFix64 GeometricMean(UFix64 a, UFix64 b) =>
        UFix64.FromRaw((ulong)Sqrt((System.Numerics.BigInteger)a.Raw * b.Raw));

    /// <summary>The pair's share supply (genesis shares included), or 0 without a pool.</summary>
    public UFix64 TotalShares(string tokenA, string tokenB) =>
        _shares.TryGetValue(Key(tokenA, tokenB), out var s) ? s.Total : UFix64.Zero;

    /// <summary>The pair's unowned shares minted by <see cref="SetLiquidity"/> (never removable), or 0.</summary>
    public UFix64 GenesisShares(string tokenA, string tokenB) =>
        _shares.TryGetValue(Key(tokenA, tokenB), out var s) ? s.Genesis : UFix64.Zero;

    private static ulong MulDivDown(ulong a, ulong b, ulong d)
    {
        UInt128 q = (UInt128)a * b / d;
        if (q > ulong.MaxValue) throw new FixedPointException("UFix64 overflow");
        return (ulong)q;
    }

    private static ulong MulDivUp(ulong a, ulong b, ulong d)
    {
        UInt128 p = (UInt128)a * b;
        UInt128 q = p / d;
        if (p % d != 0) q++;
        if (q > ulong.MaxValue) throw new FixedPointException("UFix64 overflow");
        return (ulong)q;
    }

    /// <summary>
    /// What <see cref="AddLiquidity"/> would do, without changing anything: the amounts taken of each token and the
    /// shares minted. Into an existing pair the limiting side is taken in full and the other side at the current
    /// reserve ratio rounded up (the depositor pays the dust); shares = floor(min(takeA·S/rA, takeB·S/rB)). Into an
    /// empty pair both amounts are taken and shares = sqrt(amountA·amountB) (raw, truncated; Uniswap v2 style).
    /// Shares may be 0 for a dust deposit (then <see cref="AddLiquidity"/> reverts).
    /// </summary>
    public (UFix64 TakeA, UFix64 TakeB, UFix64 Shares) QuoteAddLiquidity(string tokenA, UFix64 amountA, string tokenB, UFix64 amountB)
    {
        if (tokenA == tokenB) throw new ArgumentException("pair: tokens must differ");
        if (amountA.IsZero || amountB.IsZero) throw new ArgumentException("liquidity: both amounts must be greater than 0");
        RequireConstantProduct(tokenA, tokenB);
        if (Reserves(tokenA, tokenB) is not { } r) return (amountA, amountB, GeometricMean(amountA, amountB));
        ulong total = TotalShares(tokenA, tokenB).Raw;
        ulong ra = r.In.Raw, rb = r.Out.Raw;
        ulong takeA = amountA.Raw, takeB = MulDivUp(amountA.Raw, rb, ra);
        if (takeB > amountB.Raw) { takeB = amountB.Raw; takeA = MulDivUp(amountB.Raw, ra, rb); }
        ulong shares = Math.Min(MulDivDown(takeA, total, ra), MulDivDown(takeB, total, rb));
        return (UFix64.FromRaw(takeA), UFix64.FromRaw(takeB), UFix64.FromRaw(shares));
    }

    /// <summary>
    /// Deposits liquidity at the current ratio (see <see cref="QuoteAddLiquidity"/>), creating the pair if it has no
    /// pool; returns the shares minted and hands back what was not taken as refunds (in their own tokens).
    /// Reverts (ProtocolException) if the deposit is too small to mint a share.
    /// </summary>
    public UFix64 AddLiquidity(string tokenA, UFix64 amountA, string tokenB, UFix64 amountB, out Vault refundA, out Vault refundB)
    {
        var (takeA, takeB, shares) = QuoteAddLiquidity(tokenA, amountA, tokenB, amountB);
        if (shares.IsZero) throw new ProtocolException($"DEX pool {tokenA}/{tokenB}: deposit too small to mint an LP share");
        var k = Key(tokenA, tokenB);
        var r = Reserves(tokenA, tokenB);
        UFix64 newA = (r?.In ?? UFix64.Zero) + takeA, newB = (r?.Out ?? UFix64.Zero) + takeB;
        var s = _shares.TryGetValue(k, out var cur) ? cur : (Total: UFix64.Zero, Genesis: UFix64.Zero);
        UFix64 newTotal = s.Total + shares;
        TouchTx();
        SetReserves(tokenA, tokenB, newA, newB);
        _shares[k] = (newTotal, s.Genesis);
        refundA = new Vault(tokenA, amountA - takeA);
        refundB = new Vault(tokenB, amountB - takeB);
        return shares;
    }

    /// <summary>
    /// What burning <paramref name="shares"/> would pay out: floor(reserve·shares/S) of each token (truncated,
    /// in the pool's favour). Validates like <see cref="RemoveLiquidity"/>.
    /// </summary>
    public (UFix64 A, UFix64 B) QuoteRemoveLiquidity(string tokenA, string tokenB, UFix64 shares)
    {
        if (tokenA == tokenB) throw new ArgumentException("pair: tokens must differ");
        if (shares.IsZero) throw new ArgumentException("shares: must be greater than 0");
        RequireConstantProduct(tokenA, tokenB);
        var r = Reserves(tokenA, tokenB) ?? throw new ProtocolException($"No DEX pool for {tokenA}/{tokenB}");
        var s = _shares[Key(tokenA, tokenB)];
        if (shares > s.Total - s.Genesis)
            throw new ProtocolException($"DEX pool {tokenA}/{tokenB}: {shares} shares exceed the {s.Total - s.Genesis} removable LP shares");
        return (UFix64.FromRaw(MulDivDown(r.In.Raw, shares.Raw, s.Total.Raw)), UFix64.FromRaw(MulDivDown(r.Out.Raw, shares.Raw, s.Total.Raw)));
    }

    /// <summary>
    /// Burns <paramref name="shares"/> and pays out the pro-rata reserves (truncated, in the pool's favour). The caller
    /// must hold the shares; genesis shares can never be burnt. Burning the whole supply removes the pair.
    /// </summary>
    public (Vault A, Vault B) RemoveLiquidity(string tokenA, string tokenB, UFix64 shares)
    {
        var (outA, outB) = QuoteRemoveLiquidity(tokenA, tokenB, shares);
        var k = Key(tokenA, tokenB);
        var r = Reserves(tokenA, tokenB)!.Value;
        var s = _shares[k];
        TouchTx();
        if (shares == s.Total) { _pools.Remove(k); _shares.Remove(k); }
        else
        {
            SetReserves(tokenA, tokenB, r.In - outA, r.Out - outB);
            _shares[k] = (s.Total - shares, s.Genesis);
        }
        return (new Vault(tokenA, outA), new Vault(tokenB, outB));
    }

    /// <summary>
    /// Value in <paramref name="outToken"/> of burning <paramref name="shares"/> of the outToken/<paramref name="otherToken"/>
    /// pair and then selling the <paramref name="otherToken"/> payout into the same (reduced) pool, with the exact
    /// rounding of <see cref="RemoveLiquidity"/> followed by <see cref="Swap"/>. Read-only.
    /// </summary>
    public UFix64 QuoteRemoveLiquiditySingle(string outToken, string otherToken, UFix64 shares)
    {
        var (outPart, otherPart) = QuoteRemoveLiquidity(outToken, otherToken, shares);
        if (shares == TotalShares(outToken, otherToken) || otherPart.IsZero) return outPart; // pool gone: nothing to sell into
        var r = Reserves(otherToken, outToken)!.Value;
        UFix64 rin = r.In - otherPart, rout = r.Out - outPart;
        UFix128 inAfterFee = otherPart.ToUFix128() * FeeKeep;
        return outPart + (rout.ToUFix128() * inAfterFee / (rin.ToUFix128() + inAfterFee)).RoundDown();
    }

    private void RequireConstantProduct(string tokenA, string tokenB)
    {
        if (_concentrated.ContainsKey(Key(tokenA, tokenB))) throw new ProtocolException($"DEX pool {tokenA}/{tokenB} is concentrated: LP shares exist for constant-product pairs only");
    }

    public ISwapper? GetSwapper(string inToken, string outToken) =>
        Reserves(inToken, outToken) is null ? null : new Swapper(this, inToken, outToken);

    private sealed class Swapper(ConstantProductAmm amm, string inToken, string outToken) : ISwapper
    {
        public string InToken => inToken;
        public string OutToken => outToken;
        public SwapQuote QuoteIn(UFix64 desiredOut) => new(inToken, outToken, amm.QuoteIn(inToken, outToken, desiredOut), desiredOut);
        public SwapQuote QuoteOut(UFix64 providedIn) => new(inToken, outToken, providedIn, amm.QuoteOut(inToken, outToken, providedIn));
        public Vault Swap(SwapQuote quote, Vault input)
        {
            if (input.Token != inToken) throw new ProtocolException($"Swapper expects {inToken}, got {input.Token}");
            return amm.Swap(inToken, outToken, input.Amount);
        }
    }
}

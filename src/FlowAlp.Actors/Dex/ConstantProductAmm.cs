using FlowAlp.Protocol;
using FlowAlp.Protocol.Connectors;
using FlowAlp.Protocol.Dex;
using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Actors.Dex;

/// <summary>
/// A constant-product DEX (x·y = k per pair, a fee on the input) with finite liquidity, so large trades slip. Pure
/// state with exact fixed point: quoteOut truncates (the trader gets no dust more), quoteIn rounds up (the pool is
/// never short). It is the DEX actor's state and, copied, the supervisor's view for liquidation checks.
/// </summary>
public sealed class ConstantProductAmm : ISwapperProvider
{
    private readonly Dictionary<(string, string), (UFix64 A, UFix64 B)> _pools = new();
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
        _pools[k] = k.Item1 == tokenA ? (amountA, amountB) : (amountB, amountA);
    }

    public (UFix64 In, UFix64 Out)? Reserves(string inToken, string outToken)
    {
        var k = Key(inToken, outToken);
        if (!_pools.TryGetValue(k, out var r)) return null;
        return k.Item1 == inToken ? (r.A, r.B) : (r.B, r.A);
    }

    private void SetReserves(string inToken, string outToken, UFix64 rin, UFix64 rout)
    {
        var k = Key(inToken, outToken);
        _pools[k] = k.Item1 == inToken ? (rin, rout) : (rout, rin);
    }

    /// <summary>Spot price of <paramref name="token"/> in <paramref name="quote"/> (reserve ratio), or null without a pool.</summary>
    public UFix64? Spot(string token, string quote) => Reserves(token, quote) is { } r ? r.Out / r.In : null;

    /// <summary>Removes <paramref name="fraction"/> (0..1) of both reserves of every pool (a liquidity drain).</summary>
    public void Drain(UFix64 fraction)
    {
        if (fraction > UFix64.One) throw new ArgumentException("fraction: must be at most 1");
        foreach (var k in _pools.Keys.ToList())
        {
            var (a, b) = _pools[k];
            _pools[k] = (UFix64.Max2(a - a * fraction, UFix64.Epsilon), UFix64.Max2(b - b * fraction, UFix64.Epsilon));
        }
    }

    /// <summary>
    /// Arbitrageurs between blocks: every pool against <paramref name="quote"/> is moved to the oracle price along its
    /// curve (x·y kept, integer square roots, so the result is exact and deterministic). Tokens without a price stay.
    /// </summary>
    public void ArbitrageTo(IReadOnlyDictionary<string, UFix64?> prices, string quote)
    {
        foreach (var (token, price) in prices.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (token == quote || price is not { } p || p.IsZero || Reserves(token, quote) is not { } r) continue;
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
        return c;
    }

    private UFix128 FeeKeep => UFix128.FromInteger((ulong)(10_000 - FeeBps)) / UFix128.FromInteger(10_000);

    public UFix64 QuoteOut(string inToken, string outToken, UFix64 amountIn)
    {
        var (rin, rout) = Reserves(inToken, outToken) ?? throw new ProtocolException($"No DEX pool for {inToken}/{outToken}");
        UFix128 inAfterFee = amountIn.ToUFix128() * FeeKeep;
        return (rout.ToUFix128() * inAfterFee / (rin.ToUFix128() + inAfterFee)).RoundDown();
    }

    public UFix64 QuoteIn(string inToken, string outToken, UFix64 desiredOut)
    {
        var (rin, rout) = Reserves(inToken, outToken) ?? throw new ProtocolException($"No DEX pool for {inToken}/{outToken}");
        if (desiredOut >= rout) throw new ProtocolException($"DEX pool {inToken}/{outToken} holds only {rout} {outToken}");
        UFix128 need = rin.ToUFix128() * desiredOut.ToUFix128() / ((rout - desiredOut).ToUFix128() * FeeKeep);
        return need.RoundUp();
    }

    public Vault Swap(string inToken, string outToken, UFix64 amountIn)
    {
        UFix64 out_ = QuoteOut(inToken, outToken, amountIn);
        var (rin, rout) = Reserves(inToken, outToken)!.Value;
        SetReserves(inToken, outToken, rin + amountIn, rout - out_);
        return new Vault(outToken, out_);
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

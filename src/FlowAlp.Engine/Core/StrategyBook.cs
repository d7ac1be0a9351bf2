using FlowAlp.Protocol;
using FlowAlp.Protocol.Connectors;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Engine.Connectors;
using FlowAlp.Engine.Dex;
using FlowAlp.Engine.Flows;
using FlowAlp.Engine.World;

namespace FlowAlp.Engine.Core;

/// <summary>
/// Strategy connectors: yield vaults and DEX liquidity positions. Their swaps happen inside a position's rebalance, so
/// they trade on the supervisor's own constant-product DEX (the strategy DEX), which joins the pool's transaction and
/// rolls back with it; the DEX actor the liquidators quote is separate, because an atomic transaction cannot wait on
/// another actor's reply.
/// </summary>
public sealed class StrategyBook
{
    private readonly ScriptWorld _world;
    private readonly PoolMetrics _metrics;
    private ConstantProductAmm? _strategyDex;
    private Keepers.YieldTokenMarket? _market;
    private readonly SortedDictionary<string, YieldVault> _vaults = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, DexLiquidityPosition> _lpPositions = new(StringComparer.Ordinal);

    public StrategyBook(ScriptWorld world, PoolMetrics metrics)
    {
        _world = world;
        _metrics = metrics;
    }

    private Protocol.Pool Pool => _world.Pool;

    public ConstantProductAmm StrategyDex
    {
        get
        {
            if (_strategyDex is null)
            {
                _strategyDex = new ConstantProductAmm(30);
                _strategyDex.JoinTransactions(_world.Tx);
            }
            return _strategyDex;
        }
    }

    /// <summary>The strategy DEX if any pair was ever seeded (conservation counts its reserves), without creating it.</summary>
    public ConstantProductAmm? StrategyDexIfAny => _strategyDex;

    public IReadOnlyDictionary<string, YieldVault> YieldVaults => _vaults;
    public IReadOnlyDictionary<string, DexLiquidityPosition> DexLiquidityPositions => _lpPositions;

    /// <summary>Seeds a strategy-DEX pair (e.g. YIELD/MOET) with liquidity that comes from nowhere: the world's genesis, like a script's wallets.</summary>
    public void AddStrategyLiquidity(string tokenA, UFix64 amountA, string tokenB, UFix64 amountB)
    {
        if (StrategyDex.Reserves(tokenA, tokenB) is not null) throw new ArgumentException($"pair: {tokenA}/{tokenB} already has liquidity");
        StrategyDex.SetLiquidity(tokenA, amountA, tokenB, amountB);
        _metrics.AddGenesis(tokenA, amountA);
        _metrics.AddGenesis(tokenB, amountB);
    }

    /// <summary>The yield token's market (reference price, slippage bound, keepers), or null when none was set.</summary>
    public Keepers.YieldTokenMarket? Market => _market;

    /// <summary>Sets the yield token's market: vaults of that token added from now on book their sales against it.</summary>
    internal void SetMarket(Keepers.YieldTokenMarket market)
    {
        if (_market is not null) throw new ArgumentException("market: a yield token market is already set");
        if (_vaults.Count > 0) throw new ArgumentException("market: must be set before the first yield vault");
        _market = market;
    }

    /// <summary>Seeds a strategy-DEX pair as a concentrated-liquidity pool; the tokens its ranges hold are genesis, as above.</summary>
    public void AddStrategyConcentratedLiquidity(string token, string quote, uint feePips, UFix64 price, IReadOnlyList<Dex.Concentrated.ConcentratedRange> ranges)
    {
        if (StrategyDex.Reserves(token, quote) is not null) throw new ArgumentException($"pair: {token}/{quote} already has liquidity");
        StrategyDex.SetConcentratedLiquidity(token, quote, feePips, price, ranges);
        var (held, heldQuote) = StrategyDex.Reserves(token, quote)!.Value;
        _metrics.AddGenesis(token, held);
        _metrics.AddGenesis(quote, heldQuote);
    }

    public YieldVault AddYieldVault(string name, string yieldToken, UFix64 apr, string reserveAccount)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("name: required");
        if (_vaults.ContainsKey(name)) throw new ArgumentException($"name: yield vault '{name}' already exists");
        if (StrategyDex.Reserves(yieldToken, Pool.DefaultToken) is null)
            throw new ArgumentException($"yieldToken: the strategy DEX has no {yieldToken}/{Pool.DefaultToken} pair");
        var vault = new YieldVault(name, _world.Accounts, _world.Tx, StrategyDex, yieldToken, Pool.DefaultToken, apr, reserveAccount, Pool.Now, Clock,
            _market?.YieldToken == yieldToken ? _market : null);
        _vaults[name] = vault;
        return vault;
    }

    /// <summary>A vault's clock: a named method, so a state snapshot can restore the delegate (see SnapshotDelegates).</summary>
    private UFix64 Clock() => Pool.Now;

    public DexLiquidityPosition AddDexLiquidity(string name, string pairedToken)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("name: required");
        if (_lpPositions.ContainsKey(name)) throw new ArgumentException($"name: DEX liquidity position '{name}' already exists");
        if (StrategyDex.Reserves(pairedToken, Pool.DefaultToken) is null)
            throw new ArgumentException($"pairedToken: the strategy DEX has no {pairedToken}/{Pool.DefaultToken} pair");
        var lp = new DexLiquidityPosition(name, _world.Accounts, _world.Tx, StrategyDex, pairedToken, Pool.DefaultToken);
        _lpPositions[name] = lp;
        return lp;
    }

    /// <summary>The vault or LP position a strategy connector names, as a topUpSource.</summary>
    internal ISource Source(ConnectorSpec spec) => spec switch
    {
        YieldVaultConnector v => _vaults.TryGetValue(v.Vault, out var vault) ? vault : throw new ProtocolException($"topUpSource: no yield vault '{v.Vault}'"),
        DexLiquidityConnector d => _lpPositions.TryGetValue(d.Name, out var lp) ? lp : throw new ProtocolException($"topUpSource: no DEX liquidity position '{d.Name}'"),
        _ => throw new ProtocolException($"topUpSource: unsupported connector {spec.Describe()}"),
    };

    /// <summary>The vault or LP position a strategy connector names, as a drawDownSink.</summary>
    internal ISink Sink(ConnectorSpec spec) => spec switch
    {
        YieldVaultConnector v => _vaults.TryGetValue(v.Vault, out var vault) ? vault : throw new ProtocolException($"drawDownSink: no yield vault '{v.Vault}'"),
        DexLiquidityConnector d => _lpPositions.TryGetValue(d.Name, out var lp) ? lp : throw new ProtocolException($"drawDownSink: no DEX liquidity position '{d.Name}'"),
        _ => throw new ProtocolException($"drawDownSink: unsupported connector {spec.Describe()}"),
    };
}

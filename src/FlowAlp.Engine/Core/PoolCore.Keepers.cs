using FlowAlp.Engine.Keepers;

namespace FlowAlp.Engine.Core;

/// <summary>The yield token's market: its reference price, the vaults' slippage bound and the pool keepers' trades (their decisions are the host's).</summary>
public sealed partial class PoolCore
{
    /// <summary>The pool keepers' side of the core, or null when the scenario has none.</summary>
    public PoolKeepers? Keepers { get; private set; }

    /// <summary>
    /// Sets the yield token's market (before the first yield vault): the vaults book sales against its reference and sell
    /// within its bound; with keepers, their shared inventory enters the world (genesis) in its own account.
    /// </summary>
    public void SetYieldTokenMarket(YieldTokenMarket market)
    {
        ArgumentNullException.ThrowIfNull(market);
        market.Validate();
        if (market.YieldToken == Pool.DefaultToken) throw new ArgumentException("yieldToken: must differ from the pool's default token");
        Strategies.SetMarket(market);
        if (market.Keepers is not { } k) return;
        foreach (var (token, amount) in new[] { (Pool.DefaultToken, k.InventoryBase), (market.YieldToken, k.InventoryYield) })
        {
            if (amount.IsZero) continue;
            World.Accounts.Credit(KeeperSettings.InventoryAccount, token, amount);
            Metrics.AddGenesis(token, amount);
        }
        Keepers = new PoolKeepers(World, Log, Strategies, market);
    }
}

using FlowAlp.Protocol;
using FlowAlp.Protocol.Atomicity;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Engine.Dex;

namespace FlowAlp.Engine.Keepers;

/// <summary>A keeper's trade: <see cref="AmountIn"/> of <see cref="TokenIn"/> sold into the pool for <see cref="TokenOut"/>.</summary>
public sealed record KeeperTradeSize(string TokenIn, string TokenOut, UFix64 AmountIn);

/// <summary>
/// Sizes the trade that moves a yield token's pool back to the reference price within what the inventory holds. It
/// uses only the pool's public swap and spot methods, trying each size in a read-only probe of the world's transaction
/// (every change rolled back), so it works for any pool kind whose spot moves monotonically with the size: the
/// largest size (found by bisection on the raw amount) that does not carry the spot past the reference.
/// </summary>
public static class KeeperTrade
{
    /// <returns>null when the pool is at the reference, or no amount the inventory holds moves it without overshooting.</returns>
    public static KeeperTradeSize? Size(ConstantProductAmm pool, TransactionContext tx, string yieldToken, string baseToken, UFix64 reference,
        UFix64 baseInventory, UFix64 yieldInventory)
    {
        if (pool.Spot(yieldToken, baseToken) is not { } spot || spot == reference) return null;
        // yield token cheap: buy it with base (its spot rises); dear: sell it (its spot falls)
        bool buy = spot < reference;
        string tokenIn = buy ? baseToken : yieldToken, tokenOut = buy ? yieldToken : baseToken;
        UFix64 max = buy ? baseInventory : yieldInventory;
        if (max.IsZero) return null;
        bool NotPast(ulong raw)
        {
            if (raw == 0) return true;
            try
            {
                UFix64 after = tx.Probe(() => { pool.Swap(tokenIn, tokenOut, UFix64.FromRaw(raw)); return pool.Spot(yieldToken, baseToken) ?? reference; });
                return buy ? after <= reference : after >= reference;
            }
            catch (ProtocolException) { return false; } // more than the pool can take
        }
        ulong lo = 0, hi = max.Raw;
        if (NotPast(hi)) lo = hi;
        else
            while (hi - lo > 1)
            {
                ulong mid = lo + (hi - lo) / 2;
                if (NotPast(mid)) lo = mid; else hi = mid;
            }
        return lo == 0 ? null : new KeeperTradeSize(tokenIn, tokenOut, UFix64.FromRaw(lo));
    }
}

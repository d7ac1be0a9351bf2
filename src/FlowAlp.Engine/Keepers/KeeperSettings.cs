using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Engine.Keepers;

/// <summary>
/// Pool keepers of a yield token's pool on the strategy DEX (yieldToken/baseToken): <paramref name="Count"/> keepers
/// share one inventory (<paramref name="InventoryBase"/> and <paramref name="InventoryYield"/>, held in the account
/// <see cref="InventoryAccount"/>), each checks every block whether its timer is due (every
/// <paramref name="IntervalSeconds"/>, the keepers staggered evenly across the interval) or the pool's price deviates
/// from the reference by at least <paramref name="DeviationBps"/>, and trades the pool back toward the reference
/// <paramref name="DelaySeconds"/> after such a trigger.
/// </summary>
public sealed record KeeperSettings(int Count, UFix64 InventoryBase, UFix64 InventoryYield, ulong IntervalSeconds, ushort DeviationBps, ulong DelaySeconds)
{
    /// <summary>The shared inventory's account in the world (so every token it trades stays conserved).</summary>
    public const string InventoryAccount = "pool-keepers";

    /// <summary>Units bought and waiting for redemption sit in the account of this prefix and their due time (raw, 20 digits).</summary>
    public const string RedeemingPrefix = "pool-keepers:redeeming@";

    /// <summary>
    /// Units the keepers buy on the pool are locked this long, then redeemed with the issuer (<see cref="IssuerAccount"/>)
    /// at the reference price, so the inventory's base comes back (the peer's arbitrage delay); null: they stay in the inventory.
    /// </summary>
    public ulong? RedeemAfterSeconds { get; init; }

    /// <summary>The issuer that redeems units: the account that took the base of units minted at the reference price.</summary>
    public string IssuerAccount { get; init; } = "yield-reserve";

    /// <summary>The account holding units bought at <paramref name="now"/> until they are redeemed.</summary>
    public string RedeemingAccount(UFix64 now) => $"{RedeemingPrefix}{(now + UFix64.FromInteger(RedeemAfterSeconds ?? 0)).Raw:D20}";

    public void Validate()
    {
        if (Count < 1) throw new ArgumentException("count: must be at least 1");
        if (IntervalSeconds == 0) throw new ArgumentException("intervalSeconds: must be greater than 0");
        if (DeviationBps == 0 || DeviationBps > 10_000) throw new ArgumentException("deviationBps: must be in 1..10000");
    }

    /// <summary>Keeper <paramref name="index"/>'s name (ordinal order is the order the trades apply in).</summary>
    public static string NameOf(int index) => $"keeper-{index:D3}";
}

/// <summary>
/// A yield token's market as the engine sees it: its true price over time (<see cref="Reference"/>), the slippage bound a
/// yield vault's topUpSource sells within (null: none), and the pool keepers (null: none).
/// </summary>
public sealed record YieldTokenMarket(string YieldToken, ReferencePricePath Reference, ushort? MaxSlippageBps, KeeperSettings? Keepers)
{
    /// <summary>
    /// Deposits mint units at the reference price out of the yield reserve (a vault share issued at its value), instead
    /// of buying them on the pool; sales still go through the pool. Off: every deposit swaps on the pool.
    /// </summary>
    public bool MintAtReference { get; init; }

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(YieldToken)) throw new ArgumentException("yieldToken: must not be empty");
        if (Reference is null) throw new ArgumentException("reference: required");
        if (MaxSlippageBps is > 10_000) throw new ArgumentException("maxSlippageBps: must be at most 10000");
        Keepers?.Validate();
    }
}

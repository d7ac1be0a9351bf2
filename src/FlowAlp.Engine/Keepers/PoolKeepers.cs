using FlowAlp.Protocol.Numerics;
using FlowAlp.Engine.Core;
using FlowAlp.Engine.World;

namespace FlowAlp.Engine.Keepers;

/// <summary>
/// The core's side of the pool keepers: the yield token's market (reference price, keepers' settings), what the keepers
/// observe at a block, and their trades, applied by the single writer on the strategy DEX from the shared inventory
/// account, atomically, so every token stays inside the world. The keepers' decisions (<see cref="KeeperMemory"/>) are
/// the host's: the keeper actors, or the plain loop.
/// </summary>
public sealed class PoolKeepers
{
    private readonly ScriptWorld _world;
    private readonly EventLogWriter _log;
    private readonly StrategyBook _strategies;

    public PoolKeepers(ScriptWorld world, EventLogWriter log, StrategyBook strategies, YieldTokenMarket market)
    {
        _world = world;
        _log = log;
        _strategies = strategies;
        Market = market;
    }

    public YieldTokenMarket Market { get; }
    public KeeperSettings Settings => Market.Keepers!;
    private string BaseToken => _world.Pool.DefaultToken;
    private UFix64 Now => _world.Pool.Now;

    /// <summary>The keepers' names, in the order their trades apply.</summary>
    public IReadOnlyList<string> Names => Enumerable.Range(0, Settings.Count).Select(KeeperSettings.NameOf).ToList();

    /// <summary>The pool's spot price of the yield token now against the reference.</summary>
    public KeeperObservation Observe() =>
        KeeperObservation.Of(Now, _strategies.StrategyDexIfAny?.Spot(Market.YieldToken, BaseToken), Market.Reference.At(Now));

    /// <summary>
    /// The block's keeper decisions, taken by every keeper on one observation (so the hosts need not agree on an order
    /// of deciding), applied in keeper-name order: each trades the pool as the keepers before it left it.
    /// </summary>
    public void Apply(IEnumerable<(string Keeper, KeeperTrigger? Trigger)> decisions)
    {
        RedeemDue();
        foreach (var (keeper, trigger) in decisions.OrderBy(d => d.Keeper, StringComparer.Ordinal))
            if (trigger is { } t) Arbitrage(keeper, t);
    }

    public UFix64 Inventory(string token) => _world.Accounts.Balance(KeeperSettings.InventoryAccount, token);

    /// <summary>
    /// Keeper <paramref name="keeper"/> trades the pool toward the reference within the inventory (nothing when it is
    /// there already, or the inventory cannot move it) and logs a KeeperArbitrage event. Returns whether it traded.
    /// </summary>
    public bool Arbitrage(string keeper, KeeperTrigger trigger)
    {
        if (_strategies.StrategyDexIfAny is not { } pool) return false;
        string yt = Market.YieldToken;
        UFix64 reference = Market.Reference.At(Now);
        UFix64? before = pool.Spot(yt, BaseToken);
        if (KeeperTrade.Size(pool, _world.Tx, yt, BaseToken, reference, Inventory(BaseToken), Inventory(yt)) is not { } size) return false;
        UFix64 got;
        try
        {
            got = _world.Tx.Run(() =>
            {
                _world.Accounts.Debit(KeeperSettings.InventoryAccount, size.TokenIn, size.AmountIn);
                var v = pool.Swap(size.TokenIn, size.TokenOut, size.AmountIn);
                // bought units wait for their redemption with the issuer when the keepers redeem; otherwise they join the inventory
                bool locks = size.TokenOut == yt && Settings.RedeemAfterSeconds is not null;
                _world.Accounts.Credit(locks ? Settings.RedeemingAccount(Now) : KeeperSettings.InventoryAccount, size.TokenOut, v.Amount);
                return v.Amount;
            });
        }
        catch (Protocol.ProtocolException e) // rolled back (e.g. a balance past UFix64): the block goes on without this trade
        {
            _log.AppendEngine(Now, "KeeperArbitrageFailed", ("keeper", keeper), ("reason", e.Message));
            return false;
        }
        _log.AppendEngine(Now, "KeeperArbitrage", ("keeper", keeper), ("trigger", trigger == KeeperTrigger.Timer ? "timer" : "deviation"),
            ("tokenIn", size.TokenIn), ("amountIn", size.AmountIn), ("tokenOut", size.TokenOut), ("amountOut", got),
            ("priceBefore", before), ("priceAfter", pool.Spot(yt, BaseToken)), ("reference", reference));
        return true;
    }

    /// <summary>
    /// Redeems every batch of bought units whose lock has run out with the issuer at the reference price (as much as the
    /// issuer's base covers), in due order, and logs a KeeperRedemption event for each. Runs before the block's trades.
    /// </summary>
    private void RedeemDue()
    {
        if (Settings.RedeemAfterSeconds is null) return;
        string yt = Market.YieldToken, prefix = KeeperSettings.RedeemingPrefix;
        var due = _world.Accounts.Accounts
            .Where(a => a.StartsWith(prefix, StringComparison.Ordinal) && ulong.Parse(a.AsSpan(prefix.Length), System.Globalization.CultureInfo.InvariantCulture) <= Now.Raw
                        && !_world.Accounts.Balance(a, yt).IsZero)
            .Order(StringComparer.Ordinal).ToList();
        foreach (string account in due) Redeem(account, yt);
    }

    private void Redeem(string account, string yt)
    {
        UFix64 price = Market.Reference.At(Now), units = _world.Accounts.Balance(account, yt);
        string issuer = Settings.IssuerAccount;
        UFix64 available = _world.Accounts.Balance(issuer, BaseToken);
        UFix64 pay = Value(units, price);
        if (pay > available)
        {
            units = UFix64.FromRaw((ulong)((System.Numerics.BigInteger)available.Raw * UFix64.Scale / price.Raw));
            pay = Value(units, price);
        }
        if (units.IsZero || pay.IsZero) return;
        _world.Tx.Run(() =>
        {
            _world.Accounts.Debit(account, yt, units);
            _world.Accounts.Credit(issuer, yt, units);
            _world.Accounts.Debit(issuer, BaseToken, pay);
            _world.Accounts.Credit(KeeperSettings.InventoryAccount, BaseToken, pay);
        });
        _log.AppendEngine(Now, "KeeperRedemption", ("units", units), ("amount", pay), ("price", price), ("issuer", issuer));
    }

    private static UFix64 Value(UFix64 units, UFix64 price) => UFix64.FromRaw((ulong)((System.Numerics.BigInteger)units.Raw * price.Raw / UFix64.Scale));
}

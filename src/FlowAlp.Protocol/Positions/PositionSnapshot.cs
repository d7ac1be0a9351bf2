using FlowAlp.Protocol.Health;
using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Protocol.Positions;

/// <summary>
/// A position as the pool sees it at one instant: scaled balances, health bounds and a token snapshot (price,
/// indices, factors) for every listed token and for the tokens its connectors move. Actors that do not own the
/// pool (a position actor deciding whether to rebalance) compute from this with the same math the pool uses.
/// </summary>
public sealed record PositionSnapshot(
    long Id,
    UFix64 Time,
    IReadOnlyDictionary<string, InternalBalance> Balances,
    IReadOnlyDictionary<string, TokenSnapshot> Tokens,
    UFix128 MinHealth,
    UFix128 TargetHealth,
    UFix128 MaxHealth,
    string? TopUpToken,
    string? DrawDownToken)
{
    /// <summary>The same sheet the pool's _getUpdatedBalanceSheet builds (identical evaluation order).</summary>
    public BalanceSheet Sheet()
    {
        var entries = new BalanceSheet.Entry[Balances.Count];
        int n = 0;
        // the pool's snapshots hold a Dictionary: walked with its own enumerator (an interface foreach boxes one per sheet)
        if (Balances is Dictionary<string, InternalBalance> map)
            foreach (var (token, balance) in map) entries[n++] = EntryOf(token, balance);
        else
            foreach (var (token, balance) in Balances) entries[n++] = EntryOf(token, balance);
        return new BalanceSheet(entries);
    }

    private BalanceSheet.Entry EntryOf(string token, in InternalBalance balance)
    {
        var s = Tokens[token];
        return balance.Direction == BalanceDirection.Credit
            ? new(token, true, s.Price * (balance.Scaled.Quantity * s.CreditIndex) * s.CollateralFactor)
            : new(token, false, s.Price * (balance.Scaled.Quantity * s.DebitIndex) / s.BorrowFactor);
    }

    public UFix128 Health => Sheet().Health;

    private InternalBalance? BalanceOf(string token) => Balances.TryGetValue(token, out var b) ? b : null;

    /// <summary>
    /// What a non-forced (or forced) rebalance would move now: the top-up the pool will ask of the topUpSource below
    /// target, or the draw-down it will offer the drawDownSink above target (§4.2), before the connectors' limits.
    /// </summary>
    public RebalancePlan PlanRebalance(bool force)
    {
        var sheet = Sheet();
        UFix128 health = sheet.Health;
        if (!force && MinHealth <= health && health <= MaxHealth) return RebalancePlan.Nothing(health);
        if (health < TargetHealth)
        {
            if (TopUpToken is not { } t) return RebalancePlan.Nothing(health);
            return new RebalancePlan(health, HealthMath.RequiredDepositForHealth(BalanceOf(t), t, Tokens[t], sheet, TargetHealth), UFix64.Zero);
        }
        if (health > TargetHealth && DrawDownToken is { } d)
            return new RebalancePlan(health, UFix64.Zero, HealthMath.AvailableWithdrawal(BalanceOf(d), d, Tokens[d], sheet, TargetHealth));
        return RebalancePlan.Nothing(health);
    }
}

/// <summary>The outcome a rebalance is expected to have: a top-up to pull, a draw-down to push, or nothing.</summary>
public readonly record struct RebalancePlan(UFix128 Health, UFix64 TopUp, UFix64 DrawDown)
{
    public static RebalancePlan Nothing(UFix128 health) => new(health, UFix64.Zero, UFix64.Zero);
    public bool IsNothing => TopUp.IsZero && DrawDown.IsZero;
}

using FlowAlp.Protocol.Numerics;
using FlowAlp.Protocol.Positions;

namespace FlowAlp.Protocol.Health;

/// <summary>
/// A position's effective collateral and debt per token, their sums, and the health they give (§2.1–2.2).
/// Immutable: the what-if helpers derive new sheets with one token's entry replaced.
/// </summary>
public sealed class BalanceSheet
{
    private readonly Dictionary<string, UFix128> _collateral;
    private readonly Dictionary<string, UFix128> _debt;

    public UFix128 EffectiveCollateral { get; }
    public UFix128 EffectiveDebt { get; }
    public UFix128 Health { get; }

    public BalanceSheet(Dictionary<string, UFix128> collateral, Dictionary<string, UFix128> debt)
    {
        _collateral = collateral;
        _debt = debt;
        UFix128 ce = UFix128.Zero, de = UFix128.Zero;
        foreach (var v in collateral.Values) ce += v;
        foreach (var v in debt.Values) de += v;
        EffectiveCollateral = ce;
        EffectiveDebt = de;
        Health = HealthMath.Health(ce, de);
    }

    public UFix128 CollateralOf(string token) => _collateral.TryGetValue(token, out var v) ? v : UFix128.Zero;
    public UFix128 DebtOf(string token) => _debt.TryGetValue(token, out var v) ? v : UFix128.Zero;

    /// <summary>The same sheet with <paramref name="token"/>'s entry replaced (dropped when zero).</summary>
    public BalanceSheet WithReplacedTokenBalance(string token, SignedBalance effective)
    {
        var c = new Dictionary<string, UFix128>(_collateral);
        var d = new Dictionary<string, UFix128>(_debt);
        c.Remove(token);
        d.Remove(token);
        if (!effective.Quantity.IsZero)
        {
            if (effective.Direction == BalanceDirection.Credit) c[token] = effective.Quantity;
            else d[token] = effective.Quantity;
        }
        return new BalanceSheet(c, d);
    }
}

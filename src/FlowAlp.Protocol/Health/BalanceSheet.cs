using FlowAlp.Protocol.Numerics;
using FlowAlp.Protocol.Positions;

namespace FlowAlp.Protocol.Health;

/// <summary>
/// A position's effective collateral and debt per token, their sums, and the health they give (§2.1–2.2).
/// Immutable: the what-if helpers derive new sheets with one token's entry replaced. A position holds a few tokens,
/// so the entries are one short array searched in order (not two dictionaries per sheet); the sums are exact, so
/// their order does not change them.
/// </summary>
public sealed class BalanceSheet
{
    /// <summary>One token's effective collateral (<paramref name="Credit"/>) or effective debt.</summary>
    internal readonly record struct Entry(string Token, bool Credit, UFix128 Value);

    private readonly Entry[] _entries;

    public UFix128 EffectiveCollateral { get; }
    public UFix128 EffectiveDebt { get; }
    public UFix128 Health { get; }

    public BalanceSheet(Dictionary<string, UFix128> collateral, Dictionary<string, UFix128> debt)
        : this([.. collateral.Select(kv => new Entry(kv.Key, true, kv.Value)), .. debt.Select(kv => new Entry(kv.Key, false, kv.Value))])
    {
    }

    /// <summary>A sheet of these entries (the array is the sheet's own from now on).</summary>
    internal BalanceSheet(Entry[] entries)
    {
        _entries = entries;
        UFix128 ce = UFix128.Zero, de = UFix128.Zero;
        foreach (var e in entries)
            if (e.Credit) ce += e.Value;
            else de += e.Value;
        EffectiveCollateral = ce;
        EffectiveDebt = de;
        Health = HealthMath.Health(ce, de);
    }

    public UFix128 CollateralOf(string token) => Find(token, true);
    public UFix128 DebtOf(string token) => Find(token, false);

    private UFix128 Find(string token, bool credit)
    {
        foreach (var e in _entries)
            if (e.Credit == credit && e.Token == token) return e.Value;
        return UFix128.Zero;
    }

    /// <summary>The same sheet with <paramref name="token"/>'s entry replaced (dropped when zero).</summary>
    public BalanceSheet WithReplacedTokenBalance(string token, SignedBalance effective)
    {
        var entries = new List<Entry>(_entries.Length + 1);
        foreach (var e in _entries)
            if (e.Token != token) entries.Add(e);
        if (!effective.Quantity.IsZero) entries.Add(new Entry(token, effective.Direction == BalanceDirection.Credit, effective.Quantity));
        return new BalanceSheet(entries.ToArray());
    }
}

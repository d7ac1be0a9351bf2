using FlowAlp.Protocol;
using FlowAlp.Protocol.Health;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Protocol.Positions;
using FlowAlp.Engine.Dex;

namespace FlowAlp.Engine.Liquidation;

/// <summary>
/// The part of <see cref="LiquidationOfferBuilder"/>'s sizing that does not depend on the liquidator: which debt to repay
/// and which collateral to seize, and each attempt's repayment and DEX quote. Only the seize (the liquidator's discount)
/// and the post-health check that follows differ between liquidators, so when several size offers for the same
/// candidate on the same DEX view, the parity solution and the quotes are worked out once, attempt by attempt, as far
/// as the most persistent liquidator needs them, with the same operations in the same order as one liquidator alone.
/// One sizing can be reused for candidate after candidate (<see cref="Start"/>): it allocates nothing of its own per candidate.
/// </summary>
public sealed class LiquidationSizing
{
    internal static readonly UFix128 RoundingMargin = UFix128.Parse("0.999"), Shrink = UFix128.Parse("0.97");
    internal const int MaxAttempts = 40;

    // the attempts worked out so far (a buffer reused from candidate to candidate)
    private (UFix64 Repay, UFix64 DexIn)[] _attempts = [];
    private int _count;
    private int _stopAt; // the attempt at which every liquidator gives up (no repayment left, no quote)
    private UFix128 _repay;
    private ConstantProductAmm _dex = null!;

    public PositionSnapshot Snapshot { get; private set; } = null!;
    public BalanceSheet Sheet { get; private set; } = null!;
    public UFix128 TargetHealth { get; private set; }
    /// <summary>False where no liquidator can make an offer (healthy, no debt, no collateral, no DEX pair).</summary>
    public bool Sizable { get; private set; }
    public string DebtToken { get; private set; } = "";
    public string SeizeToken { get; private set; } = "";
    internal TokenSnapshot Debt { get; private set; }
    internal TokenSnapshot Seize { get; private set; }
    /// <summary>The seizable collateral (its true balance).</summary>
    internal UFix128 Collateral { get; private set; }

    /// <param name="sheet">the snapshot's <see cref="PositionSnapshot.Sheet"/></param>
    public LiquidationSizing(PositionSnapshot s, ConstantProductAmm dex, UFix128 targetHealth, BalanceSheet sheet) => Start(s, dex, targetHealth, sheet);

    /// <summary>An empty sizing, to <see cref="Start"/> on each candidate in turn.</summary>
    public LiquidationSizing() { }

    /// <summary>Sizes <paramref name="s"/> from scratch, forgetting the previous candidate's attempts.</summary>
    /// <param name="sheet">the snapshot's <see cref="PositionSnapshot.Sheet"/></param>
    public void Start(PositionSnapshot s, ConstantProductAmm dex, UFix128 targetHealth, BalanceSheet sheet)
    {
        Snapshot = s;
        Sheet = sheet;
        TargetHealth = targetHealth;
        _dex = dex;
        _count = 0;
        _stopAt = MaxAttempts;
        Sizable = false;
        (DebtToken, SeizeToken, Debt, Seize, Collateral, _repay) = ("", "", default, default, UFix128.Zero, UFix128.Zero);
        if (sheet.Health >= UFix128.One || sheet.EffectiveDebt.IsZero) return;
        string? debt = null, coll = null;
        UFix128 bestDebt = UFix128.Zero, bestColl = UFix128.Zero;
        // the largest debt and collateral; a tie goes to the token first in ordinal order (as a scan in that order, keeping
        // only strictly larger values, would pick), so no sorted copy of the tokens is needed
        foreach (var token in s.Balances.Keys)
        {
            UFix128 dv = sheet.DebtOf(token), cv = sheet.CollateralOf(token);
            if (dv > bestDebt || (dv == bestDebt && debt is not null && string.CompareOrdinal(token, debt) < 0)) { bestDebt = dv; debt = token; }
            if (cv > bestColl || (cv == bestColl && coll is not null && string.CompareOrdinal(token, coll) < 0)) { bestColl = cv; coll = token; }
        }
        if (debt is null || coll is null || dex.Reserves(coll, debt) is null) return; // (GetSwapper without the swapper)

        var d = s.Tokens[debt];
        var c = s.Tokens[coll];
        UFix128 nd = d.TrueBalance(s.Balances[debt]).Quantity;
        UFix128 nc = c.TrueBalance(s.Balances[coll]).Quantity;
        UFix128 a = d.Price * c.CollateralFactor;
        UFix128 b = d.Price / d.BorrowFactor;
        UFix128 tb = targetHealth * b;
        UFix128 repay = tb > a
            ? UFix128.SaturatingSub(targetHealth * sheet.EffectiveDebt, sheet.EffectiveCollateral) / (tb - a)
            : nd; // seizing at parity lowers health: any size passes the target check
        _repay = UFix128.Min(repay, nd);
        (DebtToken, SeizeToken, Debt, Seize, Collateral, Sizable) = (debt, coll, d, c, nc, true);
    }

    /// <summary>
    /// Attempt <paramref name="attempt"/>'s repayment and the DEX's input for it, or false where every liquidator gives
    /// up there (the repayment rounds to zero, or the DEX cannot quote it). Attempts are asked for in order from 0.
    /// </summary>
    internal bool TryAttempt(int attempt, out UFix64 repay, out UFix64 dexIn)
    {
        while (_count <= attempt && _count < _stopAt)
        {
            // each attempt shrinks the previous one's repayment (the DEX is worse than parity: see the builder)
            if (_count > 0) _repay = _repay * Shrink;
            UFix64 r = (_repay * RoundingMargin).RoundDown();
            if (r.IsZero) { _stopAt = _count; break; }
            UFix64 quote;
            try { quote = _dex.QuoteIn(SeizeToken, DebtToken, r); }
            catch (ProtocolException) { _stopAt = _count; break; }
            if (_count == _attempts.Length) Array.Resize(ref _attempts, Math.Min(MaxAttempts, Math.Max(4, 2 * _count)));
            _attempts[_count++] = (r, quote);
        }
        if (attempt >= _count) { repay = dexIn = UFix64.Zero; return false; }
        (repay, dexIn) = _attempts[attempt];
        return true;
    }
}

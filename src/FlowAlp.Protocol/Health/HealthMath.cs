using FlowAlp.Protocol.Numerics;
using FlowAlp.Protocol.Positions;

namespace FlowAlp.Protocol.Health;

/// <summary>
/// Health and the "what-if" solvers (FlowALPHealth, spec §2.2–2.7), as pure functions of snapshots and sheets.
/// Evaluation order follows the contract exactly, since every multiply/divide truncates at 24 decimals.
/// </summary>
public static class HealthMath
{
    /// <summary>HF = Ce ÷ De, with "no debt" (or negligible debt) = UFix128.Max and no collateral = 0.</summary>
    public static UFix128 Health(UFix128 effectiveCollateral, UFix128 effectiveDebt)
    {
        if (effectiveDebt.IsZero) return UFix128.Max;
        if (effectiveCollateral.IsZero) return UFix128.Zero;
        // (De / Ce).IsZero, without the division (the quotient is only tested for zero)
        if (UFix128.QuotientIsZero(effectiveDebt, effectiveCollateral)) return UFix128.Max;
        return effectiveCollateral / effectiveDebt;
    }

    /// <summary>
    /// <c>Health(ce, de) &lt; 1</c> without the final division: floor(ce·10^24 / de) &lt; 10^24 exactly when ce &lt; de. The
    /// division's overflow (a quotient past 128 bits, health far above 1) still throws, with its message.
    /// </summary>
    internal static bool HealthBelowOne(UFix128 effectiveCollateral, UFix128 effectiveDebt)
    {
        if (effectiveDebt.IsZero) return false;
        if (effectiveCollateral.IsZero) return true;
        if (UFix128.QuotientIsZero(effectiveDebt, effectiveCollateral)) return false;
        UFix128.ThrowIfQuotientOverflows(effectiveCollateral, effectiveDebt);
        return effectiveCollateral < effectiveDebt;
    }

    /// <summary>The true balance after adding a signed delta; an exact cancel keeps the original direction (then normalises to Credit 0).</summary>
    public static SignedBalance TrueBalanceAfterDelta(InternalBalance? initial, SignedBalance delta, TokenSnapshot snap)
    {
        var trueBal = initial is { } b ? snap.TrueBalance(b) : SignedBalance.Zero;
        if (trueBal.Direction == delta.Direction) return new SignedBalance(trueBal.Direction, trueBal.Quantity + delta.Quantity);
        return trueBal.Quantity >= delta.Quantity
            ? new SignedBalance(trueBal.Direction, trueBal.Quantity - delta.Quantity)
            : new SignedBalance(delta.Direction, delta.Quantity - trueBal.Quantity);
    }

    public static BalanceSheet AdjustedAfterWithdrawal(BalanceSheet sheet, InternalBalance? balance, string token, UFix64 amount, TokenSnapshot snap)
    {
        if (amount.IsZero) return sheet;
        var after = TrueBalanceAfterDelta(balance, SignedBalance.Debit(amount.ToUFix128()), snap);
        return sheet.WithReplacedTokenBalance(token, snap.EffectiveBalance(after));
    }

    public static BalanceSheet AdjustedAfterDeposit(BalanceSheet sheet, InternalBalance? balance, string token, UFix64 amount, TokenSnapshot snap)
    {
        if (amount.IsZero) return sheet;
        var after = TrueBalanceAfterDelta(balance, SignedBalance.Credit(amount.ToUFix128()), snap);
        return sheet.WithReplacedTokenBalance(token, snap.EffectiveBalance(after));
    }

    /// <summary>§2.4: the balance of <paramref name="token"/> that puts the sheet exactly at <paramref name="targetHealth"/>.</summary>
    public static SignedBalance RequiredBalanceForTargetHealth(string token, TokenSnapshot snap, BalanceSheet sheet, UFix128 targetHealth)
    {
        UFix128 ceOthers = sheet.EffectiveCollateral - sheet.CollateralOf(token);
        UFix128 deOthers = sheet.EffectiveDebt - sheet.DebtOf(token);
        UFix128 requiredCollateral = targetHealth * deOthers;
        if (requiredCollateral > ceOthers)
            return SignedBalance.Credit((requiredCollateral - ceOthers) / (snap.Price * snap.CollateralFactor));
        // Can underflow in a knife-edge case (§11 item 4): a revert, as in the contract.
        UFix128 targetDebt = ceOthers / targetHealth - deOthers;
        return SignedBalance.Debit(targetDebt * snap.BorrowFactor / snap.Price);
    }

    private static UFix128 MinDepositForTargetBalance(SignedBalance initial, SignedBalance target) =>
        (target.Direction, initial.Direction) switch
        {
            (BalanceDirection.Credit, BalanceDirection.Credit) => UFix128.SaturatingSub(target.Quantity, initial.Quantity),
            (BalanceDirection.Credit, BalanceDirection.Debit) => initial.Quantity + target.Quantity,
            (BalanceDirection.Debit, BalanceDirection.Credit) => UFix128.Zero,
            _ => UFix128.SaturatingSub(initial.Quantity, target.Quantity),
        };

    private static UFix128 MaxWithdrawalForTargetBalance(SignedBalance initial, SignedBalance target) =>
        (target.Direction, initial.Direction) switch
        {
            (BalanceDirection.Debit, BalanceDirection.Debit) => UFix128.SaturatingSub(target.Quantity, initial.Quantity),
            (BalanceDirection.Debit, BalanceDirection.Credit) => initial.Quantity + target.Quantity,
            (BalanceDirection.Credit, BalanceDirection.Debit) => UFix128.Zero,
            _ => UFix128.SaturatingSub(initial.Quantity, target.Quantity),
        };

    /// <summary>§2.5: deposit of <paramref name="token"/> needed to reach the target, rounded up to UFix64.</summary>
    public static UFix64 RequiredDepositForHealth(InternalBalance? balance, string token, TokenSnapshot snap, BalanceSheet sheet, UFix128 targetHealth)
    {
        if (sheet.Health >= targetHealth) return UFix64.Zero;
        var required = RequiredBalanceForTargetHealth(token, snap, sheet, targetHealth);
        var current = balance is { } b ? snap.TrueBalance(b) : SignedBalance.Zero;
        return MinDepositForTargetBalance(current, required).RoundUp();
    }

    /// <summary>§2.6: withdrawal of <paramref name="token"/> that keeps the target, rounded down to UFix64.</summary>
    public static UFix64 AvailableWithdrawal(InternalBalance? balance, string token, TokenSnapshot snap, BalanceSheet sheet, UFix128 targetHealth)
    {
        if (sheet.Health <= targetHealth) return UFix64.Zero;
        var required = RequiredBalanceForTargetHealth(token, snap, sheet, targetHealth);
        var current = balance is { } b ? snap.TrueBalance(b) : SignedBalance.Zero;
        return MaxWithdrawalForTargetBalance(current, required).RoundDown();
    }

    /// <summary>
    /// FlowALPv0.maxWithdraw (§2.7, the availableBalance path without a source): same target as the solver
    /// but a differently ordered formula; the caller rounds half-up.
    /// </summary>
    public static UFix128 MaxWithdraw(UFix128 preHealth, UFix128 ceTotal, UFix128 deTotal, TokenSnapshot snap, InternalBalance? balance, UFix128 targetHealth)
    {
        if (preHealth <= targetHealth) return UFix128.Zero;
        if (balance is not { } b || b.Direction == BalanceDirection.Debit)
        {
            UFix128 denominatorTarget = ceTotal / targetHealth;
            UFix128 deltaDebt = denominatorTarget > deTotal ? denominatorTarget - deTotal : UFix128.Zero;
            return deltaDebt * snap.BorrowFactor / snap.Price;
        }
        UFix128 trueBalance = b.Scaled.Quantity * snap.CreditIndex;
        UFix128 requiredCollateral = deTotal * targetHealth;
        if (ceTotal <= requiredCollateral) return UFix128.Zero;
        UFix128 deltaTokens = (ceTotal - requiredCollateral) / snap.CollateralFactor / snap.Price;
        if (deltaTokens <= trueBalance) return deltaTokens;
        UFix128 remaining = ceTotal - snap.EffectiveCollateral(trueBalance);
        UFix128 availableDebtIncrease = remaining / targetHealth - deTotal;
        return trueBalance + availableDebtIncrease * snap.BorrowFactor / snap.Price;
    }
}

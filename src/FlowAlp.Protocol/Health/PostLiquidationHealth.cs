using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Protocol.Health;

/// <summary>
/// §6.1 step 9: the health a manual liquidation would leave, estimated with oracle prices before it is applied:
/// Ce − seize·Pc·CFc over De − repay·Pd÷BFd, in the contract's evaluation order (every product truncates). The one
/// copy of this rule: the pool applies it, liquidators size offers with it, the invariant re-checks with it.
/// </summary>
public static class PostLiquidationHealth
{
    /// <summary>The post-liquidation health; like the contract, reverts (FixedPointException) when a subtraction underflows.</summary>
    public static UFix128 Of(BalanceSheet sheet, UFix64 seizeAmount, TokenSnapshot seize, UFix64 repayAmount, TokenSnapshot debt) =>
        Of(sheet, seizeAmount, seize.Price, seize.CollateralFactor, repayAmount, debt.Price, debt.BorrowFactor);

    public static UFix128 Of(BalanceSheet sheet, UFix64 seizeAmount, UFix128 seizePrice, UFix128 collateralFactor, UFix64 repayAmount, UFix128 debtPrice, UFix128 borrowFactor)
    {
        UFix128 ceSeize = seizeAmount.ToUFix128() * seizePrice * collateralFactor;
        UFix128 deSeize = repayAmount.ToUFix128() * debtPrice / borrowFactor;
        return HealthMath.Health(sheet.EffectiveCollateral - ceSeize, sheet.EffectiveDebt - deSeize);
    }

    /// <summary>As <see cref="Of(BalanceSheet, UFix64, TokenSnapshot, UFix64, TokenSnapshot)"/>, or null where the contract would revert.</summary>
    public static UFix128? TryOf(BalanceSheet sheet, UFix64 seizeAmount, TokenSnapshot seize, UFix64 repayAmount, TokenSnapshot debt)
    {
        UFix128 ceSeize = seizeAmount.ToUFix128() * seize.Price * seize.CollateralFactor;
        UFix128 deSeize = repayAmount.ToUFix128() * debt.Price / debt.BorrowFactor;
        if (ceSeize > sheet.EffectiveCollateral || deSeize > sheet.EffectiveDebt) return null;
        return HealthMath.Health(sheet.EffectiveCollateral - ceSeize, sheet.EffectiveDebt - deSeize);
    }
}

using FlowAlp.Protocol;
using FlowAlp.Protocol.Interest;
using FlowAlp.Protocol.Tokens;
using FlowAlp.Engine.Operations;

namespace FlowAlp.Engine.Core;

/// <summary>
/// Governance changes are events in the log: every governance step the core applies (a fork's <c>--set</c> of a pool or
/// token parameter, a scheduled or chaos governance change) is followed by one <c>GovernanceChanged</c> line with the
/// parameter's path and its value before and after, so a run whose parameters changed never logs like one whose did not.
/// </summary>
public sealed partial class PoolCore
{
    private OperationOutcome ApplyGovernance(GovernanceStep g)
    {
        string? before = GovernanceValueOf(Pool, g);
        var outcome = _runner.RunStep(g);
        Log.AppendProtocol(Now, outcome.Events);
        if (outcome.Ok)
            Log.AppendEngine(Now, "GovernanceChanged", ("parameter", GovernancePath(g)), ("old", before), ("new", GovernanceValueOf(Pool, g)));
        return outcome;
    }

    /// <summary>The parameter a governance step sets, as a path: <c>pool.liquidationTargetHealth</c>, <c>tokens.FLOW.collateralFactor</c>.</summary>
    internal static string GovernancePath(GovernanceStep g) => g.Token is { } t ? $"tokens.{t}.{g.Setting}" : $"pool.{g.Setting}";

    /// <summary>The setting's current value as exact text (null when its token is not in the pool: the step is refused then).</summary>
    internal static string? GovernanceValueOf(Protocol.Pool pool, GovernanceStep g)
    {
        if (g.Token is { } token && !pool.IsTokenSupported(token)) return null;
        TokenState Token() => pool.TokenStateOf(g.Token!);
        return g.Setting switch
        {
            "liquidationTargetHealth" => pool.LiquidationTargetHealth.ToString(),
            "dexOracleDeviationBps" => pool.DexOracleDeviationBps.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "warmupSeconds" => pool.WarmupSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "paused" => pool.IsPaused ? "true" : "false",
            "collateralFactor" => Token().CollateralFactor.ToString(),
            "borrowFactor" => Token().BorrowFactor.ToString(),
            "depositRate" => Token().DepositRate.ToString(),
            "depositCapacityCap" => Token().DepositCapacityCap.ToString(),
            "depositLimitFraction" => Token().DepositLimitFraction.ToString(),
            "minimumBalance" => Token().MinimumBalance.ToString(),
            "insuranceRate" => Token().InsuranceRate.ToString(),
            "stabilityFeeRate" => Token().StabilityFeeRate.ToString(),
            "interestCurve" => Curve(Token().InterestCurve),
            _ => null,
        };
    }

    private static string Curve(IInterestCurve c) => c switch
    {
        KinkCurve k => $"kink(optimalUtilization {k.OptimalUtilization}, baseRate {k.BaseRate}, slope1 {k.Slope1}, slope2 {k.Slope2})",
        FixedCurve f => $"fixed(yearlyRate {f.YearlyRate})",
        _ => c.CurveType,
    };
}

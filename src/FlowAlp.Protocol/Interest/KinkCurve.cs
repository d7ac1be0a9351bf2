using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Protocol.Interest;

/// <summary>
/// KinkCurve(u*, base, slope1, slope2): base + slope1·u/u* up to the kink, then + slope2 beyond it.
/// Utilization is nominal debit ÷ nominal credit (credit = total supplied), capped at 1 (§3.1).
/// </summary>
public sealed record KinkCurve : IInterestCurve
{
    private static readonly UFix128 MaxRate = UFix128.FromInteger(4);
    public UFix128 OptimalUtilization { get; }
    public UFix128 BaseRate { get; }
    public UFix128 Slope1 { get; }
    public UFix128 Slope2 { get; }

    public KinkCurve(UFix128 optimalUtilization, UFix128 baseRate, UFix128 slope1, UFix128 slope2)
    {
        if (optimalUtilization < UFix128.Parse("0.01") || optimalUtilization > UFix128.Parse("0.99"))
            throw new ProtocolException("Optimal utilization must be between 1% and 99%");
        if (slope2 < slope1) throw new ProtocolException("Slope2 must be >= slope1");
        if (baseRate + slope1 + slope2 > MaxRate) throw new ProtocolException("Maximum rate cannot exceed 400%");
        (OptimalUtilization, BaseRate, Slope1, Slope2) = (optimalUtilization, baseRate, slope1, slope2);
    }

    public string CurveType => "KinkCurve";

    public UFix128 InterestRate(UFix128 totalCredit, UFix128 totalDebit)
    {
        if (totalDebit.IsZero) return BaseRate;
        UFix128 u = totalCredit.IsZero ? UFix128.One : UFix128.Min(totalDebit / totalCredit, UFix128.One);
        if (u <= OptimalUtilization) return BaseRate + Slope1 * (u / OptimalUtilization);
        UFix128 excess = (u - OptimalUtilization) / (UFix128.One - OptimalUtilization);
        return BaseRate + Slope1 + Slope2 * excess;
    }
}

using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Protocol.Interest;

/// <summary>FixedCurve(yearlyRate): the same rate at any utilization; the only curve priced with the spread model (§3.2).</summary>
public sealed record FixedCurve : IInterestCurve
{
    public UFix128 YearlyRate { get; }

    public FixedCurve(UFix128 yearlyRate)
    {
        if (yearlyRate > UFix128.One) throw new ProtocolException("Yearly rate cannot exceed 100%");
        YearlyRate = yearlyRate;
    }

    public string CurveType => "FixedCurve";
    public UFix128 InterestRate(UFix128 totalCredit, UFix128 totalDebit) => YearlyRate;
}

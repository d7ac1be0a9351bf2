using FlowAlp.Protocol.Interest;
using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Protocol;

/// <summary>What addSupportedToken takes, plus the per-token defaults a deployment may override at once.</summary>
public sealed record TokenSettings(string Symbol, UFix64 CollateralFactor, UFix64 BorrowFactor, IInterestCurve InterestCurve,
    UFix64 DepositRate, UFix64 DepositCapacityCap)
{
    public UFix64? DepositLimitFraction { get; init; }
    public UFix64? MinimumBalance { get; init; }
    public UFix64? InsuranceRate { get; init; }
    public UFix64? StabilityFeeRate { get; init; }
}

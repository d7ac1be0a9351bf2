using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Protocol.Interest;

/// <summary>An interest curve: annual nominal debit rate from the token's nominal totals (spec §3.1); ≤ 4.0.</summary>
public interface IInterestCurve
{
    /// <summary>Name reported in InterestCurveUpdated (e.g. "FixedCurve").</summary>
    string CurveType { get; }
    UFix128 InterestRate(UFix128 totalCredit, UFix128 totalDebit);
}

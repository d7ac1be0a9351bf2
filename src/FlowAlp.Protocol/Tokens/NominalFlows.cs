using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Protocol.Tokens;

/// <summary>
/// The flows into and out of a token's nominal totals (§3.4), in true units at the time of each flow, and how much a
/// decrease was clamped at zero (repaying interest can clamp totalDebit). So total = in − out + clamped, always.
/// </summary>
public struct NominalFlows
{
    public UFix128 CreditIn, CreditOut, CreditClamped, DebitIn, DebitOut, DebitClamped;
}

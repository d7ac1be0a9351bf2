
using FlowAlp.Engine.Core;

namespace FlowAlp.Engine.Invariants;

/// <summary>
/// Every successful rebalance ends at or above the position's target health (§4.2: amounts round toward the target's
/// safe side), unless it was a top-up recorded as partial (the source gave less than needed, or the deposit queued).
/// </summary>
internal sealed class RebalanceTargetInvariant : IInvariant
{
    public string Key => "rebalanceTarget";

    public void Check(PoolCore core, InvariantInput input, List<string> violations)
    {
        foreach (var r in input.Rebalances)
            if (r.After < r.Target && !(r.FromUnder && r.Partial))
                violations.Add($"rebalance target: position {r.Position} at {r.Time.Floor} s ended at health {r.After}, below its target {r.Target}, not recorded as a partial top-up");
    }
}

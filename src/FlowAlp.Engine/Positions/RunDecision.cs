using FlowAlp.Protocol.Positions;

namespace FlowAlp.Engine.Positions;

/// <summary>A due rebalancer run's decision, taken by the position actor and by the plain loop alike.</summary>
public static class RunDecision
{
    /// <summary>
    /// Whether a rebalancer's run needs the pool: only a forced run or one whose plan moves funds. A non-forced rebalance
    /// that moves nothing is a no-op in the pool, so it is skipped here (the fee is still charged).
    /// </summary>
    public static (RebalancePlan Plan, bool Needed) Decide(PositionSnapshot? snapshot, bool force)
    {
        if (snapshot is null) return (default, true); // no price: ask the pool, so its revert reason is recorded
        var plan = snapshot.PlanRebalance(force);
        return (plan, force || !plan.IsNothing);
    }
}

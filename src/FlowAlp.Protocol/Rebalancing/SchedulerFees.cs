using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Protocol.Rebalancing;

/// <summary>
/// The rebalancer's fee estimate (FlowALPRebalancerv1, spec §4.8), all in UFix64 with truncating products:
/// fee = computeFees(inclusionEffort 1.0, executionEffort / 1e8) × priorityMultiplier + 0.00001;
/// feeWithMargin = fee × estimationMargin.
/// </summary>
public static class SchedulerFees
{
    /// <summary>The flat inclusion fee every scheduled transaction adds (spec §9).</summary>
    public static readonly UFix64 InclusionAddOn = UFix64.Parse("0.00001");

    private static readonly UFix64 EffortScale = UFix64.FromInteger(100_000_000);

    /// <summary>FlowFees.computeFees: surgeFactor × (inclusionEffort × inclusionCost + executionEffort × executionCost).</summary>
    public static UFix64 ComputeFees(SchedulerConfig c, UFix64 inclusionEffort, UFix64 executionEffort) =>
        c.SurgeFactor * (inclusionEffort * c.InclusionEffortCost + executionEffort * c.ExecutionEffortCost);

    public static UFix64 Fee(SchedulerConfig c, SchedulerPriority priority, ulong executionEffort) =>
        ComputeFees(c, UFix64.One, UFix64.FromInteger(executionEffort) / EffortScale) * c.PriorityMultiplier(priority) + InclusionAddOn;

    public static UFix64 FeeWithMargin(SchedulerConfig c, RecurringConfig r) => Fee(c, r.Priority, r.ExecutionEffort) * r.EstimationMargin;
}

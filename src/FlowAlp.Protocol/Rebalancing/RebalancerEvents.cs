using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Protocol.Rebalancing;

/// <summary>Events of the scheduled rebalancers, paid registry and supervisor (spec §4.8, Appendix B).</summary>
public abstract record RebalancerEvent;

/// <summary>FlowALPRebalancerv1.Rebalanced: one scheduled execution finished; <see cref="NextRun"/> null = nothing scheduled.</summary>
public sealed record RebalancerRun(long Rebalancer, long Position, bool Force, UFix64 Time, UFix64? NextRun, ulong ScheduledRun) : RebalancerEvent;
/// <summary>The run's rebalance reverted (rolled back); the schedule carries on. Not a contract event: the simulator records it.</summary>
public sealed record RebalanceFailed(long Rebalancer, long Position, string Reason) : RebalancerEvent;
public sealed record FixedReschedule(long Rebalancer, long Position, UFix64 NextRun) : RebalancerEvent;
public sealed record FailedRecurringSchedule(long Rebalancer, long Position, string Error) : RebalancerEvent;
public sealed record CreatedRebalancer(long Rebalancer, long Position) : RebalancerEvent;
public sealed record CreatedRebalancerPaid(long Rebalancer, long Position) : RebalancerEvent;
public sealed record RemovedRebalancerPaid(long Rebalancer, long Position) : RebalancerEvent;
public sealed record UpdatedDefaultRecurringConfig(ulong Interval, bool ForceRebalance) : RebalancerEvent;
/// <summary>FlowALPSupervisorv1.Executed: one supervisor tick.</summary>
public sealed record SupervisorExecuted(UFix64 Time) : RebalancerEvent;
public sealed record AddedPaidRebalancer(long Position) : RebalancerEvent;
public sealed record RemovedPaidRebalancer(long Position) : RebalancerEvent;
/// <summary>A scheduled handler reverted as a whole (its own transaction rolled back); the scheduler goes on.</summary>
public sealed record ScheduledRunFailed(ulong ScheduledRun, string Reason) : RebalancerEvent;

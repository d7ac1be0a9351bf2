namespace FlowAlp.Protocol.Rebalancing;

/// <summary>FlowTransactionScheduler.Priority. Rebalancers accept Low and Medium only (High is rejected, §4.8).</summary>
public enum SchedulerPriority
{
    High,
    Medium,
    Low,
}

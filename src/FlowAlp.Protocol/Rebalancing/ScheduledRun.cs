using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Protocol.Rebalancing;

public enum ScheduledRunStatus
{
    Scheduled,
    Executed,
    Cancelled,
}

/// <summary>One scheduled transaction: its id (creation sequence), due time, the fee it prepaid and where it stands.</summary>
public sealed record ScheduledRun(ulong Id, UFix64 Due, IScheduledHandler Handler, UFix64 FeePaid, ScheduledRunStatus Status);

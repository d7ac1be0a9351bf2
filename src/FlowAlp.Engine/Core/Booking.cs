using FlowAlp.Protocol.Numerics;
using FlowAlp.Engine.Rebalancing;

namespace FlowAlp.Engine.Core;

/// <summary>A paid rebalancer as the schedule books it: its spec, when it last ran and when it is due next (null: not booked).</summary>
public sealed class Booking(long id, long position, RebalancerSpec spec)
{
    public long Id { get; } = id;
    public long Position { get; } = position;
    public RebalancerSpec Spec { get; } = spec;
    public UFix64? LastRun { get; set; }
    public UFix64? Next { get; set; }
}

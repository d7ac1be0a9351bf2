using FlowAlp.Protocol.Numerics;
using FlowAlp.Engine.Chaos;

namespace FlowAlp.Engine.Core;

/// <summary>
/// Rebalancer faults, in the core so both engines apply them alike: intervals stretched by a factor (a slow scheduler),
/// and rebalancers that run and pay but do not rebalance (ineffective: a broken handler).
/// </summary>
public sealed partial class PoolCore
{
    private UFix64 _intervalStretch = UFix64.One;
    private HashSet<long> _ineffective = new();

    public void StretchIntervals(StretchRebalancers s) => _intervalStretch = s.Factor;

    public void SetIneffective(IneffectiveRebalancers f) => _ineffective = f.Active ? f.Positions.ToHashSet() : new();

    /// <summary>The rebalancer's interval now: its own, times the stretch in force (at least 1 s).</summary>
    private ulong IntervalOf(Booking b) => _intervalStretch == UFix64.One ? b.Spec.IntervalSeconds
        : Math.Max(1, (UFix64.FromInteger(b.Spec.IntervalSeconds) * _intervalStretch).Floor);

    private bool IsIneffective(long position) => _ineffective.Count > 0 && _ineffective.Contains(position);
}

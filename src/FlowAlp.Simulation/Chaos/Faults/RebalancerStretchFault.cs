using FlowAlp.Engine.Chaos;
using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Simulation.Chaos.Faults;

/// <summary>Every rebalancer's interval is multiplied by <see cref="Factor"/> for the runs booked in the window (a slow scheduler).</summary>
internal sealed record RebalancerStretchFault(double Factor) : Fault
{
    public const string Name = "rebalancerStretch";
    public override string Kind => Name;

    internal static RebalancerStretchFault Parse(FaultReader r) => new(r.Double("factor", min: 1e-3, max: 1e6));

    internal override void Schedule(FaultPlan p) => p.Window(new StretchRebalancers(FaultPlan.Fixed(Factor)), new StretchRebalancers(UFix64.One));
}

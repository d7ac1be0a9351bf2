using FlowAlp.Engine.Chaos;
using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Simulation.Chaos.Faults;

/// <summary>Every liquidator stays silent for the window (no offers).</summary>
internal sealed record LiquidatorsAbsentFault : Fault
{
    public const string Name = "liquidatorsAbsent";
    public override string Kind => Name;

    internal static LiquidatorsAbsentFault Parse(FaultReader r)
    {
        r.RequireDuration();
        return new();
    }

    internal override void Schedule(FaultPlan p) => p.At(At, new LiquidatorsAbsent(UFix64.FromInteger(Until)));
}

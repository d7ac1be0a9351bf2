using FlowAlp.Engine.Chaos;
using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Simulation.Chaos.Faults;

/// <summary>No block executes for the window while prices keep moving (the runner skips the blocks; the log records the halt).</summary>
internal sealed record ChainHaltFault : Fault
{
    public const string Name = "chainHalt";
    public override string Kind => Name;

    internal static ChainHaltFault Parse(FaultReader r)
    {
        r.RequireDuration();
        return new();
    }

    internal override void Schedule(FaultPlan p)
    {
        p.Halt(At, Until);
        p.At(At, new ChainHalted(UFix64.FromInteger(Until))); // recorded in the log as the halt begins
    }
}

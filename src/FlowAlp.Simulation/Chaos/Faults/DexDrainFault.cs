using FlowAlp.Engine.Chaos;

namespace FlowAlp.Simulation.Chaos.Faults;

/// <summary>A fraction of the DEX's liquidity (every pool) leaves, for good.</summary>
internal sealed record DexDrainFault(double Fraction) : Fault
{
    public const string Name = "dexDrain";
    public override string Kind => Name;
    public override bool OneOff => true;

    internal static DexDrainFault Parse(FaultReader r) => new(r.Double("fraction", min: 0, max: 1));

    internal override void Schedule(FaultPlan p) => p.At(At, new DrainDex(FaultPlan.Fixed(Fraction)));
}

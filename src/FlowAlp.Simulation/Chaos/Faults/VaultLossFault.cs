using FlowAlp.Engine.Chaos;

namespace FlowAlp.Simulation.Chaos.Faults;

/// <summary>Every yield vault loses <see cref="Fraction"/> of what it holds, for good.</summary>
internal sealed record VaultLossFault(double Fraction) : Fault
{
    public const string Name = "vaultLoss";
    public override string Kind => Name;
    public override bool OneOff => true;

    internal static VaultLossFault Parse(FaultReader r) => new(r.Double("fraction", min: 0, max: 1));

    internal override void Schedule(FaultPlan p) => p.At(At, new DrainVaults(FaultPlan.Fixed(Fraction)));
}

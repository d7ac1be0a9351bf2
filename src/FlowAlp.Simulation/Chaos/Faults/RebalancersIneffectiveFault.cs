using FlowAlp.Engine.Chaos;

namespace FlowAlp.Simulation.Chaos.Faults;

/// <summary>A share (<see cref="Fraction"/>) of the rebalanced positions' rebalancers run and pay their fee but do not rebalance, for the window.</summary>
internal sealed record RebalancersIneffectiveFault(double Fraction, string? Population) : Fault
{
    public const string Name = "rebalancersIneffective";
    public override string Kind => Name;

    internal static RebalancersIneffectiveFault Parse(FaultReader r) => new(r.Double("fraction", 0.5, 0, 1), r.Population());

    internal override void Schedule(FaultPlan p)
    {
        var rng = p.Random();
        var rebalanced = p.Rebalanced();
        var chosen = p.Borrowers(Population).Where(a => rebalanced.Contains(a.Position)).Where(_ => rng.NextDouble() < Fraction).Select(a => a.Position).ToList();
        p.Window(new IneffectiveRebalancers(chosen, true), new IneffectiveRebalancers(chosen, false));
    }
}

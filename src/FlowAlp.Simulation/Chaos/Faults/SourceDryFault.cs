using FlowAlp.Engine.Chaos;
using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Simulation.Chaos.Faults;

/// <summary>
/// The borrowers' topUpSources run dry for the window: <see cref="Fraction"/> of their default-token funds leaves (below
/// 1, a source that only partly fills), and comes back when the window ends.
/// </summary>
internal sealed record SourceDryFault(string? Population, double Fraction) : Fault
{
    public const string Name = "sourceDry";
    public override string Kind => Name;

    internal static SourceDryFault Parse(FaultReader r) => new(r.Population(), r.Double("fraction", 1, 0, 1));

    internal override void Schedule(FaultPlan p)
    {
        string moet = p.Scenario.Pool.Pool.DefaultToken;
        var accounts = p.Borrowers(Population).Select(a => a.Account).ToList();
        p.Window(new MoveFunds(accounts, moet, false, Fraction >= 1 ? null : FaultPlan.Fixed(Fraction)), new MoveFunds(accounts, moet, true));
    }
}

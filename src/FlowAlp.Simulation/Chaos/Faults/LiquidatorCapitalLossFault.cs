using FlowAlp.Engine.Chaos;

namespace FlowAlp.Simulation.Chaos.Faults;

/// <summary>
/// A funding crunch: every liquidator loses <see cref="Fraction"/> of its capital (its default-token balance) to the
/// escrow for the window, and gets it back when the window ends. Liquidators still see unhealthy positions and offer,
/// but an offer they cannot pay for is rejected, so liquidations thin out exactly while they are short.
/// </summary>
internal sealed record LiquidatorCapitalLossFault(double Fraction) : Fault
{
    public const string Name = "liquidatorCapitalLoss";
    public override string Kind => Name;

    internal static LiquidatorCapitalLossFault Parse(FaultReader r) => new(r.Double("fraction", 1, 0, 1));

    internal override void Schedule(FaultPlan p)
    {
        string capital = p.Scenario.Pool.Pool.DefaultToken;
        var accounts = p.Scenario.Liquidators.SelectMany(l => Enumerable.Range(0, l.Count).Select(i => $"{l.Name}-{i}")).ToList(); // as the set-up names them
        p.Window(new MoveFunds(accounts, capital, false, Fraction >= 1 ? null : FaultPlan.Fixed(Fraction)), new MoveFunds(accounts, capital, true));
    }
}

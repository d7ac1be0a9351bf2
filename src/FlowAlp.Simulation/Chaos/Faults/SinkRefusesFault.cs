using FlowAlp.Engine.Chaos;
using FlowAlp.Engine.Connectors;
using FlowAlp.Simulation.Scenarios;

namespace FlowAlp.Simulation.Chaos.Faults;

/// <summary>The borrowers' drawDownSinks refuse every deposit for the window (the pool then keeps what it would have paid out).</summary>
internal sealed record SinkRefusesFault(string? Population) : Fault
{
    public const string Name = "sinkRefuses";
    public override string Kind => Name;

    internal static SinkRefusesFault Parse(FaultReader r) => new(r.Population());

    internal override void Schedule(FaultPlan p)
    {
        var sinks = SinksOf(p);
        p.Window(new RefuseSinks(sinks, true), new RefuseSinks(sinks, false));
    }

    /// <summary>The drawDownSinks of the selected borrowers, with what to put back when the fault ends.</summary>
    private List<(long, ConnectorSpec)> SinksOf(FaultPlan p)
    {
        var configured = p.Setup.Connectors.Where(c => c.Sink is not null).ToDictionary(c => c.Position, c => c.Sink!);
        var list = new List<(long, ConnectorSpec)>();
        foreach (var a in p.Borrowers(Population))
        {
            if (configured.TryGetValue(a.Position, out var sink)) list.Add((a.Position, sink));
            else if (p.Scenario.Populations.First(x => x.Name == a.Population).WalletSinkAccount(a.Account) is { } wallet) list.Add((a.Position, new WalletConnector(wallet)));
        }
        return list;
    }
}

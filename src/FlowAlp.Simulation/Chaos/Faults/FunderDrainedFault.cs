using FlowAlp.Engine.Chaos;
using FlowAlp.Simulation.Running;
using FlowAlp.Simulation.Scenarios;

namespace FlowAlp.Simulation.Chaos.Faults;

/// <summary>The rebalancers' funders (the admin that pays the paid ones, the self-funding borrowers) lose their fee token for the window.</summary>
internal sealed record FunderDrainedFault : Fault
{
    public const string Name = "funderDrained";
    public override string Kind => Name;

    internal static FunderDrainedFault Parse(FaultReader r) => new();

    internal override void Schedule(FaultPlan p)
    {
        var s = p.Scenario;
        var selfFunded = p.Borrowers(null).Where(a => s.Populations.First(x => x.Name == a.Population).Rebalancer == RebalancerKind.Self).Select(a => a.Account);
        var funders = new[] { ScenarioSetup.Admin }.Concat(selfFunded).Distinct().ToList();
        p.Window(new MoveFunds(funders, s.Rebalancers.FeeToken, false), new MoveFunds(funders, s.Rebalancers.FeeToken, true));
    }
}

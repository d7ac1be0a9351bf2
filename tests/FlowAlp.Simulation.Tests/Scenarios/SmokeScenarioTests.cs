using FlowAlp.Simulation.Running;
using FlowAlp.Simulation.Scenarios;
using Xunit.Abstractions;

namespace FlowAlp.Simulation.Tests.Scenarios;

public class SmokeScenarioTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Default_scenario_runs_smaller()
    {
        var s = ScenarioParser.Load(Path.Combine(Repo.Root, "config/scenarios/default.json"));
        
        var r = await SimulationRunner.Run(s, EngineKind.Actors);
        var last = r.Samples[^1];
        output.WriteLine($"positions {last.Positions} liq {last.Totals.LiquidationsApplied} reb {last.Totals.Rebalances} bad {last.BadDebt} events {r.EventLog.Count}");
        foreach (var (t, (e, a)) in r.Conservation) output.WriteLine($"{t} {e} {a}");
        Assert.True(false);
    }
}

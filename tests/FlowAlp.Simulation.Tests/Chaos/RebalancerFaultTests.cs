using FlowAlp.Simulation.Running;
using static FlowAlp.Simulation.Tests.Chaos.FaultTests;

namespace FlowAlp.Simulation.Tests.Chaos;

/// <summary>Rebalancer faults on the crash scenario: stretched intervals, and a seeded fraction of rebalancers that run but do nothing.</summary>
public class RebalancerFaultTests
{
    private static List<ulong> RunsOf(SimulationResult r, long rebalancer) =>
        Engine(r, "RebalancerRun").Where(e => e.E["rebalancer"]!.GetValue<long>() == rebalancer).Select(e => e.T).ToList();

    internal static List<(ulong T, System.Text.Json.Nodes.JsonObject E)> Engine(SimulationResult r, string type) =>
        r.EventLog.Select(l => System.Text.Json.Nodes.JsonNode.Parse(l)!).Where(j => j["event"]!["type"]!.GetValue<string>() == type)
            .Select(j => (ulong.Parse(j["t"]!.GetValue<string>().Split('.')[0]), j["event"]!.AsObject())).ToList();

    [Fact]
    public async Task Stretched_intervals_space_the_runs_out_by_the_factor()
    {
        var (r, _) = await Run("""[ { "kind": "rebalancerStretch", "factor": 3, "atHours": 1, "durationHours": 2 } ]""");
        var baseline = await BaselineRun.Value;
        var runs = RunsOf(r, 0);
        var gaps = runs.Zip(runs.Skip(1), (a, b) => (From: a, Gap: b - a)).ToList();
        Assert.All(RunsOf(baseline, 0).Zip(RunsOf(baseline, 0).Skip(1), (a, b) => b - a), g => Assert.Equal(600UL, g));
        Assert.Contains(gaps, g => g.From >= 3600 && g.From < 3 * 3600 && g.Gap == 1800); // booked in the window: 3 × 600 s
        Assert.All(gaps.Where(g => g.From >= 3 * 3600), g => Assert.Equal(600UL, g.Gap)); // restored
        Assert.True(Engine(r, "RebalancerRun").Count < Engine(baseline, "RebalancerRun").Count);
    }

    [Fact]
    public async Task Ineffective_rebalancers_pay_but_leave_their_positions_to_the_crash()
    {
        var (r, s) = await Run("""[ { "kind": "rebalancersIneffective", "population": "rebalancing", "fraction": 0.5, "atHours": 1.5, "durationHours": 4 } ]""");
        var ineffective = Engine(r, "RebalancerIneffective").Select(e => e.E["position"]!.GetValue<long>()).ToHashSet();
        Assert.Matches(@"^\d+ rebalancers ineffective$", r.Chaos!.Injected[0].Description);
        int chosen = int.Parse(r.Chaos.Injected[0].Description.Split(' ')[0]);
        Assert.InRange(chosen, 1, 19); // a seeded half of the 20
        Assert.True(ineffective.Count <= chosen && ineffective.Count > 0);
        var liquidated = r.Outcomes.LiquidationsByPosition.Keys.Where(p => r.Setup.Agents.Single(a => a.Position == p).Population == "rebalancing").ToHashSet();
        Assert.NotEmpty(liquidated);
        Assert.Subset(ineffective, liquidated); // only the broken ones fall
        Assert.True(Survival(s, "rebalancing") < 1.0);
        Assert.Equal(1.0, Survival(await Baseline.Value, "rebalancing"));
    }
}

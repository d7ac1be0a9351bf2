using System.Text.Json.Nodes;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Simulation.Running;
using FlowAlp.Simulation.Scenarios;
using FlowAlp.Simulation.Tests.Scenarios;

namespace FlowAlp.Simulation.Tests.Populations;

/// <summary>Rebalancer intervals drawn per agent (<c>rebalanceIntervalSeconds</c>): within the distribution, shared specs, budgets, both engines alike.</summary>
public class RebalanceIntervalTests
{
    /// <summary>The crash scenario with the paid "rebalancing" and self-paying "mixed" populations drawing their intervals.</summary>
    private static Scenario Parse(string paid = """{"min": 300, "max": 900}""", string self = """{"dist": "empirical", "values": [300, 1200]}""")
    {
        var root = JsonNode.Parse(TestScenarios.Crash)!;
        root["populations"]![1]!["rebalanceIntervalSeconds"] = JsonNode.Parse(paid);
        root["populations"]![3]!["rebalanceIntervalSeconds"] = JsonNode.Parse(self);
        return ScenarioParser.Parse(root.ToJsonString(), Repo.Root);
    }

    private static Dictionary<string, RebalancerSpecView> Specs(ScenarioSetup setup) =>
        setup.Rebalancers.ToDictionary(r => setup.Agents.Single(a => a.Position == r.Position).Account, r => new RebalancerSpecView(r.Spec.IntervalSeconds, r.Spec.Paid, r.Spec));

    private sealed record RebalancerSpecView(ulong Interval, bool Paid, object Spec);

    [Fact]
    public void Each_agent_draws_its_interval_and_equal_paid_intervals_share_one_spec()
    {
        var setup = new ScenarioSetup(Parse());
        var specs = Specs(setup);
        var paid = specs.Where(kv => kv.Key.StartsWith("rebalancing-")).Select(kv => kv.Value).ToList();
        Assert.Equal(20, paid.Count);
        Assert.All(paid, v => { Assert.InRange(v.Interval, 300UL, 900UL); Assert.True(v.Paid); });
        Assert.True(paid.Select(v => v.Interval).Distinct().Count() > 10);
        foreach (var g in paid.GroupBy(v => v.Interval)) Assert.Single(g.Select(v => v.Spec).Distinct(ReferenceEqualityComparer.Instance));
        var self = specs.Where(kv => kv.Key.StartsWith("mixed-")).Select(kv => kv.Value.Interval).ToList();
        Assert.All(self, i => Assert.Contains(i, new[] { 300UL, 1200UL }));
        // a self-paying agent's fee budget covers its own interval: fee × (6 h ÷ interval + 4)
        foreach (var a in setup.Agents.Where(a => a.Population == "mixed"))
            Assert.Equal(UFix64.Parse("0.00105") * UFix64.FromInteger(21_600 / specs[a.Account].Interval + 4),
                setup.Genesis.Accounts[a.Account]["MOET"]);
    }

    [Fact]
    public void Without_the_field_every_rebalancer_has_the_scenarios_interval_and_one_paid_spec()
    {
        var setup = new ScenarioSetup(TestScenarios.Parse());
        Assert.All(setup.Rebalancers, r => Assert.Equal(600UL, r.Spec.IntervalSeconds));
        Assert.Single(setup.Rebalancers.Where(r => r.Spec.Paid).Select(r => r.Spec).Distinct(ReferenceEqualityComparer.Instance));
    }

    [Fact]
    public void A_population_without_a_rebalancer_has_no_interval()
    {
        var root = JsonNode.Parse(TestScenarios.Crash)!;
        root["populations"]![2]!["rebalanceIntervalSeconds"] = 600;
        var e = Assert.Throws<ScenarioException>(() => ScenarioParser.Parse(root.ToJsonString(), Repo.Root));
        Assert.Equal("populations[2].rebalanceIntervalSeconds: a population without a rebalancer has no interval (rebalancer is 'none')", e.Message);
        var zero = Assert.Throws<ScenarioException>(() => Parse(paid: "0"));
        Assert.Equal("populations[1].rebalanceIntervalSeconds: must be between 1 and 31536000, got 0", zero.Message);
    }

    [Fact]
    public async Task Both_engines_run_drawn_intervals_alike()
    {
        var plain = await SimulationRunner.Run(Parse(), EngineKind.Plain);
        var actors = await SimulationRunner.Run(Parse(), EngineKind.Actors);
        Assert.Equal(plain.EventLogSha256, actors.EventLogSha256);
        Assert.NotEqual((await SimulationRunner.Run(TestScenarios.Parse(), EngineKind.Plain)).EventLogSha256, plain.EventLogSha256);
    }
}

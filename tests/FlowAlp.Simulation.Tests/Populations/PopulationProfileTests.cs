using System.Text.Json.Nodes;
using FlowAlp.Engine.Operations;
using FlowAlp.Simulation.Populations;
using FlowAlp.Simulation.Running;
using FlowAlp.Simulation.Scenarios;
using FlowAlp.Simulation.Tests.Scenarios;

namespace FlowAlp.Simulation.Tests.Populations;

/// <summary>Risk-profile mixes and distribution fields through the parser and the set-up: counts, bands, determinism, independence.</summary>
public class PopulationProfileTests
{
    /// <summary>The crash scenario with its "rebalancing" population (20 agents) split 30/40/30 into three health bands.</summary>
    private const string Profiles = """
        [ { "name": "conservative", "share": 0.3, "health": { "initial": { "min": 2.1, "max": 2.4 }, "min": 1.8, "target": 2.0, "max": 2.6 } },
          { "name": "moderate", "share": 0.4, "health": { "initial": { "min": 1.5, "max": 1.8 } }, "rebalancer": "self" },
          { "name": "aggressive", "share": 0.3, "health": { "initial": { "dist": "normal", "mean": 1.4, "stdDev": 0.05, "min": 1.3, "max": 1.5 } }, "size": { "dist": "lognormal", "median": 1000, "sigma": 0.4, "max": 5000 } } ]
        """;

    internal static string WithProfiles(int count = 20, string profiles = Profiles, Action<JsonNode>? edit = null)
    {
        var root = JsonNode.Parse(TestScenarios.Crash)!;
        var pop = root["populations"]![1]!;
        pop["count"] = count;
        pop["profiles"] = JsonNode.Parse(profiles);
        edit?.Invoke(root);
        return root.ToJsonString();
    }

    private static Scenario Parse(string json) => ScenarioParser.Parse(json, Repo.Root);

    /// <summary>Each agent's (initial health, final min, target, max) as set by its opening steps.</summary>
    private static Dictionary<string, (double Initial, double Min, double Target, double Max)> Bands(ScenarioSetup setup) =>
        setup.Openings.Where(o => !o.Agent.IsLp).ToDictionary(o => o.Agent.Account, o =>
        {
            var bounds = o.Steps.OfType<SetHealthBoundsStep>().ToList();
            double Of(SetHealthBoundsStep s, string which) => s.Bounds.Single(b => b.Which == which).Value.ToDouble();
            var last = bounds[^1];
            return (Of(bounds[^2], "target"), Of(last, "min"), Of(last, "target"), Of(last, "max"));
        });

    [Fact]
    public void Profiles_split_the_count_by_largest_remainder_under_recognisable_names()
    {
        var s = Parse(WithProfiles(count: 7));
        Assert.Equal(new[] { "lp", "rebalancing/conservative", "rebalancing/moderate", "rebalancing/aggressive", "passive", "mixed" }, s.Populations.Select(p => p.Name));
        Assert.Equal(new[] { 2, 3, 2 }, s.Populations.Where(p => p.Name.StartsWith("rebalancing/")).Select(p => p.Count)); // quotas 2.1, 2.8, 2.1
        var moderate = s.Populations.Single(p => p.Name == "rebalancing/moderate");
        Assert.Equal(RebalancerKind.Self, moderate.Rebalancer); // a profile overrides the population's rebalancer
        Assert.Equal(new Dist(500, 2000), moderate.Size); // and inherits what it does not set
        Assert.Equal(new Dist(1.25, 1.35), moderate.TargetHealth);
        Assert.IsType<LognormalDist>(s.Populations.Single(p => p.Name == "rebalancing/aggressive").Size);
        var setup = new ScenarioSetup(s);
        Assert.Equal(new[] { "rebalancing/conservative-0", "rebalancing/conservative-1" },
            setup.Agents.Where(a => a.Population == "rebalancing/conservative").Select(a => a.Account));
    }

    [Fact]
    public void Shares_of_a_third_written_to_six_places_add_up()
    {
        var s = Parse(WithProfiles(count: 10, profiles: """[{"name":"a","share":0.333333},{"name":"b","share":0.333333},{"name":"c","share":0.333333}]"""));
        Assert.Equal(new[] { 4, 3, 3 }, s.Populations.Where(p => p.Name.StartsWith("rebalancing/")).Select(p => p.Count));
    }

    [Fact]
    public void Every_agent_is_drawn_inside_its_profiles_bands()
    {
        var setup = new ScenarioSetup(Parse(WithProfiles(count: 200)));
        var bands = Bands(setup);
        var by = setup.Agents.Where(a => !a.IsLp).GroupBy(a => a.Population).ToDictionary(g => g.Key, g => g.Select(a => bands[a.Account]).ToList());
        Assert.Equal(60, by["rebalancing/conservative"].Count);
        Assert.Equal(80, by["rebalancing/moderate"].Count);
        Assert.Equal(60, by["rebalancing/aggressive"].Count);
        static double U(string s) => double.Parse(s, System.Globalization.CultureInfo.InvariantCulture);
        Assert.All(by["rebalancing/conservative"], b =>
        {
            Assert.InRange(b.Initial, U("2.1"), U("2.4"));
            Assert.Equal((U("1.8"), U("2.0"), U("2.6")), (b.Min, b.Target, b.Max));
        });
        Assert.All(by["rebalancing/moderate"], b => { Assert.InRange(b.Initial, U("1.5"), U("1.8")); Assert.InRange(b.Target, U("1.25"), U("1.35")); });
        Assert.All(by["rebalancing/aggressive"], b => Assert.InRange(b.Initial, U("1.3"), U("1.5")));
        double mean = by["rebalancing/aggressive"].Average(b => b.Initial);
        Assert.InRange(mean, 1.39, 1.41); // the truncation is symmetric about 1.4
    }

    [Fact]
    public void The_same_seed_gives_the_same_agents()
    {
        var a = new ScenarioSetup(Parse(WithProfiles()));
        var b = new ScenarioSetup(Parse(WithProfiles()));
        Assert.Equal(Wallets(a), Wallets(b));
        Assert.Equal(Bands(a), Bands(b));
        var other = new ScenarioSetup(Parse(WithProfiles(edit: r => r["seed"] = 8)));
        Assert.NotEqual(Wallets(a), Wallets(other));
    }

    [Fact]
    public void Adding_a_population_or_a_profile_leaves_the_other_agents_as_they_were()
    {
        var before = new ScenarioSetup(Parse(WithProfiles()));
        var added = new ScenarioSetup(Parse(WithProfiles(edit: r => r["populations"]!.AsArray().Insert(1, JsonNode.Parse(
            """{ "name": "whales", "count": 3, "collateral": { "FLOW": 1 }, "size": { "dist": "normal", "mean": 5000, "stdDev": 500 }, "health": { "min": 1.1, "target": 1.3, "max": 1.5 } }""")))));
        foreach (var pop in new[] { "rebalancing/conservative", "rebalancing/aggressive", "passive", "mixed" })
        {
            Assert.Equal(Wallets(before, pop), Wallets(added, pop));
            Assert.Equal(Bands(before).Where(kv => kv.Key.StartsWith(pop + "-")), Bands(added).Where(kv => kv.Key.StartsWith(pop + "-")));
        }
        Assert.Equal(3, added.Agents.Count(a => a.Population == "whales"));
    }

    [Fact]
    public void A_scenario_without_the_new_fields_parses_to_the_same_populations()
    {
        var root = JsonNode.Parse(TestScenarios.Crash)!;
        root["populations"]![1]!["profiles"] = null; // an explicit null is no mix
        Assert.Equal(TestScenarios.Parse().Populations.Select(p => (p.Name, p.Count)), Parse(root.ToJsonString()).Populations.Select(p => (p.Name, p.Count)));
        var s = TestScenarios.Parse();
        Assert.Equal(new[] { "lp", "rebalancing", "passive", "mixed" }, s.Populations.Select(p => p.Name));
        Assert.All(s.Populations, p => Assert.Equal(typeof(Dist), p.Size.GetType()));
    }

    [Fact]
    public void A_fault_names_the_whole_mix_or_one_profile()
    {
        var s = Parse(WithProfiles(edit: r => r["faults"] = JsonNode.Parse(
            """[{"kind":"sinkRefuses","population":"rebalancing","atHours":1},{"kind":"sinkRefuses","population":"rebalancing/moderate","atHours":1}]""")));
        var setup = new ScenarioSetup(s);
        List<string> Of(int i) => new FlowAlp.Simulation.Chaos.FaultPlan(s, setup, s.Faults[i], (_, _) => { }, (_, _) => { }).Borrowers(((FlowAlp.Simulation.Chaos.Faults.SinkRefusesFault)s.Faults[i]).Population)
            .Select(a => a.Population).Distinct().ToList();
        Assert.Equal(new[] { "rebalancing/conservative", "rebalancing/moderate", "rebalancing/aggressive" }, Of(0));
        Assert.Equal(new[] { "rebalancing/moderate" }, Of(1));
        var e = Assert.Throws<ScenarioException>(() => Parse(WithProfiles(edit: r => r["faults"] = JsonNode.Parse("""[{"kind":"sinkRefuses","population":"rebalancing/mod","atHours":1}]"""))));
        Assert.Equal("faults[0].population: no population 'rebalancing/mod'", e.Message);
    }

    [Fact]
    public void A_scenario_with_profiles_and_distributions_validates_against_the_schema()
    {
        var schema = Json.Schema.JsonSchema.FromText(File.ReadAllText(Path.Combine(Repo.Root, "docs", "schemas", "scenario.schema.json")));
        string json = WithProfiles(edit: r => r["populations"]![2]!["walletMoet"] = JsonNode.Parse("""{"dist":"empirical","values":[0,100],"weights":[3,1]}"""));
        Assert.True(schema.Evaluate(JsonNode.Parse(json)).IsValid);
        var bad = JsonNode.Parse(json)!;
        bad["populations"]![1]!["size"] = JsonNode.Parse("""{"dist":"normal","mean":1000}""");
        Assert.False(schema.Evaluate(bad).IsValid); // stdDev missing, as the parser says too
        Assert.Equal("populations[1].profiles[0].size.stdDev: is required", Assert.Throws<ScenarioException>(() => Parse(bad.ToJsonString())).Message);
    }

    private static List<string> Wallets(ScenarioSetup s, string? population = null) =>
        s.Genesis.Accounts.Where(kv => population is null || kv.Key.StartsWith(population + "-"))
            .OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => $"{kv.Key}: {string.Join(", ", kv.Value.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key}={t.Value}"))}").ToList();
}

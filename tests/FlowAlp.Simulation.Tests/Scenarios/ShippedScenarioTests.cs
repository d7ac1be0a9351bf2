using FlowAlp.Simulation.Reports;
using FlowAlp.Simulation.Running;
using FlowAlp.Simulation.Scenarios;

namespace FlowAlp.Simulation.Tests.Scenarios;

/// <summary>The scenarios shipped under config/scenarios and the studies' under config/studies parse, and the High Tide comparison shows what it is for.</summary>
public class ShippedScenarioTests
{
    public static IEnumerable<object[]> Files() =>
        Directory.GetFiles(Path.Combine(Repo.Root, "config", "scenarios"), "*.json", SearchOption.AllDirectories)
            .Concat(Directory.GetFiles(Path.Combine(Repo.Root, "config", "studies"), "scenario.json", SearchOption.AllDirectories))
            .Order().Select(f => new object[] { Path.GetRelativePath(Repo.Root, f) });

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_shipped_scenario_is_valid(string file)
    {
        var s = ScenarioParser.Load(Path.Combine(Repo.Root, file));
        Assert.True(s.Steps > 0);
        Assert.NotEmpty(s.Populations);
    }

    [Fact]
    public void All_seven_historical_presets_ship_as_scenarios()
    {
        var presets = Directory.GetFiles(Path.Combine(Repo.Root, "config", "scenarios", "presets"), "*.json").Select(f => ScenarioParser.Load(f))
            .SelectMany(s => s.Prices.Values).OfType<PresetPrice>().Select(p => p.Preset).Order().ToList();
        Assert.Equal(FlowAlp.Simulation.Prices.HistoricalPresets.All.Select(p => p.Name).Order(), presets);
    }

    [Fact]
    public async Task High_tide_borrowers_survive_the_23_percent_hour_that_liquidates_most_passive_ones()
    {
        var s = ScenarioParser.Load(Path.Combine(Repo.Root, "config", "scenarios", "hightide-vs-passive.json"));
        var r = await SimulationRunner.Run(s, EngineKind.Plain);
        var pops = RunReport.Summary(r)["populations"]!;
        Assert.Equal(120, pops["hightide"]!["positions"]!.GetValue<int>());
        Assert.Equal(120, pops["passive"]!["positions"]!.GetValue<int>());
        double ht = pops["hightide"]!["survivalRate"]!.GetValue<double>(), passive = pops["passive"]!["survivalRate"]!.GetValue<double>();
        Assert.Equal(1.0, ht);
        // passive borrowers start between health 1.1 and 1.4; a 23 % fall takes everything under 1 / 0.77 ≈ 1.2987 below 1
        Assert.InRange(passive, 0.15, 0.5);
        var atHour2 = r.Samples.Single(m => m.Time == Protocol.Numerics.UFix64.FromInteger(7200));
        Assert.Equal(Protocol.Numerics.UFix64.FromInteger(77000), atHour2.Tokens.Single(t => t.Token == "BTC").Price); // the bridge hits its pin exactly
        Assert.True(r.Conservation.All(c => c.Value.Expected == c.Value.Actual));
    }
}

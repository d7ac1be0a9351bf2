using System.Text.Json.Nodes;
using FlowAlp.Simulation.Scenarios;
using FlowAlp.Simulation.Tests.Scenarios;

namespace FlowAlp.Simulation.Tests.Populations;

/// <summary>Bad distributions and profile mixes fail with one line naming the field and the reason; the CLI exits 2.</summary>
public class PopulationInputErrorTests
{
    /// <summary>(field of the crash scenario's populations[1], its new JSON value, the expected message).</summary>
    public static IEnumerable<object[]> Cases() => new[]
    {
        Case("size", """{"dist":"normal","mean":1000,"stdDev":-5}""", "populations[1].size.stdDev: must not be negative, got -5"),
        Case("size", """{"dist":"pareto","min":1,"max":2}""", "populations[1].size.dist: must be one of uniform, normal, lognormal, empirical, got 'pareto'"),
        Case("size", """{"dist":"empirical","values":[]}""", "populations[1].size.values: must have at least 1 entries"),
        Case("size", """{"dist":"empirical","values":[500,600],"weights":[1]}""", "populations[1].size.weights: must have one weight per value (2), got 1"),
        Case("size", """{"dist":"empirical","values":[500,600],"weights":[1,0]}""", "populations[1].size.weights: every weight must be greater than 0"),
        Case("size", """{"dist":"empirical","values":[500,"x"]}""", "populations[1].size.values[1]: must be a number"),
        Case("size", """{"dist":"lognormal","mu":7,"median":1000,"sigma":0.5}""", "populations[1].size.mu: give exactly one of mu (the mean of ln X) or median"),
        Case("size", """{"dist":"lognormal","median":1000,"sigma":0.5,"mean":3}""", "populations[1].size.mean: unknown field"),
        Case("size", """{"dist":"normal","mean":1000,"stdDev":10,"min":5000}""", "populations[1].size.max: must be at least min"),
        Case("size", """{"dist":"normal","mean":1000,"stdDev":10,"min":2000,"max":3000}""", "populations[1].size.max: the bounds hold almost none of the distribution (less than 1e-6 of it): move them nearer the mean"),
        Case("health", """{"min":1.1,"target":{"dist":"normal","mean":1.3,"stdDev":0.1},"max":1.8}""", "populations[1].health.target: must be above min for every agent (ranges must not overlap)"),
        Case("profiles", """[{"name":"a","share":0.5},{"name":"b","share":0.4}]""", "populations[1].profiles: shares must add up to 1, got 0.9"),
        Case("profiles", """[{"name":"a","share":0.5},{"name":"a","share":0.5}]""", "populations[1].profiles: name 'a' is used twice"),
        Case("profiles", """[{"name":"a","share":1,"count":3}]""", "populations[1].profiles[0].count: is the population's, not a profile's (a profile's agents are its share of the population's count)"),
        Case("profiles", """[{"name":"a/b","share":1}]""", "populations[1].profiles[0].name: use letters, digits, '-' and '_' only"),
        Case("profiles", """[{"name":"a","share":0},{"name":"b","share":1}]""", "populations[1].profiles[0].share: must be greater than 0"),
        Case("profiles", """[{"name":"a","share":1,"health":{"min":1.3}}]""", "populations[1].profiles[0].health.target: must be above min for every agent (ranges must not overlap)"),
        Case("profiles", """[{"name":"a","share":1,"sizee":100}]""", "populations[1].profiles[0].sizee: unknown field"),
        Case("profiles", """[]""", "populations[1].profiles: must have at least 1 entries"),
    };

    private static object[] Case(string field, string value, string message) => [field, value, message];

    private static string Edit(string field, string value)
    {
        var root = JsonNode.Parse(TestScenarios.Crash)!;
        root["populations"]![1]![field] = JsonNode.Parse(value);
        return root.ToJsonString();
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Bad_population_input_is_named_with_its_reason(string field, string value, string message)
    {
        var e = Assert.Throws<ScenarioException>(() => ScenarioParser.Parse(Edit(field, value), Repo.Root));
        Assert.Equal(message, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Profiles_are_refused_for_lps()
    {
        var root = JsonNode.Parse(TestScenarios.Crash)!;
        root["populations"]![0]!["profiles"] = JsonNode.Parse("""[{"name":"a","share":1}]""");
        var e = Assert.Throws<ScenarioException>(() => ScenarioParser.Parse(root.ToJsonString(), Repo.Root));
        Assert.Equal("populations[0].profiles: are for borrowers, not LPs", e.Message);
    }

    /// <summary>The first four (negative stdDev, unknown dist, empty values, shares not adding up) through the real `flowalp run`.</summary>
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(11)]
    public void The_cli_exits_2_with_that_one_line(int index)
    {
        var c = Cases().ElementAt(index);
        string dir = Path.Combine(Path.GetTempPath(), $"bad-pop-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        string file = Path.Combine(dir, "scenario.json");
        File.WriteAllText(file, Edit((string)c[0], (string)c[1]));
        try
        {
            var (code, stdout, stderr) = MalformedScenarioTests.Cli("run", file, "--quiet", "--out", Path.Combine(dir, "out"));
            Assert.Equal(2, code);
            Assert.Equal("", stdout.Trim());
            Assert.Equal($"scenario {file}: {c[2]}", stderr.TrimEnd('\n'));
            Assert.DoesNotContain("   at ", stderr);
        }
        finally { Directory.Delete(dir, true); }
    }
}

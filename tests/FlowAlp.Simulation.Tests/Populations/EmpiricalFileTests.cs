using System.Text.Json.Nodes;
using FlowAlp.Simulation.Populations;
using FlowAlp.Simulation.Scenarios;
using FlowAlp.Simulation.Tests.Scenarios;

namespace FlowAlp.Simulation.Tests.Populations;

/// <summary>An empirical distribution read from a file of values (and weights): the same distribution as written inline; bad lines named by file and line.</summary>
public sealed class EmpiricalFileTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"empirical-{Guid.NewGuid():N}");

    public EmpiricalFileTests() => Directory.CreateDirectory(_dir);
    public void Dispose() => Directory.Delete(_dir, true);

    private string Json(string csv, string size = """{"dist": "empirical", "file": "sizes.csv"}""", bool inProfile = false)
    {
        File.WriteAllText(Path.Combine(_dir, "sizes.csv"), csv);
        var root = JsonNode.Parse(TestScenarios.Crash)!;
        if (inProfile) root["populations"]![1]!["profiles"] = JsonNode.Parse($$"""[{"name": "a", "share": 1, "size": {{size}} }]""");
        else root["populations"]![1]!["size"] = JsonNode.Parse(size);
        return root.ToJsonString();
    }

    [Fact]
    public void A_file_gives_the_same_distribution_as_inline_values()
    {
        var s = ScenarioParser.Parse(Json("value,weight\n# sizes in MOET\n500,1\n1000, 2\n\n2000,7\n"), _dir);
        var d = Assert.IsType<EmpiricalDist>(s.Populations[1].Size);
        Assert.Equal(new[] { 500.0, 1000, 2000 }, d.Values);
        Assert.Equal(new[] { 1.0, 2, 7 }, d.Weights!);
        var inline = ScenarioParser.Parse(Json("", """{"dist": "empirical", "values": [500, 1000, 2000], "weights": [1, 2, 7]}"""), _dir);
        var rng1 = FlowAlp.Simulation.Prices.SeedStreams.Create(1, "x");
        var rng2 = FlowAlp.Simulation.Prices.SeedStreams.Create(1, "x");
        var other = (EmpiricalDist)inline.Populations[1].Size;
        for (int i = 0; i < 100; i++) Assert.Equal(other.Sample(rng2), d.Sample(rng1));
        var unweighted = Assert.IsType<EmpiricalDist>(ScenarioParser.Parse(Json("700\n800\n", inProfile: true), _dir).Populations[1].Size);
        Assert.Equal(new[] { 700.0, 800 }, unweighted.Values);
        Assert.Null(unweighted.Weights);
    }

    [Theory]
    [InlineData("500\nabc\n", "populations[1].size.file: {F}:2: value: 'abc' is not a number")]
    [InlineData("500,1\n600,0\n", "populations[1].size.file: {F}:2: weight: must be greater than 0, got 0")]
    [InlineData("500,1\n600\n", "populations[1].size.file: {F}:2: every line must have 2 fields (as the first one)")]
    [InlineData("500,1,2\n", "populations[1].size.file: {F}:1: expected value or value,weight, got 3 fields")]
    [InlineData("value\n# none\n", "populations[1].size.file: {F}: no values")]
    [InlineData("500\n0.5\n", "populations[1].size.values[1]: must be between 1 and 10000000000, got 0.5")]
    public void A_bad_file_is_named_with_its_line(string csv, string message)
    {
        var e = Assert.Throws<ScenarioException>(() => ScenarioParser.Parse(Json(csv), _dir));
        Assert.Equal(message.Replace("{F}", Path.Combine(_dir, "sizes.csv")), e.Message);
    }

    [Fact]
    public void Values_and_a_file_together_or_a_missing_file_are_refused()
    {
        var both = Assert.Throws<ScenarioException>(() => ScenarioParser.Parse(Json("1\n", """{"dist": "empirical", "file": "sizes.csv", "values": [1]}"""), _dir));
        Assert.Equal("populations[1].size.file: give values (and weights) or a file, not both", both.Message);
        var missing = Assert.Throws<ScenarioException>(() => ScenarioParser.Parse(Json("1\n", """{"dist": "empirical", "file": "nope.csv"}""", inProfile: true), _dir));
        Assert.StartsWith("populations[1].profiles[0].size.file: ", missing.Message);
        Assert.Contains("nope.csv", missing.Message);
    }

    [Fact]
    public void The_cli_exits_2_naming_the_file_and_line()
    {
        string file = Path.Combine(_dir, "scenario.json");
        File.WriteAllText(file, Json("500\nabc\n"));
        var (code, stdout, stderr) = MalformedScenarioTests.Cli("run", file, "--quiet", "--out", Path.Combine(_dir, "out"));
        Assert.Equal(2, code);
        Assert.Equal("", stdout.Trim());
        Assert.Equal($"scenario {file}: populations[1].size.file: {Path.Combine(_dir, "sizes.csv")}:2: value: 'abc' is not a number", stderr.TrimEnd('\n'));
    }
}

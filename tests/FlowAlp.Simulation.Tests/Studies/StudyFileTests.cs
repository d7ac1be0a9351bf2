using FlowAlp.Simulation.Scenarios;
using FlowAlp.Simulation.Studies;

namespace FlowAlp.Simulation.Tests.Studies;

/// <summary>study.json is read strictly: every field typed, unknown fields refused, each error naming its field.</summary>
public class StudyFileTests
{
    internal const string Minimal = """
    { "name": "s", "scenario": "scenario.json", "seeds": 3, "firstSeed": 5, "set": ["durationHours=3"],
      "reference": { "source": "a report", "figures": [
        { "label": "survival", "metric": "populations.passive.survivalRate", "scale": 100, "published": 64, "unit": "%", "difference": "liquidation rule" },
        { "label": "fees per rebalance", "metric": "populations.rebalancing.rebalancerFees", "per": "populations.rebalancing.rebalances", "published": 0.001, "unit": "MOET", "difference": "fee" } ] } }
    """;

    [Fact]
    public void A_valid_study_is_read_field_by_field()
    {
        var s = StudyFile.Parse(Minimal);
        Assert.Equal(("s", "scenario.json", 3, (ulong?)5UL), (s.Name, s.ScenarioFile, s.Seeds, s.FirstSeed));
        Assert.Equal([("durationHours", "3")], s.Overrides);
        Assert.Equal("a report", s.Reference.Source);
        Assert.Null(s.Reference.Address);
        Assert.Equal(new PublishedFigure("survival", "populations.passive.survivalRate", null, 100, 64, "%", "liquidation rule"), s.Reference.Figures[0]);
        Assert.Equal(("populations.rebalancing.rebalances", 1.0), (s.Reference.Figures[1].Per, s.Reference.Figures[1].Scale));
    }

    [Theory]
    [InlineData("\"seeds\": 3", "\"seeds\": 0", "seeds: must be between 1 and 10000, got 0")]
    [InlineData("\"scenario\": \"scenario.json\"", "\"scenario\": \"../x.json\"", "scenario: must be a file beside study.json or below it, got '../x.json'")]
    [InlineData("\"scenario\": \"scenario.json\"", "\"scenario\": \"/etc/passwd\"", "scenario: must be a file beside study.json or below it, got '/etc/passwd'")]
    [InlineData("\"metric\": \"populations.passive.survivalRate\"", "\"metric\": \"System.IO.File\"", "reference.figures[0].metric: must name a run metric under populations. or totals. (as in runs.csv), got 'System.IO.File'")]
    [InlineData("\"unit\": \"%\"", "\"unit\": \"%\", \"colour\": 1", "reference.figures[0].colour: unknown field")]
    [InlineData("\"set\": [\"durationHours=3\"]", "\"set\": [\"durationHours\"]", "set[0]: 'durationHours' must look like path=value")]
    [InlineData("\"scale\": 100", "\"scale\": 0", "reference.figures[0].scale: must be between 1E-12 and 1000000000000, got 0")]
    public void Bad_fields_are_named(string from, string to, string expected)
    {
        var e = Assert.Throws<ScenarioException>(() => StudyFile.Parse(Minimal.Replace(from, to)));
        Assert.Equal(expected, e.Message);
    }

    [Fact]
    public void A_study_without_figures_or_truncated_is_refused()
    {
        Assert.Equal("reference.figures: must have at least 1 entries",
            Assert.Throws<ScenarioException>(() => StudyFile.Parse("""{ "name": "s", "scenario": "a.json", "seeds": 1, "reference": { "source": "x", "figures": [] } }""")).Message);
        Assert.StartsWith("study: ", Assert.Throws<ScenarioException>(() => StudyFile.Parse(Minimal[..40])).Message);
    }
}

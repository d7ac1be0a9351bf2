using System.Text.Json.Nodes;
using FlowAlp.Simulation.Scenarios;
using Json.Schema;

namespace FlowAlp.Simulation.Tests.Scenarios;

/// <summary>
/// docs/schemas/scenario.schema.json: every shipped scenario, preset and chaos preset names it in "$schema" (so editors
/// complete and check them) and validates against it; a misspelt field or a wrong value fails it where the parser
/// fails too; the parser takes a top-level "$schema" and still says everything else in one line.
/// </summary>
public class ScenarioSchemaTests
{
    private static readonly string SchemaPath = Path.Combine(Repo.Root, "docs", "schemas", "scenario.schema.json");
    private static readonly JsonSchema Schema = JsonSchema.FromText(File.ReadAllText(SchemaPath));

    public static TheoryData<string> Shipped()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(Path.Combine(Repo.Root, "config", "scenarios"), "*.json", SearchOption.AllDirectories)
                     .Concat(Directory.GetFiles(Path.Combine(Repo.Root, "config", "studies"), "scenario.json", SearchOption.AllDirectories)).Order(StringComparer.Ordinal))
            data.Add(Path.GetRelativePath(Repo.Root, f));
        return data;
    }

    private static EvaluationResults Evaluate(string json) => Schema.Evaluate(JsonNode.Parse(json), new EvaluationOptions { OutputFormat = OutputFormat.List });

    private static IEnumerable<string> FailedAt(EvaluationResults r) =>
        (r.Details ?? []).Where(d => !d.IsValid && d.HasErrors).Select(d => d.InstanceLocation.ToString()).Distinct();

    [Fact]
    public void Twenty_one_shipped_scenarios_are_checked()
    {
        Assert.Equal(21, Shipped().Count); // 5 scenarios + 7 presets + 7 chaos presets + 2 studies: none slips past the theory below
    }

    [Theory]
    [MemberData(nameof(Shipped))]
    public void A_shipped_scenario_names_the_schema_and_validates_against_it(string file)
    {
        string full = Path.Combine(Repo.Root, file);
        string json = File.ReadAllText(full);
        var link = JsonNode.Parse(json)!["$schema"]!.GetValue<string>();
        Assert.Equal(Path.GetFullPath(SchemaPath), Path.GetFullPath(Path.Combine(Path.GetDirectoryName(full)!, link)));
        var result = Evaluate(json);
        Assert.True(result.IsValid, $"{file}: fails the schema at {string.Join(", ", FailedAt(result))}");
        Assert.Equal(JsonNode.Parse(json)!["name"]!.GetValue<string>(), ScenarioParser.Parse(json, Path.GetDirectoryName(full)!).Name);
    }

    [Fact]
    public void The_test_scenario_validates_and_bad_ones_fail_where_the_parser_fails()
    {
        Assert.True(Evaluate(TestScenarios.Crash).IsValid);

        var misspelt = JsonNode.Parse(TestScenarios.Crash)!.AsObject();
        misspelt["durationHour"] = misspelt["durationHours"]!.DeepClone();
        misspelt.Remove("durationHours");
        var r = Evaluate(misspelt.ToJsonString());
        Assert.False(r.IsValid);
        Assert.Contains("/durationHour", FailedAt(r));
        var e = Assert.Throws<ScenarioException>(() => ScenarioParser.Parse(misspelt.ToJsonString(), Repo.Root));
        Assert.Equal("durationHours: is required", e.Message);

        var badEnum = JsonNode.Parse(TestScenarios.Crash)!.AsObject();
        badEnum["populations"]![2]!["rebalancer"] = "sometimes";
        r = Evaluate(badEnum.ToJsonString());
        Assert.False(r.IsValid);
        Assert.Contains("/populations/2/rebalancer", FailedAt(r));
        Assert.Equal("populations[2].rebalancer: must be one of paid, self, none, got 'sometimes'",
            Assert.Throws<ScenarioException>(() => ScenarioParser.Parse(badEnum.ToJsonString(), Repo.Root)).Message);

        var badMoney = JsonNode.Parse(TestScenarios.Crash)!.AsObject();
        badMoney["rebalancers"]!["fee"] = "0.001050001"; // nine decimals: UFix64 keeps eight
        r = Evaluate(badMoney.ToJsonString());
        Assert.False(r.IsValid);
        Assert.Contains("/rebalancers/fee", FailedAt(r));
    }

    [Fact]
    public void The_parser_takes_a_schema_link_and_refuses_anything_else_as_before()
    {
        var o = JsonNode.Parse(TestScenarios.Crash)!.AsObject();
        o["$schema"] = "../docs/schemas/scenario.schema.json";
        Assert.Equal("crash-test", ScenarioParser.Parse(o.ToJsonString(), Repo.Root).Name);
        o["$schema"] = 3;
        Assert.Equal("$schema: must be a string (the path or URL of a JSON Schema)", Assert.Throws<ScenarioException>(() => ScenarioParser.Parse(o.ToJsonString(), Repo.Root)).Message);
        o["$schema"] = "x";
        o["$schemas"] = "x";
        Assert.Equal("$schemas: unknown field", Assert.Throws<ScenarioException>(() => ScenarioParser.Parse(o.ToJsonString(), Repo.Root)).Message);
        o.Remove("$schemas");
        o["populations"]![0]!["$schema"] = "x"; // only the top level may link a schema
        Assert.Equal("populations[0].$schema: unknown field", Assert.Throws<ScenarioException>(() => ScenarioParser.Parse(o.ToJsonString(), Repo.Root)).Message);
    }
}

using System.Text.Json.Nodes;
using FlowAlp.Engine.Chaos;
using FlowAlp.Simulation.Chaos;
using FlowAlp.Simulation.Chaos.Faults;
using FlowAlp.Simulation.Scenarios;
using FlowAlp.Simulation.Tests.Scenarios;

namespace FlowAlp.Simulation.Tests.Chaos;

/// <summary>
/// A scenario's faults are read once, at its edge, into typed records (<see cref="FaultKinds"/>); an unknown kind or a
/// bad field is one line naming the field, and the CLI exits 2 with it.
/// </summary>
public class FaultKindTests
{
    private static Scenario Parse(string faults)
    {
        var o = JsonNode.Parse(TestScenarios.Crash)!.AsObject();
        o["faults"] = JsonNode.Parse(faults);
        return ScenarioParser.Parse(o.ToJsonString(), Repo.Root);
    }

    private static string Error(string faults) => Assert.Throws<ScenarioException>(() => Parse(faults)).Message;

    [Fact]
    public void Faults_are_parsed_into_their_typed_records()
    {
        var faults = Parse("""
            [ { "kind": "oracleSpread", "token": "FLOW", "factor": 1.2, "atHours": 1, "durationHours": 0.5 },
              { "kind": "messageFault", "message": "rebalanceDue", "action": "delay", "delaySteps": 3, "rate": 0.25, "population": "rebalancing", "atHours": 2 },
              { "kind": "killActors", "actors": "oracles", "atHours": 2.5 },
              { "kind": "chainHalt", "atHours": 3, "durationHours": 1 } ]
            """).Faults;
        Assert.Equal(new OracleSpreadFault("FLOW", 1.2, 0.05) { Index = 0, At = 3600, Duration = 1800 }, faults[0]);
        Assert.Equal(new MessageChannelFault(MessageKind.RebalanceDue, MessageFate.Delay, 0.25, 3, "rebalancing", null) { Index = 1, At = 7200 }, faults[1]);
        Assert.Equal(new KillActorsFault(0.1, null, "oracles") { Index = 2, At = 9000 }, faults[2]);
        Assert.Equal(new ChainHaltFault { Index = 3, At = 10_800, Duration = 3600 }, faults[3]);
        Assert.Equal(["oracleSpread", "messageFault", "killActors", "chainHalt"], faults.Select(f => f.Kind));
        Assert.Equal([false, false, true, false], faults.Select(f => f.OneOff));
    }

    [Fact]
    public void The_table_lists_every_kind_once_in_the_documented_order()
    {
        string[] shipped = ["killActors", "supervisorOutage", "oracleFreeze", "oracleOutlier", "oracleLead", "oracleSpread", "chainHalt", "funderDrained",
            "sourceDry", "sinkRefuses", "vaultLoss", "liquidatorsAbsent", "dexDrain", "messageFault", "rebalancerStretch", "rebalancersIneffective"];
        var names = FaultKinds.Names.ToList();
        Assert.Equal(shipped, names.Take(shipped.Length)); // new kinds come after these
        Assert.Equal(names.Count, names.Distinct().Count());
        string readme = File.ReadAllText(Path.Combine(Repo.Root, "config/scenarios/README.md"));
        Assert.All(names, n => Assert.Contains($"| `{n}` |", readme));
    }

    [Theory]
    [InlineData("""{ "kind": "dexDrain", "fraction": 2, "atHours": 1 }""", "faults[0].fraction: must be between 0 and 1, got 2")]
    [InlineData("""{ "kind": "dexDrain", "fraction": 0.5, "token": "FLOW", "atHours": 1 }""", "faults[0].token: unknown field")]
    [InlineData("""{ "kind": "dexDrain", "atHours": 1 }""", "faults[0].fraction: is required")]
    [InlineData("""{ "kind": "chainHalt", "atHours": 1 }""", "faults[0].durationHours: a chainHalt needs a duration")]
    [InlineData("""{ "kind": "oracleFreeze", "token": "BTC", "atHours": 1 }""", "faults[0].token: 'BTC' is not a token of the pool")]
    [InlineData("""{ "kind": "oracleLead", "token": "FLOW", "leadSeconds": "soon", "atHours": 1 }""", "faults[0].leadSeconds: must be a whole number")]
    [InlineData("""{ "kind": "rebalancersIneffective", "population": "whales", "atHours": 1 }""", "faults[0].population: no population 'whales'")]
    [InlineData("""{ "kind": "dexDrain", "fraction": 0.5, "atHours": 7 }""", "faults[0].atHours: must be before the end of the run")]
    [InlineData("""{ "kind": "dexDrain", "fraction": 0.5 }""", "faults[0].atHours: is required")]
    public void A_bad_field_is_one_line_naming_it(string fault, string message) => Assert.Equal(message, Error($"[{fault}]"));

    [Fact]
    public void An_unknown_or_missing_kind_names_the_kinds_there_are()
    {
        string kinds = string.Join(", ", FaultKinds.Names);
        Assert.StartsWith("killActors, supervisorOutage, oracleFreeze, ", kinds);
        Assert.Equal($"faults[1].kind: must be one of {kinds}, got 'meteor'", Error("""[ { "kind": "dexDrain", "fraction": 0.1, "atHours": 1 }, { "kind": "meteor", "atHours": 1 } ]"""));
        Assert.Equal($"faults[0].kind: must be one of {kinds}, got ''", Error("""[ { "atHours": 1 } ]"""));
        Assert.Equal("faults[0]: must be a JSON object", Error("""[ "dexDrain" ]"""));
    }

    [Fact]
    public void The_cli_refuses_an_unknown_kind_with_exit_2_and_one_line()
    {
        string dir = Directory.CreateTempSubdirectory("flowalp-fault-kind-").FullName;
        try
        {
            string file = Path.Combine(dir, "scenario.json");
            var o = JsonNode.Parse(TestScenarios.Crash)!.AsObject();
            o["faults"] = JsonNode.Parse("""[ { "kind": "meteor", "atHours": 1 } ]""");
            File.WriteAllText(file, o.ToJsonString());
            var (code, stdout, stderr) = MalformedScenarioTests.Cli("chaos", file, "--quiet", "--out", Path.Combine(dir, "out"));
            Assert.Equal(2, code);
            Assert.Equal("", stdout.Trim());
            Assert.Equal($"scenario {file}: faults[0].kind: must be one of {string.Join(", ", FaultKinds.Names)}, got 'meteor'", stderr.TrimEnd('\n'));
            Assert.False(Directory.Exists(Path.Combine(dir, "out")), "a refused scenario writes nothing");
        }
        finally { Directory.Delete(dir, true); }
    }
}

using System.Security.Cryptography;
using System.Text.Json.Nodes;
using FlowAlp.Simulation.Tests.Scenarios;

namespace FlowAlp.Simulation.Tests.Persistence;

/// <summary>
/// `flowalp fork` with a parameter change (governance after the step) and with an added fault: each fork's event log
/// equals the source's up to the fork step and differs after; the source folder is untouched, byte for byte.
/// </summary>
public class ForkOverridesCliTests
{
    private const long At = 100; // t = 6000 s: before the FLOW crash of hour 2–3

    [Fact]
    public void Forks_with_a_new_parameter_and_with_an_added_fault_follow_the_source_up_to_the_step_only()
    {
        string root = Path.Combine(Path.GetTempPath(), $"flowalp-forkx-{Guid.NewGuid():N}");
        Directory.CreateDirectory(root);
        try
        {
            var o = JsonNode.Parse(TestScenarios.Crash)!.AsObject();
            o["persistence"] = new JsonObject { ["mode"] = "events" };
            string file = Path.Combine(root, "s.json"), source = Path.Combine(root, "source");
            File.WriteAllText(file, o.ToJsonString());
            Assert.Equal(0, MalformedScenarioTests.Cli("run", file, "--quiet", "--out", source).Code);
            var before = Hashes(source);
            var a = File.ReadAllLines(Path.Combine(source, "events.jsonl"));
            int prefix = a.TakeWhile(l => Time(l) <= At * 60).Count();
            Assert.True(prefix > 50 && prefix < a.Length, $"prefix {prefix} of {a.Length}");

            // a parameter: FLOW's collateral factor 0.8 → 0.7 from step 101 on
            string param = Path.Combine(root, "param");
            var (code, _, err) = MalformedScenarioTests.Cli("fork", source, "--at", $"{At}", "--set", "tokens[0].collateralFactor=\"0.7\"", "--out", param, "--quiet");
            Assert.True(code == 0, err);
            var p = File.ReadAllLines(Path.Combine(param, "events.jsonl"));
            Assert.Equal(a.Take(prefix), p.Take(prefix));
            Assert.NotEqual(a.Skip(prefix), p.Skip(prefix));
            // the lower factor makes positions less healthy: more liquidations in the crash
            Assert.True(Liquidations(param) > Liquidations(source), $"{Liquidations(param)} vs {Liquidations(source)}");
            // the same change as a partial scenario (tokens named by symbol): the same fork
            string overrides = Path.Combine(root, "future.json"), viaFile = Path.Combine(root, "via-file");
            File.WriteAllText(overrides, """{ "tokens": { "FLOW": { "collateralFactor": "0.7" } } }""");
            (code, _, err) = MalformedScenarioTests.Cli("fork", source, "--at", $"{At}", "--scenario", overrides, "--out", viaFile, "--quiet");
            Assert.True(code == 0, err);
            Assert.Equal(File.ReadAllBytes(Path.Combine(param, "events.jsonl")), File.ReadAllBytes(Path.Combine(viaFile, "events.jsonl")));
            Assert.Equal("tokens[0].collateralFactor=\"0.7\"", JsonNode.Parse(File.ReadAllText(Path.Combine(viaFile, "run.json")))!["fork"]!["set"]![0]!.GetValue<string>());

            // a fault: liquidators absent from 2.5 h for 2 h (added to the source's faults, which are none)
            string faults = Path.Combine(root, "faults.json"), fault = Path.Combine(root, "fault");
            File.WriteAllText(faults, """[ { "kind": "liquidatorsAbsent", "atHours": 2.5, "durationHours": 2 } ]""");
            (code, _, err) = MalformedScenarioTests.Cli("fork", source, "--at", $"{At}", "--faults", faults, "--out", fault, "--quiet");
            Assert.True(code == 0, err);
            var f = File.ReadAllLines(Path.Combine(fault, "events.jsonl"));
            Assert.Equal(a.Take(prefix), f.Take(prefix));
            Assert.NotEqual(a.Skip(prefix), f.Skip(prefix));
            static bool LiquidatedWhileAbsent(string l) => Time(l) >= 9000 && Time(l) < 16200 && l.Contains("\"type\":\"LiquidationExecuted\"");
            Assert.Contains(a, LiquidatedWhileAbsent);
            Assert.DoesNotContain(f, LiquidatedWhileAbsent);
            var meta = JsonNode.Parse(File.ReadAllText(Path.Combine(fault, "run.json")))!["fork"]!;
            Assert.Equal(At, meta["atStep"]!.GetValue<long>());
            Assert.Equal("liquidatorsAbsent", meta["faults"]![0]!["kind"]!.GetValue<string>());

            // the source folder was only read
            Assert.Equal(before, Hashes(source));

            // the fault fork resumes to the same result (its faults come back from run.json)
            var summary = File.ReadAllText(Path.Combine(fault, "summary.json"));
            (code, _, err) = MalformedScenarioTests.Cli("resume", fault, "--quiet");
            Assert.True(code == 0, err);
            Assert.Equal(summary, File.ReadAllText(Path.Combine(fault, "summary.json")));
        }
        finally { Directory.Delete(root, true); }
    }

    [Theory]
    [InlineData("--set", "rebalancers.intervalSeconds=60",
        "--set: 'rebalancers.intervalSeconds': a fork changes prices.TOKEN…, tokens[i].SETTING, pool.SETTING or faults only (the rest is set up at step 0)")]
    [InlineData("--set", "tokens[0].collateralFactor=\"1.5\"", "tokens[0]: field 'collateralFactor': must be in (0, 1]")]
    [InlineData("--set", """faults=[{"kind":"dexDrain","atHours":1,"fraction":0.5}]""", "faults[0].atHours: must be after the fork step 100 (t = 6000 s)")]
    [InlineData("--at", "360", "--at: must be a step between 0 and 359")]
    [InlineData("--scenario", """{ "populations": [] }""", "--scenario: 'populations': a fork changes prices, tokens, pool or faults only (the rest is set up at step 0)")]
    [InlineData("--scenario", """{ "tokens": { "ETH": { "collateralFactor": "0.7" } } }""", "--scenario: 'tokens.ETH': the source run has no token ETH")]
    [InlineData("--scenario", """{ "tokens": { "FLOW": { "collateralFactor": "1.5" } } }""", "tokens[0]: field 'collateralFactor': must be in (0, 1]")]
    [InlineData("--scenario", """[ 1 ]""", "--scenario: 'FILE' must hold a JSON object")]
    public void Bad_fork_overrides_are_refused_in_one_line(string option, string value, string message)
    {
        string root = Path.Combine(Path.GetTempPath(), $"flowalp-forkbad-{Guid.NewGuid():N}");
        Directory.CreateDirectory(root);
        try
        {
            // a run folder needs no finished run to be refused: scenario.json and run.json are enough
            var o = JsonNode.Parse(TestScenarios.Crash)!.AsObject();
            o["persistence"] = new JsonObject { ["mode"] = "events" };
            string source = Path.Combine(root, "source");
            Directory.CreateDirectory(source);
            File.WriteAllText(Path.Combine(source, "scenario.json"), o.ToJsonString());
            File.WriteAllText(Path.Combine(source, "run.json"), $$"""{"engine":"plain","format":{{FlowAlp.Simulation.Persistence.JournalFormat.Current}},"baseDir":"{{Repo.Root}}"}""");
            if (option == "--scenario")
            {
                File.WriteAllText(Path.Combine(root, "future.json"), value);
                value = Path.Combine(root, "future.json");
                message = message.Replace("'FILE'", $"'{value}'");
            }
            var args = option == "--at"
                ? new[] { "fork", source, "--at", value, "--set", "prices.FLOW.start=2", "--out", Path.Combine(root, "f"), "--quiet" }
                : new[] { "fork", source, "--at", $"{At}", option, value, "--out", Path.Combine(root, "f"), "--quiet" };
            var (code, _, err) = MalformedScenarioTests.Cli(args);
            Assert.Equal(2, code);
            Assert.Equal($"fork {source}: {message}", err.Trim());
            Assert.False(Directory.Exists(Path.Combine(root, "f")));
        }
        finally { Directory.Delete(root, true); }
    }

    private static Dictionary<string, string> Hashes(string dir) =>
        Directory.GetFiles(dir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .ToDictionary(f => f, f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));

    private static int Liquidations(string dir) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "summary.json")))!["populations"]!.AsObject().Sum(p => p.Value!["liquidations"]!.GetValue<int>());

    private static ulong Time(string line) => ulong.Parse(JsonNode.Parse(line)!["t"]!.GetValue<string>().Split('.')[0]);
}

using System.Text.Json.Nodes;
using FlowAlp.Simulation.Tests.Scenarios;

namespace FlowAlp.Simulation.Tests.Persistence;

/// <summary>
/// A fork that changes a pool parameter logs the change (GovernanceChanged: the parameter, old and new value, at the
/// fork's time), so its event log differs from its source's; its report names the source and the step and sets source
/// and fork side by side.
/// </summary>
public class ForkGovernanceTests
{
    private const long At = 100; // t = 6000 s, before the crash of hour 2–3

    [Fact]
    public void A_fork_setting_liquidationTargetHealth_logs_the_change_and_reports_what_it_is_a_fork_of()
    {
        string root = Path.Combine(Path.GetTempPath(), $"flowalp-forkgov-{Guid.NewGuid():N}");
        Directory.CreateDirectory(root);
        try
        {
            var o = JsonNode.Parse(TestScenarios.Crash)!.AsObject();
            o["persistence"] = new JsonObject { ["mode"] = "checkpoint" };
            o["pool"] = new JsonObject { ["liquidationTargetHealth"] = "1.05" };
            string file = Path.Combine(root, "s.json"), source = Path.Combine(root, "source"), fork = Path.Combine(root, "fork");
            File.WriteAllText(file, o.ToJsonString());
            Assert.Equal(0, MalformedScenarioTests.Cli("run", file, "--quiet", "--out", source).Code);
            var (code, _, err) = MalformedScenarioTests.Cli("fork", source, "--at", $"{At}", "--set", "pool.liquidationTargetHealth=\"1.2\"", "--out", fork, "--quiet");
            Assert.True(code == 0, err);

            var sourceLog = File.ReadAllLines(Path.Combine(source, "events.jsonl"));
            var forkLog = File.ReadAllLines(Path.Combine(fork, "events.jsonl"));
            Assert.DoesNotContain(sourceLog, l => l.Contains("GovernanceChanged"));
            var changed = forkLog.Where(l => l.Contains("\"GovernanceChanged\"")).Select(l => JsonNode.Parse(l)!).ToList();
            var only = Assert.Single(changed);
            Assert.Equal("6000.00000000", only["t"]!.GetValue<string>());
            Assert.Equal("""{"type":"GovernanceChanged","parameter":"pool.liquidationTargetHealth","old":"1.050000000000000000000000","new":"1.200000000000000000000000"}""",
                only["event"]!.ToJsonString());
            // identical up to the fork step, then the change is the first line that differs
            int at = Array.FindIndex(forkLog, l => l.Contains("\"GovernanceChanged\""));
            Assert.True(at > 50, $"the change is line {at}");
            Assert.Equal(sourceLog.Take(at), forkLog.Take(at));
            Assert.NotEqual(sourceLog.Skip(at), forkLog.Skip(at + 1));

            // the report says what the fork is a fork of, and the side-by-side page has both runs
            var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(fork, "summary.json")))!;
            Assert.Equal(At, summary["fork"]!["atStep"]!.GetValue<long>());
            Assert.Equal(6000UL, summary["fork"]!["atSeconds"]!.GetValue<ulong>());
            Assert.Equal(Path.GetFullPath(source), summary["fork"]!["source"]!.GetValue<string>());
            Assert.Equal("--set pool.liquidationTargetHealth=\"1.2\"", summary["fork"]!["changes"]![0]!.GetValue<string>());
            string html = File.ReadAllText(Path.Combine(fork, "report.html"));
            Assert.Contains($"a fork of {Path.GetFullPath(source)} at step 100 (t = 1.67 h)", html);
            var csv = File.ReadAllLines(Path.Combine(fork, "fork", "comparison.csv"));
            Assert.StartsWith("metric,source,fork", csv[0]);
            string Row(string metric) => csv.Single(l => l.StartsWith(metric + ",", StringComparison.Ordinal));
            var sourceSummary = JsonNode.Parse(File.ReadAllText(Path.Combine(source, "summary.json")))!;
            Assert.Equal($"totals.liquidations,{sourceSummary["totals"]!["liquidations"]},{summary["totals"]!["liquidations"]}", Row("totals.liquidations"));
            Assert.Null(JsonNode.Parse(File.ReadAllText(Path.Combine(source, "summary.json")))!["fork"]);
        }
        finally { Directory.Delete(root, true); }
    }
}

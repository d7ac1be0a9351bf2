using System.Text.Json.Nodes;
using FlowAlp.Simulation.Tests.Scenarios;

namespace FlowAlp.Simulation.Tests.Chaos;

/// <summary>`flowalp chaos` takes `--set` like `run`: the scheduler-outage preset, and the same schedule without its outage.</summary>
public class ChaosCliTests
{
    [Fact]
    public void The_outage_preset_with_and_without_its_outage_through_the_cli()
    {
        var root = Directory.CreateTempSubdirectory("flowalp-chaos-cli-").FullName;
        try
        {
            string preset = Path.Combine(Repo.Root, "config", "scenarios", "chaos", "scheduler-outage-during-crash.json");
            var (code, _, err) = MalformedScenarioTests.Cli("chaos", preset, "--quiet", "--out", Path.Combine(root, "outage"));
            Assert.True(code == 0, err);
            (code, _, err) = MalformedScenarioTests.Cli("chaos", preset, "--quiet", "--out", Path.Combine(root, "cron"),
                "--set", """faults=[{"kind":"funderDrained","atHours":10,"durationHours":0.5}]""");
            Assert.True(code == 0, err);
            Assert.Contains("chaos: 2 faults injected, 1440 invariant checks, 0 violations", err);

            JsonNode Pops(string dir) => JsonNode.Parse(File.ReadAllText(Path.Combine(root, dir, "summary.json")))!["populations"]!;
            // with the cron out through the crash every rebalancing borrower is liquidated; with it, the cron repairs their schedules first
            Assert.Equal(200, Pops("outage")["rebalancing"]!["liquidatedPositions"]!.GetValue<int>());
            Assert.Equal(0, Pops("cron")["rebalancing"]!["liquidatedPositions"]!.GetValue<int>());
            Assert.Equal(100, Pops("cron")["passive"]!["liquidatedPositions"]!.GetValue<int>());

            (code, _, err) = MalformedScenarioTests.Cli("chaos", preset, "--quiet", "--out", Path.Combine(root, "none"), "--set", "faults=[]");
            Assert.Equal(2, code);
            Assert.Contains("faults: a chaos run needs at least one fault", err);
        }
        finally { Directory.Delete(root, true); }
    }
}

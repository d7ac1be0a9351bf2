using System.Text.Json.Nodes;
using FlowAlp.Simulation.Tests.Scenarios;

namespace FlowAlp.Simulation.Tests.Chaos;

/// <summary>
/// `flowalp chaos` takes `--set` like `run`: the scheduler-outage preset, and the same schedule without its outage. A
/// crash a fault injected is one line of run.log (its stack trace only with --verbose).
/// </summary>
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

    [Fact]
    public void An_injected_crash_is_one_line_in_run_log_and_its_stack_trace_comes_only_with_verbose()
    {
        var root = Directory.CreateTempSubdirectory("flowalp-chaos-crash-").FullName;
        try
        {
            string preset = Path.Combine(Repo.Root, "config", "scenarios", "chaos", "actor-kill-storm.json");
            string[] oneCrash = ["--set", """faults=[{"kind":"killActors","atHours":1,"actors":"oracles","fraction":1}]""", "--set", "durationHours=2"];
            const string Line = "[WRN] injected fault: crash of oracle FLOW at tick 60 (t = 3600 s); restarted";

            var (code, _, err) = MalformedScenarioTests.Cli(["chaos", preset, "--quiet", "--out", Path.Combine(root, "plain"), .. oneCrash]);
            Assert.True(code == 0, err);
            Assert.Contains("chaos: 1 faults injected", err);
            var log = File.ReadAllLines(Path.Combine(root, "plain", "run.log"));
            Assert.Single(log, l => l.Contains("injected"));
            Assert.EndsWith(Line, log.Single(l => l.Contains("injected")));
            Assert.DoesNotContain(log, l => l.Contains("[ERR]") || l.StartsWith("   at ", StringComparison.Ordinal));

            (code, _, err) = MalformedScenarioTests.Cli(["chaos", preset, "--quiet", "--verbose", "--out", Path.Combine(root, "verbose"), .. oneCrash]);
            Assert.True(code == 0, err);
            log = File.ReadAllLines(Path.Combine(root, "verbose", "run.log"));
            Assert.Single(log, l => l.EndsWith(Line, StringComparison.Ordinal));
            int error = Array.FindIndex(log, l => l.EndsWith("[ERR] oracle FLOW: injected crash", StringComparison.Ordinal));
            Assert.True(error >= 0, string.Join("\n", log.Where(l => !l.Contains("[DBG]"))));
            Assert.Equal("FlowAlp.Actors.Chaos.InjectedCrashException: oracle FLOW: injected crash", log[error + 1]);
            Assert.StartsWith("   at FlowAlp.Actors.Oracles.OracleActor.CrashIfAsked", log[error + 2]);
            Assert.Contains(log, l => l.EndsWith("[DBG] tick 60: Prices -> Rebalancers", StringComparison.Ordinal)); // the tick's phases, at Debug
        }
        finally { Directory.Delete(root, true); }
    }
}

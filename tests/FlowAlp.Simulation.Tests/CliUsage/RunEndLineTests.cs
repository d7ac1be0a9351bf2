using System.Text.RegularExpressions;
using FlowAlp.Cli;
using FlowAlp.Simulation.Tests.RunFolders;

namespace FlowAlp.Simulation.Tests.CliUsage;

/// <summary>
/// The line a finished run ends with (--quiet too: where the results are and what the exit code means), the pace in the
/// progress display, and shipped inputs found from a folder outside the repository.
/// </summary>
public sealed class RunEndLineTests : IDisposable
{
    private readonly string _dir = RunFolderKit.TempRoot();

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public void A_quiet_run_from_another_folder_prints_only_where_its_results_are()
    {
        // the default scenario (config/scenarios/default.json) is the repository's: this folder has none
        var (code, stdout, stderr) = CliRunner.Run(_dir, "run", "--quiet", "--set", "durationHours=2");
        Assert.Equal((0, ""), (code, stderr));
        string dir = Path.Combine(_dir, "out", "default");
        var m = Regex.Match(stdout, @"^run default: 2\.0 simulated h in (\d+\.\d\d) s \(([\d.,]+) simulated h/s\); results in (.+) \(report\.html\); exit 0: done\n$");
        Assert.True(m.Success, stdout);
        Assert.Equal(dir, m.Groups[3].Value);
        Assert.True(File.Exists(Path.Combine(m.Groups[3].Value, "report.html")));
        Assert.True(File.Exists(Path.Combine(dir, "summary.json")));
        // the rate is the simulated hours over the wall seconds (printed rounded to 0.01 s, so the rate may be the
        // one of any time within that rounding)
        double seconds = double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        string[] possible = [RunProgress.Rate(2.0 / (seconds + 0.005)), RunProgress.Rate(2.0 / seconds), RunProgress.Rate(2.0 / Math.Max(0.001, seconds - 0.005))];
        Assert.Contains(m.Groups[2].Value, possible);
    }

    [Fact]
    public void A_scenario_in_the_current_folder_wins_over_the_shipped_one()
    {
        string local = Path.Combine(_dir, "config", "scenarios");
        Directory.CreateDirectory(local);
        var s = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(Repo.Root, "config", "scenarios", "default.json")))!.AsObject();
        s["name"] = "local";
        s["durationHours"] = 1;
        s["outputs"] = new System.Text.Json.Nodes.JsonObject { ["dir"] = "out/local" };
        File.WriteAllText(Path.Combine(local, "default.json"), s.ToJsonString());
        var (code, stdout, stderr) = CliRunner.Run(_dir, "run", "--quiet");
        Assert.Equal((0, ""), (code, stderr));
        Assert.StartsWith("run local: 1.0 simulated h in ", stdout);
        Assert.EndsWith($"; results in {Path.Combine(_dir, "out", "local")} (report.html); exit 0: done\n", stdout);
    }

    [Fact]
    public void A_missing_file_is_named_as_typed()
    {
        var (code, stdout, stderr) = CliRunner.Run(_dir, "run", "config/scenarios/no-such.json", "--quiet");
        Assert.Equal((2, "", "scenario config/scenarios/no-such.json: scenario: file not found: config/scenarios/no-such.json\n"), (code, stdout, stderr));
    }

    [Theory]
    [InlineData(6, 6, 24, 2.0, "6.0/24.0 h · 3.0 sim h/s · ETA 0:06")]
    [InlineData(12, 12, 24, 0.5, "12.0/24.0 h · 24.0 sim h/s · ETA 0:00")]
    [InlineData(1, 1, 8760, 10, "1.0/8760.0 h · 0.10 sim h/s · ETA 24:19:50")]
    [InlineData(2, 1, 4, 0.001, "2.0/4.0 h · 1,000 sim h/s · ETA 0:00")]
    [InlineData(0, 0, 24, 1, "0.0/24.0 h · 0.00 sim h/s · ETA –")]
    public void The_pace_line_says_simulated_time_rate_and_eta(double at, double run, double total, double wall, string expected) =>
        Assert.Equal(expected, RunProgress.Pace(run, at, total, wall));

    [Fact]
    public void The_clock_counts_from_the_first_sample_this_process_reports()
    {
        // a resume that starts after hour 10, sampling every 10 minutes: its first report is at 10h10m
        var clock = new RunProgress.Clock(totalHours: 24, sampleHours: 1.0 / 6);
        clock.Observe(10 + 1.0 / 6);
        Assert.Equal(14.0, clock.HoursRun(24), 9);
        // a fresh run's first report is one period in: it ran from 0
        var fresh = new RunProgress.Clock(totalHours: 24, sampleHours: 1.0 / 6);
        fresh.Observe(1.0 / 6);
        Assert.Equal(24.0, fresh.HoursRun(24), 9);
    }

    [Fact]
    public void The_end_line_names_the_full_folder_and_the_exit_meaning()
    {
        string line = RunProgress.EndLine("fork", "default", 12, 2.5, "runs/b", 1, "token conservation FAILED (see summary.json)");
        Assert.Equal($"fork default: 12.0 simulated h in 2.50 s (4.8 simulated h/s); results in {Path.GetFullPath("runs/b")} (report.html); exit 1: token conservation FAILED (see summary.json)", line);
    }

    [Fact]
    public void A_run_without_a_page_points_at_its_summary()
    {
        string line = RunProgress.EndLine("run", "ht", 1, 0.5, "out/ht", 0, "done", html: false);
        Assert.Equal($"run ht: 1.0 simulated h in 0.50 s (2.0 simulated h/s); results in {Path.GetFullPath("out/ht")} (summary.json); exit 0: done", line);
    }
}

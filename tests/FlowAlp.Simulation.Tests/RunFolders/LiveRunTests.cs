using System.Text.RegularExpressions;
using static FlowAlp.Simulation.Tests.RunFolders.RunFolderKit;

namespace FlowAlp.Simulation.Tests.RunFolders;

/// <summary>One uninterrupted 48 h run, the reference the interrupted runs of <see cref="LiveRunTests"/> must equal.</summary>
public sealed class CleanRunFixture : IAsyncLifetime
{
    public string Root { get; } = TempRoot();
    public string Scenario => Path.Combine(Root, "s.json");
    public string Clean => Path.Combine(Root, "clean");

    public async Task InitializeAsync()
    {
        File.WriteAllText(Scenario, RunFolderKit.Scenario(48));
        using var p = CliProcess.Start("run", Scenario, "--quiet", "--out", Clean);
        var (code, _, err) = await p.Exit();
        Assert.True(code == 0, err);
    }

    public Task DisposeAsync()
    {
        Directory.Delete(Root, true);
        return Task.CompletedTask;
    }
}

/// <summary>
/// Run folders while their run is live, as separate processes: the lock refuses a second run, a resume and a fork into
/// the folder (and a fork from it); SIGINT stops at a step boundary and the resume continues from the last state snapshot;
/// a tampered partial output makes the resume fall back to an older snapshot or step 0. Every finished result equals the
/// uninterrupted run's, byte for byte.
/// </summary>
public class LiveRunTests(CleanRunFixture fixture) : IClassFixture<CleanRunFixture>
{
    private const string NewPrice = """prices.FLOW={"process":"constant","start":1.0}""";

    [Fact]
    public async Task A_live_run_folder_refuses_a_second_run_a_resume_and_forks_and_the_first_run_ends_with_its_own_results()
    {
        string root = TempRoot();
        try
        {
            string live = Path.Combine(root, "live");
            using var first = CliProcess.Start("run", fixture.Scenario, "--quiet", "--out", live);
            await Until(() => Snapshots(live) > 0 || first.HasExited, "the first run's first state snapshot");
            Assert.False(first.HasExited);

            // all at once, while the first run is surely live (it has ~47 simulated hours to go)
            using var second = CliProcess.Start("run", fixture.Scenario, "--quiet", "--out", live, "--seed", "9");
            using var resume = CliProcess.Start("resume", live, "--quiet");
            using var forkInto = CliProcess.Start("fork", fixture.Clean, "--at", "100", "--set", NewPrice, "--out", live, "--quiet");
            using var forkFrom = CliProcess.Start("fork", live, "--at", "100", "--set", NewPrice, "--out", Path.Combine(root, "fork"), "--quiet");
            string held = $"{live}: in use by another flowalp process (pid {first.Id}) that holds .flowalp.lock; wait for it to finish or stop it";
            Assert.Equal((2, "", $"run: {held}\n"), await second.Exit());
            Assert.Equal((2, "", $"resume: {held}\n"), await resume.Exit());
            Assert.Equal((2, "", $"fork: {held}\n"), await forkInto.Exit());
            Assert.Equal((2, "", $"fork {live}: source {live}: a live flowalp process (pid {first.Id}) is writing it; fork it once that run has finished or stopped\n"), await forkFrom.Exit());
            Assert.False(Directory.Exists(Path.Combine(root, "fork")));
            Assert.False(first.HasExited); // the refusals were all made against the live run

            var (code, _, err) = await first.Exit();
            Assert.True(code == 0, err);
            AssertSameOutputs(fixture.Clean, live); // seed 7's results, not seed 9's
            Assert.DoesNotContain("seed 9", File.ReadAllText(Path.Combine(live, "run.log")));
        }
        finally { Directory.Delete(root, true); }
    }

    [Fact]
    public async Task Sigint_stops_at_a_step_boundary_and_resume_continues_from_the_last_snapshot_with_the_uninterrupted_result()
    {
        string root = TempRoot();
        try
        {
            string dir = Path.Combine(root, "run");
            var (stopped, saved) = await Interrupted(dir, "INT");
            Assert.True(stopped == 130);
            Assert.True(saved >= 60, $"saved {saved}");

            using var resume = CliProcess.Start("resume", dir, "--quiet");
            var (code, _, err) = await resume.Exit();
            Assert.True(code == 0, err);
            var log = ResumeLog(dir);
            // from the journal's latest snapshot (taken every 20 steps: the one at the last saved step), not from step 0
            Assert.Contains(log, l => l.EndsWith($"[INF] Restored the state after step {saved} (t = {saved * 60} s) from the journal's snapshot"));
            Assert.DoesNotContain(log, l => l.Contains("re-running from step 0"));
            AssertSameOutputs(fixture.Clean, dir);
            Assert.False(File.Exists(Path.Combine(dir, "timeseries.csv.partial")));
        }
        finally { Directory.Delete(root, true); }
    }

    [Fact]
    public async Task Sigterm_also_stops_resumably_with_exit_130()
    {
        string root = TempRoot();
        try
        {
            var (stopped, saved) = await Interrupted(Path.Combine(root, "run"), "TERM");
            Assert.Equal(130, stopped);
            Assert.True(saved >= 60, $"saved {saved}");
        }
        finally { Directory.Delete(root, true); }
    }

    [Fact]
    public async Task A_tampered_partial_time_series_falls_back_to_an_older_snapshot_or_step_0_and_the_result_is_the_uninterrupted_one()
    {
        string root = TempRoot();
        try
        {
            string killed = Path.Combine(root, "killed");
            var (_, saved) = await Interrupted(killed, "INT");
            string older = Path.Combine(root, "older"), zero = Path.Combine(root, "zero");
            CopyDir(killed, older);
            CopyDir(killed, zero);

            // one digit in the row of the last snapshot's step: that snapshot's prefix no longer verifies, older ones do
            ChangeADigit(Path.Combine(older, "timeseries.csv.partial"), $"{saved * 60},");
            using (var p = CliProcess.Start("resume", older, "--quiet"))
            {
                var (code, _, err) = await p.Exit();
                Assert.True(code == 0, err);
            }
            var log = ResumeLog(older);
            Assert.Contains(log, l => l.Contains($"State snapshot (the journal's snapshot after step {saved}) cannot be used (timeseries.csv.partial: its first ") && l.Contains("do not hash to the snapshot's"));
            long restored = long.Parse(Regex.Match(string.Join("\n", log), @"Restored the state after step (\d+)").Groups[1].Value);
            Assert.InRange(restored, 20, saved - 20);
            AssertSameOutputs(fixture.Clean, older);

            // one digit in the first data row: no snapshot verifies, the run is re-derived from step 0
            ChangeADigit(Path.Combine(zero, "timeseries.csv.partial"), "300,");
            using (var p = CliProcess.Start("resume", zero, "--quiet"))
            {
                var (code, _, err) = await p.Exit();
                Assert.True(code == 0, err);
            }
            log = ResumeLog(zero);
            Assert.Contains(log, l => l.EndsWith("re-running from step 0"));
            Assert.DoesNotContain(log, l => l.Contains("Restored the state"));
            AssertSameOutputs(fixture.Clean, zero);
        }
        finally { Directory.Delete(root, true); }
    }

    /// <summary>Starts the 48 h run, waits for a few state snapshots, signals it: its exit code and the last step its journal holds (from the one line it prints).</summary>
    private async Task<(int Code, long Saved)> Interrupted(string dir, string signal)
    {
        using var p = CliProcess.Start("run", fixture.Scenario, "--quiet", "--out", dir);
        await Until(() => Snapshots(dir) >= 3 || p.HasExited, "three state snapshots");
        Assert.False(p.HasExited);
        p.Signal(signal);
        var (code, _, err) = await p.Exit();
        var line = Assert.Single(Lines(err));
        var m = Regex.Match(line, @"^\[[0-9:]+ WRN\] Stopped \(interrupted\): the journal holds the run up to step (\d+); continue with: flowalp resume (.+)$");
        Assert.True(m.Success, line);
        Assert.Equal(dir, m.Groups[2].Value);
        // the partial outputs and the journal stay for the resume
        foreach (var f in new[] { "timeseries.csv.partial", "events.jsonl.partial", "journal.db", "run.json", "scenario.json" })
            Assert.True(File.Exists(Path.Combine(dir, f)), f);
        Assert.False(File.Exists(Path.Combine(dir, "summary.json")));
        return (code, long.Parse(m.Groups[1].Value));
    }

    /// <summary>run.log's lines from the last resume on.</summary>
    private static List<string> ResumeLog(string dir)
    {
        var lines = File.ReadAllLines(Path.Combine(dir, "run.log"));
        int from = Array.FindLastIndex(lines, l => l.Contains("[INF] Resuming "));
        Assert.True(from >= 0, "no resume in run.log");
        return lines.Skip(from).ToList();
    }

    /// <summary>Changes the last digit of the row that starts with <paramref name="rowStart"/> (same length, different content).</summary>
    private static void ChangeADigit(string file, string rowStart)
    {
        var bytes = File.ReadAllBytes(file);
        string text = System.Text.Encoding.UTF8.GetString(bytes);
        int row = text.IndexOf("\n" + rowStart, StringComparison.Ordinal);
        Assert.True(row >= 0, $"no row starting with {rowStart}");
        int end = text.IndexOf('\n', row + 1);
        int i = end - 1;
        while (!char.IsAsciiDigit(text[i])) i--;
        bytes[i] = (byte)(bytes[i] == '1' ? '2' : '1');
        File.WriteAllBytes(file, bytes);
    }
}

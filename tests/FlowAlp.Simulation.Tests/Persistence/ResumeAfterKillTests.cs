using System.Diagnostics;
using System.Text.Json.Nodes;
using FlowAlp.Simulation.Tests.Scenarios;

namespace FlowAlp.Simulation.Tests.Persistence;

/// <summary>
/// The real `flowalp` process, killed with SIGKILL at random points (seeded) ten times (events mode; three in checkpoint
/// mode) and resumed each time, from the journal's latest state snapshot: the final summary, event log and time series
/// equal those of the same run never interrupted.
/// </summary>
public class ResumeAfterKillTests
{
    private static string Scenario(string dir, string mode) => JsonNode.Parse(TestScenarios.Crash)!.AsObject() is var o
        ? Set(o, dir, mode).ToJsonString() : "";

    private static JsonObject Set(JsonObject o, string dir, string mode)
    {
        o["durationHours"] = 24; // long enough to be killed in the middle
        o["persistence"] = new JsonObject { ["mode"] = mode, ["everySteps"] = 20 };
        o["outputs"] = new JsonObject { ["dir"] = dir };
        return o;
    }

    [Theory]
    [InlineData("events", 10)]
    [InlineData("checkpoint", 3)]
    public async Task Kills_and_resumes_give_the_uninterrupted_result(string mode, int killsWanted)
    {
        string root = Path.Combine(Path.GetTempPath(), $"flowalp-kill-{Guid.NewGuid():N}");
        Directory.CreateDirectory(root);
        try
        {
            string clean = Path.Combine(root, "clean"), killed = Path.Combine(root, "killed");
            File.WriteAllText(Path.Combine(root, "clean.json"), Scenario(clean, mode));
            File.WriteAllText(Path.Combine(root, "killed.json"), Scenario(killed, mode));
            var sw = Stopwatch.StartNew();
            Assert.Equal(0, MalformedScenarioTests.Cli("run", Path.Combine(root, "clean.json"), "--quiet").Code);
            double full = sw.Elapsed.TotalSeconds;

            var rng = new Random(1234);
            int kills = 0, attempts = 0;
            double scale = 1; // shrinks when a process finished before its kill (the machine got faster than the clean run)
            var first = Start("run", Path.Combine(root, "killed.json"), "--quiet");
            await Task.Delay(TimeSpan.FromSeconds(full * (0.1 + 0.5 * rng.NextDouble())));
            kills += Kill(first);
            while (kills < killsWanted && attempts++ < killsWanted * 6)
            {
                // a run that finished before it could be killed has nothing left to resume: start it again from scratch
                bool finished = File.Exists(Path.Combine(killed, "summary.json")); // (only while kills are still wanted)
                if (finished) { Directory.Delete(killed, true); scale /= 2; }
                var p = finished ? Start("run", Path.Combine(root, "killed.json"), "--quiet") : Start("resume", killed, "--quiet");
                await Task.Delay(TimeSpan.FromSeconds(full * scale * (0.2 + 0.7 * rng.NextDouble())));
                int k = Kill(p);
                kills += k;
                if (k == 0) scale /= 2;
            }
            // one more kill once the journal holds a state snapshot, so the last resume surely starts from one (random kills on
            // a slow machine may all land before the first snapshot)
            for (int tries = 0; tries < 5; tries++)
            {
                bool done = File.Exists(Path.Combine(killed, "summary.json"));
                if (done) Directory.Delete(killed, true);
                var p = done ? Start("run", Path.Combine(root, "killed.json"), "--quiet") : Start("resume", killed, "--quiet");
                while (!p.HasExited && !HasSnapshot(killed)) await Task.Delay(50);
                if (Kill(p) == 1) break;
            }
            int logLines = File.ReadAllLines(Path.Combine(killed, "run.log")).Length;
            var (code, _, err) = MalformedScenarioTests.Cli("resume", killed, "--quiet");
            Assert.True(code == 0, err);
            Assert.Equal(File.ReadAllText(Path.Combine(clean, "summary.json")), File.ReadAllText(Path.Combine(killed, "summary.json")));
            Assert.True(File.ReadAllBytes(Path.Combine(clean, "events.jsonl")).SequenceEqual(File.ReadAllBytes(Path.Combine(killed, "events.jsonl"))));
            Assert.True(File.ReadAllBytes(Path.Combine(clean, "timeseries.csv")).SequenceEqual(File.ReadAllBytes(Path.Combine(killed, "timeseries.csv"))));
            // the per-position tracks and population rows are in the runner's snapshot: a resumed run ends with the same tables
            foreach (var f in new[] { "positions.csv", "timeseries-populations.csv" })
                Assert.True(File.ReadAllBytes(Path.Combine(clean, f)).SequenceEqual(File.ReadAllBytes(Path.Combine(killed, f))), f);
            Assert.False(File.Exists(Path.Combine(killed, "events.jsonl.partial")));
            // resumes started from the journal's state snapshots (taken every 20 steps), not from step 0
            var last = File.ReadAllLines(Path.Combine(killed, "run.log")).Skip(logLines).ToList();
            Assert.Contains(last, l => l.Contains("Restored the state after step"));
            Assert.DoesNotContain(File.ReadAllLines(Path.Combine(killed, "run.log")), l => l.Contains("[WRN]"));
            Assert.True(kills >= killsWanted);
        }
        finally { Directory.Delete(root, true); }
    }

    /// <summary>Whether the run's journal already stores a state snapshot (read-only: the run is writing it).</summary>
    private static bool HasSnapshot(string dir)
    {
        string db = Path.Combine(dir, "journal.db");
        if (!File.Exists(db)) return false;
        try
        {
            using var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={db};Mode=ReadOnly;Pooling=False");
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "SELECT count(*) FROM snapshot";
            return Convert.ToInt64(cmd.ExecuteScalar()) > 0;
        }
        catch (Microsoft.Data.Sqlite.SqliteException) { return false; } // not created yet, or busy: ask again
    }

    private static Process Start(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Repo.Root };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "FlowAlp.Cli.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        var p = Process.Start(psi)!;
        p.StandardOutput.ReadToEndAsync();
        p.StandardError.ReadToEndAsync();
        return p;
    }

    /// <summary>SIGKILL (no clean-up runs in the process); 1 if it was still running, 0 if it had already finished.</summary>
    private static int Kill(Process p)
    {
        if (p.HasExited) return 0;
        p.Kill(entireProcessTree: true);
        p.WaitForExit();
        return 1;
    }
}

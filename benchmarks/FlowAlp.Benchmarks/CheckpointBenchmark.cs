using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using FlowAlp.Simulation;
using FlowAlp.Simulation.Persistence;
using FlowAlp.Simulation.Reports;
using FlowAlp.Simulation.Running;
using FlowAlp.Simulation.Scenarios;

namespace FlowAlp.Benchmarks;

/// <summary>
/// `checkpoint [case] [steps] [rounds]`: what persistence costs a whole run as `flowalp run` does it (actor engine, the
/// event log and time series streamed to a folder, the SQLite journal in it): persistence off, the default (checkpoints
/// by wall-clock budget, the journal opened at its first write) and the old default (a checkpoint every 60 steps), in
/// interleaved rounds, with each one's overhead over off. Cases: `301` (config/scenarios/default.json, 480 h of 1-minute
/// steps), `10k` (benchmarks/scenarios/persist-10k.json, 120 steps), `100k` (persist-100k.json, 30 steps), `all`.
/// The steps argument shortens a case; every mode's event log must be the same (checkpoints never change a run).
/// </summary>
public static class CheckpointBenchmark
{
    private sealed record Case(string Name, string File, long Steps);

    private static readonly Case[] Cases =
    [
        new("301", "config/scenarios/default.json", 480 * 60),
        new("10k", "benchmarks/scenarios/persist-10k.json", 120),
        new("100k", "benchmarks/scenarios/persist-100k.json", 30),
    ];

    private static readonly (string Name, JsonObject? Persistence)[] Modes =
    [
        ("off", new JsonObject { ["mode"] = "off" }),
        ("default", null),
        ("every 60", new JsonObject { ["mode"] = "checkpoint", ["everySteps"] = 60 }),
    ];

    public static async Task<int> Run(string which, long? steps, int rounds)
    {
        var cases = which == "all" ? Cases : Cases.Where(c => c.Name == which).ToArray();
        if (cases.Length == 0) { Console.Error.WriteLine($"checkpoint: unknown case '{which}' (301, 10k, 100k, all)"); return 2; }
        string root = FindRoot();
        int failed = 0;
        foreach (var c in cases) failed += await Measure(root, c with { Steps = steps ?? c.Steps }, rounds);
        return failed == 0 ? 0 : 1;
    }

    private static async Task<int> Measure(string root, Case c, int rounds)
    {
        var walls = Modes.ToDictionary(m => m.Name, _ => new List<double>());
        var notes = Modes.ToDictionary(m => m.Name, _ => "");
        var hashes = new HashSet<string>();
        Scenario? shown = null;
        for (int r = 0; r < rounds; r++)
            foreach (var (name, persistence) in Modes)
            {
                var s = Load(root, c, persistence);
                shown ??= s;
                string dir = Path.Combine(Path.GetTempPath(), $"flowalp-ckpt-{Guid.NewGuid():N}");
                Directory.CreateDirectory(dir);
                try
                {
                    var watch = Stopwatch.StartNew();
                    var (result, note) = await RunOnce(s, dir, $"ckpt{r}{name.Replace(" ", "")}");
                    walls[name].Add(watch.Elapsed.TotalSeconds);
                    notes[name] = note;
                    hashes.Add(result.EventLogSha256);
                }
                finally
                {
                    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                    Directory.Delete(dir, recursive: true);
                }
            }
        int n = shown!.Populations.Sum(p => p.Count);
        Console.WriteLine($"{c.Name}: {n:N0} positions × {c.Steps:N0} steps of {shown.StepSeconds} s ({c.File}), actor engine, {rounds} interleaved rounds (median wall s)");
        double off = Median(walls["off"]);
        foreach (var (name, _) in Modes)
        {
            double m = Median(walls[name]);
            string overhead = name == "off" ? "" : $"  overhead {(m / off - 1) * 100:+0.0;-0.0} %";
            Console.WriteLine($"  {name,-9} {m,8:0.00} s  [{string.Join(" ", walls[name].Select(w => w.ToString("0.00", CultureInfo.InvariantCulture)))}]{overhead}  {notes[name]}");
        }
        bool same = hashes.Count == 1;
        Console.WriteLine($"  event logs: {(same ? "identical in every mode" : "DIFFER")}");
        return same ? 0 : 1;
    }

    /// <summary>One run as the CLI does it; the note says what the journal did.</summary>
    private static async Task<(SimulationResult Result, string Note)> RunOnce(Scenario s, string dir, string system)
    {
        using var series = new TimeSeriesStream(s, Path.Combine(dir, "timeseries.csv.partial"));
        RunJournal? journal = s.Persistence.Mode == PersistenceMode.Off ? null
            : await RunJournal.OpenWhenNeeded(s.Persistence, dir, "benchmark", "actors", "run-benchmark", fresh: true);
        try
        {
            var outcome = await RunSession.Run(new RunOptions(s)
            {
                Engine = EngineKind.Actors, EventLogFile = Path.Combine(dir, "events.jsonl.partial"), Journal = journal, OnSample = series.Add, Series = series,
                SystemName = system,
            });
            if (outcome is not RunOutcome.Completed done) throw new InvalidOperationException($"the run did not complete: {outcome}");
            string note = journal is null ? "" : !journal.IsOpen ? "(journal never opened)"
                : $"({journal.Snapshots.Count} snapshots, {journal.Snapshots.Time.TotalSeconds:0.00} s in them)";
            return (done.Result, note);
        }
        finally
        {
            if (journal is not null) await journal.DisposeAsync();
        }
    }

    private static Scenario Load(string root, Case c, JsonObject? persistence)
    {
        var o = JsonNode.Parse(File.ReadAllText(Path.Combine(root, c.File)))!.AsObject();
        long stepSeconds = (long?)o["stepSeconds"] ?? 60;
        o["durationHours"] = c.Steps * stepSeconds / 3600.0;
        o["outputs"] = new JsonObject { ["plots"] = false, ["html"] = false };
        if (persistence is null) o.Remove("persistence");
        else o["persistence"] = persistence.DeepClone();
        return ScenarioParser.Parse(o.ToJsonString(), root);
    }

    private static double Median(List<double> xs)
    {
        var s = xs.Order().ToList();
        return s.Count % 2 == 1 ? s[s.Count / 2] : (s[s.Count / 2 - 1] + s[s.Count / 2]) / 2;
    }

    private static string FindRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "FlowAlp.sln"))) return d.FullName;
        return Directory.GetCurrentDirectory();
    }
}

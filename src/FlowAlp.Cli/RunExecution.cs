using System.Diagnostics;
using FlowAlp.Simulation.Persistence;
using FlowAlp.Simulation.Reports;
using FlowAlp.Simulation.Running;
using FlowAlp.Simulation.Scenarios;
using Serilog;
using Spectre.Console;

namespace FlowAlp.Cli;

/// <summary>
/// One run to its report, shared by `run`, `resume` and `fork`: Serilog (console + run.log), the progress bar, the
/// journal when the scenario persists, the event log streamed to disk, the report. Exit 0 ok, 1 a failed run
/// (conservation broken, journal write failed), 2 bad input (scenario, folder, journal of another scenario).
/// </summary>
internal static class RunExecution
{
    private const string ForRunLogOnly = "ForRunLogOnly";

    private static bool FromPersistencePlugin(Serilog.Events.LogEvent e) =>
        new[] { "SourceContext", "AkkaSource" }.Any(p => e.Properties.TryGetValue(p, out var v) && v.ToString().Contains("persistence", StringComparison.OrdinalIgnoreCase));

    /// <param name="makeEngine">the engine to run on instead of <paramref name="engine"/>'s (cluster mode)</param>
    public static async Task<int> Execute(string label, Scenario s, RunFolder folder, EngineKind engine, bool quiet, bool resume, ForkSpec? fork, CancellationToken cancel,
        Func<FlowAlp.Scripting.Script, FlowAlp.Actors.Pool.EventLogOptions?, ISimulationEngine>? makeEngine = null)
    {
        string dir = folder.Dir;
        try { Directory.CreateDirectory(dir); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"--out: cannot create '{dir}': {e.Message}");
            return 2;
        }
        // a failure is printed once, as "label dir: reason": events marked ForRunLogOnly and the SQL plugin's retries (with
        // their stack traces) go to run.log only
        Log.Logger = new LoggerConfiguration().MinimumLevel.Information()
            .WriteTo.Logger(console => console.Filter.ByExcluding(e => e.Properties.ContainsKey(ForRunLogOnly) || FromPersistencePlugin(e))
                .WriteTo.Console(restrictedToMinimumLevel: quiet ? Serilog.Events.LogEventLevel.Warning : Serilog.Events.LogEventLevel.Information, standardErrorFromLevel: Serilog.Events.LogEventLevel.Verbose))
            .WriteTo.File(Path.Combine(dir, "run.log"), outputTemplate: "{Timestamp:HH:mm:ss.fff} [{Level:u3}] {Message:lj}{NewLine}{Exception}")
            .CreateLogger();
        RunJournal? journal = null;
        // a persistent run always streams its log (a state snapshot records the file's length, not the lines); it is removed at the end unless asked for
        bool persistent = s.Persistence.Mode != PersistenceMode.Off;
        string? partialLog = s.Outputs.EventLog || persistent ? Path.Combine(dir, "events.jsonl.partial") : null;
        string seriesPartial = Path.Combine(dir, "timeseries.csv.partial");
        RunSnapshot? from = null;
        if (fork is not null && !resume && persistent && partialLog is not null)
        {
            try { from = await SourceSnapshot(folder, s, fork, partialLog, seriesPartial); }
            catch (SimulationException e) { Console.Error.WriteLine($"{label} {dir}: {e.Message}"); return 2; }
        }
        // the time series goes to disk as the run takes it (RAM keeps a bounded series for plots); it replaces the report's copy at the end
        using var series = new TimeSeriesStream(s, seriesPartial, keep: resume || from is not null);
        try
        {
            if (s.Persistence.Mode != PersistenceMode.Off)
            {
                // a new run gets a new journal (its id goes into run.json); a resume reopens the one run.json names
                if (!resume) folder = folder with { JournalId = $"run-{Guid.NewGuid():N}" };
                folder.Save();
                var opened = Stopwatch.StartNew();
                journal = await RunJournal.Open(s.Persistence, dir, folder.ScenarioSha256, folder.Engine, folder.JournalId, fresh: !resume);
                if (resume)
                    Log.Information("Resuming {Dir}: the journal holds {Snapshot}{Steps} step records up to step {Last} (opened in {Ms} ms); steps recorded after the snapshot are re-derived and checked",
                        dir, journal.State.Snapshot is { } snap ? $"a state snapshot ({snap.Length / 1048576.0:0.0} MiB) and " : "no state snapshot, ", journal.State.Steps.Count,
                        journal.State.LastStep, opened.ElapsedMilliseconds);
            }
            else if (resume) throw new SimulationException($"{dir}: this scenario does not persist (persistence.mode is off): nothing to resume");
            Log.Information("{Label} {Name} (seed {Seed}): {Agents} agents, {Hours} h in {Steps} steps of {Step} s, engine {Engine}, persistence {Mode}",
                label, s.Name, s.Seed, s.Populations.Sum(p => p.Count), s.DurationSeconds / 3600.0, s.Steps, s.StepSeconds, engine, s.Persistence.Mode);
            var wall = Stopwatch.StartNew();
            SimulationResult result;
            if (quiet || !AnsiConsole.Profile.Capabilities.Interactive)
                result = await SimulationRunner.Run(s, engine, cancel: cancel, eventLogFile: partialLog, journal: journal, fork: fork, onSample: series.Add, series: series, makeEngine: makeEngine, from: from);
            else
                result = await AnsiConsole.Progress()
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                    .StartAsync(async ctx =>
                    {
                        var task = ctx.AddTask(s.Name, maxValue: s.Steps);
                        var r = await SimulationRunner.Run(s, engine, p =>
                        {
                            task.Value = p.Step;
                            double rate = p.Step / Math.Max(wall.Elapsed.TotalSeconds, 1e-3);
                            task.Description = $"{s.Name} t={p.Time.Floor / 3600.0:0.0}h {rate:0} steps/s pos={p.Positions} liq={p.Liquidations} reb={p.Rebalances}";
                        }, cancel, eventLogFile: partialLog, journal: journal, fork: fork, onSample: series.Add, series: series, makeEngine: makeEngine, from: from);
                        task.Value = s.Steps;
                        return r;
                    });
            double seconds = wall.Elapsed.TotalSeconds;
            var summary = RunReport.Write(result, dir);
            series.Dispose();
            File.Move(series.Path, Path.Combine(dir, "timeseries.csv"), overwrite: true);
            if (partialLog is not null && s.Outputs.EventLog) File.Move(partialLog, Path.Combine(dir, "events.jsonl"), overwrite: true);
            else DeletePartialLog(partialLog);
            var last = result.Samples[^1];
            Log.Information("Done in {Wall:0.00} s: {Steps} steps ({Rate:0} steps/s, {PosRate:0} position-steps/s); {Liq} liquidations, {Reb} rebalances, bad debt {Bad}",
                seconds, s.Steps, s.Steps / seconds, s.Steps * (double)last.Positions / seconds, last.Totals.LiquidationsApplied, last.Totals.Rebalances, last.BadDebt);
            foreach (var (name, pop) in summary["populations"]!.AsObject())
                Log.Information("  {Population}: {Positions} positions, survival {Survival}, {Liq} liquidations, fees/position {Fees}",
                    name, pop!["positions"]!.ToString(), pop["survivalRate"]!.ToString(), pop["liquidations"]!.ToString(), pop["rebalancerFeesPerPosition"]!.ToString());
            if (journal is not null)
            {
                var (records, events, writing) = journal.Written;
                Log.Information("Journal ({Backend}, {Mode}): {Records} step records, {Events} events written in {Ms:0} ms of waiting for writes ({Rate:0} events/s)",
                    s.Persistence.Backend, s.Persistence.Mode.ToString().ToLowerInvariant(), records, events, writing.TotalMilliseconds, events / Math.Max(writing.TotalSeconds, 1e-9));
                var (snapshots, lastBytes, snapshotTime) = journal.Snapshots;
                if (snapshots > 0)
                    Log.Information("State snapshots: {Count} stored in {Ms:0} ms ({PerSnapshot:0} ms each; the last {MiB:0.0} MiB)",
                        snapshots, snapshotTime.TotalMilliseconds, snapshotTime.TotalMilliseconds / snapshots, lastBytes / 1048576.0);
            }
            bool conserved = summary["conservation"]!.AsObject().All(c => c.Value!["conserved"]!.GetValue<bool>());
            if (!conserved) Log.Error("Token conservation FAILED: see summary.json");
            Log.Information("Report: {Html}", Path.GetFullPath(Path.Combine(dir, "report.html")));
            return conserved ? 0 : 1;
        }
        catch (SimulationException e)
        {
            DeletePartialLog(partialLog);
            series.Dispose();
            DeletePartialLog(series.Path);
            Log.ForContext(ForRunLogOnly, true).Error("{Message}", e.Message);
            Console.Error.WriteLine($"{label} {dir}: {e.Message}");
            return e.Message.StartsWith("journal: write failed", StringComparison.Ordinal) ? 1 : 2;
        }
        catch (OperationCanceledException)
        {
            DeletePartialLog(partialLog);
            series.Dispose();
            DeletePartialLog(series.Path);
            Log.Warning("Cancelled: no report written");
            return 130;
        }
        finally
        {
            if (journal is not null) await journal.DisposeAsync();
            await Log.CloseAndFlushAsync();
        }
    }

    /// <summary>
    /// A fork starts from its source's latest state snapshot taken before the fork step, when the source still has the
    /// event log and time series up to it: their prefixes are copied into the fork's folder (the source is only read).
    /// Otherwise (none, or the files are gone) the fork re-derives the source from step 0, which gives the same result.
    /// </summary>
    private static async Task<RunSnapshot?> SourceSnapshot(RunFolder fork, Scenario s, ForkSpec spec, string eventLog, string seriesPartial)
    {
        string sourceDir = fork.Fork!["source"]!.GetValue<string>();
        var source = RunFolder.Load(sourceDir);
        if (source.JournalId is null) return null;
        RunSnapshot? snap;
        await using (var journal = await RunJournal.Open(s.Persistence, sourceDir, source.ScenarioSha256, source.Engine, source.JournalId))
            snap = await journal.SnapshotBefore(spec.AtStep);
        if (snap is null) { Log.Information("Fork: the source has no state snapshot before step {Step}; re-running it from step 0", spec.AtStep); return null; }
        static string? Existing(string dir, string name) =>
            File.Exists(Path.Combine(dir, name + ".partial")) ? Path.Combine(dir, name + ".partial") : File.Exists(Path.Combine(dir, name)) ? Path.Combine(dir, name) : null;
        string? log = Existing(sourceDir, "events.jsonl"), csv = Existing(sourceDir, "timeseries.csv");
        if (log is null || csv is null || new FileInfo(log).Length < snap.Engine.Log.FileLength || new FileInfo(csv).Length < snap.SeriesLength)
        {
            Log.Information("Fork: the source's event log or time series no longer reaches its snapshot at step {Step}; re-running it from step 0", snap.Step);
            return null;
        }
        try
        {
            CopyPrefix(log, eventLog, snap.Engine.Log.FileLength);
            CopyPrefix(csv, seriesPartial, snap.SeriesLength);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.Information("Fork: cannot copy the source's outputs up to its snapshot ({Reason}); re-running it from step 0", e.Message);
            return null;
        }
        Log.Information("Fork: starting from the source's state snapshot at step {Step} (the fork changes the future after step {At})", snap.Step, spec.AtStep);
        return snap;
    }

    private static void CopyPrefix(string from, string to, long length)
    {
        using var input = File.OpenRead(from);
        using var output = new FileStream(to, FileMode.Create, FileAccess.Write);
        var buffer = new byte[1 << 20];
        for (long left = length; left > 0;)
        {
            int n = input.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
            if (n == 0) throw new IOException($"{from}: ended before {length} bytes");
            output.Write(buffer, 0, n);
            left -= n;
        }
    }

    private static void DeletePartialLog(string? path)
    {
        if (path is null) return;
        try { File.Delete(path); }
        catch (IOException) { } // best effort: a partial log is never mistaken for a finished one (only events.jsonl is)
    }
}

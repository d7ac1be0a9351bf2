using System.Diagnostics;
using FlowAlp.Simulation.Persistence;
using FlowAlp.Simulation.Reports;
using FlowAlp.Simulation.Running;
using FlowAlp.Simulation.Scenarios;
using Serilog;
using Spectre.Console;

namespace FlowAlp.Cli;

/// <summary>
/// One run to its report, shared by `run`, `resume`, `fork` and `chaos`: the folder checked and locked, Serilog
/// (console + run.log), the progress bar, the journal when the scenario persists, the event log streamed to disk, the
/// report. The run itself is a <see cref="RunSession"/>; its outcome (or the exception's type) becomes the exit code in
/// <see cref="ExitCodes"/>.
/// </summary>
internal static class RunExecution
{
    /// <summary>How <see cref="Execute"/> ended: the exit code, and the result and wall time when the run reached its end (its report is written).</summary>
    public readonly record struct RunEnd(int Code, SimulationResult? Result, double WallSeconds = 0, double HoursRun = 0)
    {
        public static implicit operator RunEnd(int code) => new(code, null);
    }

    /// <summary>A log property: the line goes to run.log only (the console already has it as the one line on stderr).</summary>
    private const string FileOnly = "FileOnly";

    /// <param name="makeEngine">the engine to run on instead of <paramref name="engine"/>'s (cluster mode)</param>
    /// <param name="force">write into an existing folder FlowAlp did not create (beside its files, never over them)</param>
    /// <param name="outOption">where the folder came from, for messages ("--out", or the scenario's "outputs.dir")</param>
    /// <param name="verbose">run.log gets Debug lines too: the tick's phases, injected crashes with their stack traces</param>
    /// <param name="deferEndLine">the caller prints the end line (<see cref="RunProgress.EndLine"/>): its exit code depends on more than the run (chaos)</param>
    public static async Task<RunEnd> Execute(string label, Scenario s, RunFolder folder, EngineKind engine, bool quiet, bool resume, ForkSpec? fork, CancellationToken cancel,
        Func<FlowAlp.Engine.Operations.Script, FlowAlp.Engine.Core.EventLogOptions?, ISimulationEngine>? makeEngine = null, bool force = false, string outOption = "--out",
        bool verbose = false, bool deferEndLine = false)
    {
        // the folder is checked and locked before anything is written into it: a second process into it is refused, and a
        // folder FlowAlp did not make is refused unless forced (see OutputFolder)
        RunLock held;
        try
        {
            string full = OutputFolder.Validate(folder.Dir, resume ? "run folder" : outOption);
            if (resume) OutputFolder.RefuseLinks(full);
            else OutputFolder.Check(full, outOption, force);
            Directory.CreateDirectory(full);
            held = RunLock.Acquire(full);
            OutputFolder.WriteManifest(full);
        }
        catch (SimulationException e)
        {
            Console.Error.WriteLine($"{label}: {e.Message}");
            return ExitCodes.For(e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"{label}: {outOption}: cannot create '{folder.Dir}': {e.Message}");
            return ExitCodes.BadInput;
        }
        RunEnd end;
        using (held) end = await ExecuteLocked(label, s, folder, engine, quiet, resume, fork, cancel, makeEngine, verbose);
        // every finished run ends with one line, --quiet or not: its pace, where the results are, what the exit code means
        if (end.Result is not null && !deferEndLine)
            Console.Out.WriteLine(RunProgress.EndLine(label, s.Name, end.HoursRun, end.WallSeconds, folder.Dir, end.Code,
                end.Code == ExitCodes.Ok ? "done" : "token conservation FAILED (see summary.json)", s.Outputs.Html));
        return end;
    }

    private static async Task<RunEnd> ExecuteLocked(string label, Scenario s, RunFolder folder, EngineKind engine, bool quiet, bool resume, ForkSpec? fork, CancellationToken cancel,
        Func<FlowAlp.Engine.Operations.Script, FlowAlp.Engine.Core.EventLogOptions?, ISimulationEngine>? makeEngine, bool verbose)
    {
        string dir = folder.Dir;
        // the console gets the story, run.log the details: exceptions (Akka's own failure logs), the one line of each crash
        // a chaos fault injected, and the failure lines this class prints itself (as one line on stderr) go to run.log only
        var injectedCrashes = Serilog.Filters.Matching.FromSource<FlowAlp.Actors.Pool.ChildRestartStrategy>();
        Log.Logger = new LoggerConfiguration().MinimumLevel.Is(verbose ? Serilog.Events.LogEventLevel.Debug : Serilog.Events.LogEventLevel.Information)
            .WriteTo.Logger(c => c.Filter.ByExcluding(e => e.Exception is not null || e.Properties.ContainsKey(FileOnly) || injectedCrashes(e))
                .WriteTo.Console(restrictedToMinimumLevel: quiet ? Serilog.Events.LogEventLevel.Warning : Serilog.Events.LogEventLevel.Information,
                    standardErrorFromLevel: Serilog.Events.LogEventLevel.Verbose, outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj}{NewLine}"))
            .WriteTo.File(Path.Combine(dir, "run.log"), outputTemplate: "{Timestamp:HH:mm:ss.fff} [{Level:u3}] {Message:lj}{NewLine}{Exception}")
            .CreateLogger();
        RunJournal? journal = null;
        // a persistent run always streams its log (a state snapshot records the file's length, not the lines); it is removed at the end unless asked for
        bool persistent = s.Persistence.Mode != PersistenceMode.Off;
        string? partialLog = s.Outputs.EventLog || persistent ? Path.Combine(dir, "events.jsonl.partial") : null;
        string seriesPartial = Path.Combine(dir, "timeseries.csv.partial");
        RunSnapshot? from = null;
        TimeSeriesStream? series = null;
        try
        {
            if (fork is not null && !resume && persistent && partialLog is not null)
            {
                try { from = await ForkSource.Snapshot(folder, s, fork, partialLog, seriesPartial); }
                catch (SimulationException e) { Console.Error.WriteLine($"{label} {dir}: {e.Message}"); return ExitCodes.For(e); }
            }
            if (resume && !persistent) throw new SimulationException($"{dir}: this scenario does not persist (persistence.mode is off): nothing to resume");
            if (persistent)
            {
                // a new run gets a new journal (its id goes into run.json); a resume reopens the one run.json names
                if (!resume) folder = folder with { JournalId = $"run-{Guid.NewGuid():N}" };
                folder.Save();
                var opened = Stopwatch.StartNew();
                // opened at its first write unless there is one to read (a resume): a run shorter than its first checkpoint opens none
                journal = await RunJournal.OpenWhenNeeded(s.Persistence, dir, folder.ScenarioSha256, folder.Engine, folder.JournalId, fresh: !resume);
                // finished: the journal says so, or there is none (the run ended before its first checkpoint) and its outputs are whole
                if (resume && (journal.State.Completed is not null || !journal.IsOpen) && File.Exists(Path.Combine(dir, "summary.json"))
                    && !File.Exists(seriesPartial) && (partialLog is null || !File.Exists(partialLog)))
                {
                    Log.Information("Resume: the run already finished; nothing to do");
                    Console.Out.WriteLine($"{label} {dir}: already finished: results in {Path.GetFullPath(dir)}");
                    return ExitCodes.Ok;
                }
                if (resume && !journal.IsOpen)
                    Log.Information("Resuming {Dir}: the run wrote no journal (it stopped before its first checkpoint); re-running it from step 0", dir);
                else if (resume)
                    Log.Information("Resuming {Dir}: the journal holds {Snapshot}{Steps} step records up to step {Last} (opened in {Ms} ms); steps recorded after the snapshot are re-derived and checked",
                        dir, journal.State.Snapshot is { } snap ? $"a state snapshot ({snap.Length / 1048576.0:0.0} MiB) and " : "no state snapshot, ", journal.State.Steps.Count,
                        journal.State.LastStep, opened.ElapsedMilliseconds);
            }
            // the time series goes to disk as the run takes it (RAM keeps a bounded series for plots); it replaces the report's copy at the end
            series = new TimeSeriesStream(s, seriesPartial, keep: resume || from is not null);
            Log.Information("{Label} {Name} (seed {Seed}): {Agents} agents, {Hours} h in {Steps} steps of {Step} s, engine {Engine}, persistence {Mode}",
                label, s.Name, s.Seed, s.Populations.Sum(p => p.Count), s.DurationSeconds / 3600.0, s.Steps, s.StepSeconds, engine, s.Persistence.Mode);
            foreach (var (token, bridged) in s.Prices.Where(p => p.Value is CsvBridgePrice).Select(p => (p.Key, (CsvBridgePrice)p.Value)))
                Log.Information("{Token}: a bridge through the {Points} records of {File}, intraday volatility {Volatility:0.####} ({How})",
                    token, bridged.Pins.Count, bridged.File, bridged.Volatility, bridged.Calibrated ? "calibrated from the records" : "given");
            var wall = Stopwatch.StartNew();
            var options = new RunOptions(s)
            {
                Engine = engine, Cancel = cancel, EventLogFile = partialLog, Journal = journal, Fork = fork, OnSample = series.Add, Series = series,
                MakeEngine = makeEngine, RestoreFrom = from, Verbose = verbose,
            };
            RunOutcome outcome;
            double totalHours = s.DurationSeconds / 3600.0;
            var clock = new RunProgress.Clock(totalHours, s.SampleEverySteps * (double)s.StepSeconds / 3600.0);
            if (quiet)
                outcome = await RunSession.Run(options with { Progress = p => clock.Observe(p.Time.Floor / 3600.0) });
            else if (!AnsiConsole.Profile.Capabilities.Interactive)
            {
                // no terminal to redraw (a CI log, a pipe): the pace as a log line every 10 s of wall time
                var lastLine = TimeSpan.Zero;
                outcome = await RunSession.Run(options with
                {
                    Progress = p =>
                    {
                        string pace = clock.Observe(p.Time.Floor / 3600.0);
                        if (wall.Elapsed - lastLine < TimeSpan.FromSeconds(10)) return;
                        lastLine = wall.Elapsed;
                        Log.Information("{Name}: {Pace}; {Positions} positions, {Liq} liquidations, {Reb} rebalances", s.Name, pace, p.Positions, p.Liquidations, p.Rebalances);
                    },
                });
            }
            else
                outcome = await AnsiConsole.Progress()
                    .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                    .StartAsync(async ctx =>
                    {
                        var task = ctx.AddTask(Markup.Escape(s.Name), maxValue: s.Steps);
                        var r = await RunSession.Run(options with
                        {
                            Progress = p =>
                            {
                                task.Value = p.Step;
                                task.Description = Markup.Escape($"{s.Name} {clock.Observe(p.Time.Floor / 3600.0)} · liq={p.Liquidations} reb={p.Rebalances}");
                            },
                        });
                        if (r is RunOutcome.Completed) task.Value = s.Steps;
                        return r;
                    });
            if (outcome is not RunOutcome.Completed done) return Stopped(label, dir, outcome, series, partialLog, persistent);
            var result = done.Result;
            double seconds = wall.Elapsed.TotalSeconds, hoursRun = clock.HoursRun(totalHours);
            var outputs = new FlowAlp.Reporting.OutputTimings(); // per phase, for run.log at Debug level (--verbose)
            string? finishedLog = partialLog is not null && s.Outputs.EventLog ? partialLog : null; // events.parquet is made from it beside the report
            var summary = RunReport.Write(result, dir, ForkOrigin.Of(folder, s), outputs, finishedLog);
            series.Dispose();
            File.Move(series.Path, Path.Combine(dir, "timeseries.csv"), overwrite: true);
            if (partialLog is not null && s.Outputs.EventLog) File.Move(partialLog, Path.Combine(dir, "events.jsonl"), overwrite: true);
            else DeletePartial(partialLog);
            ParquetOutputs.Write(dir, s.StepSeconds, outputs, positionsWritten: true, eventsWritten: finishedLog is not null); // typed copies of the finished text files, for pandas/Arrow
            Log.Debug("Outputs in {Ms:0} ms: {Phases}", outputs.Elapsed.TotalMilliseconds, outputs.ToString());
            var last = result.Samples[^1];
            Log.Information("Done in {Wall:0.00} s: {Steps} steps ({Rate:0} steps/s, {SimRate} simulated h/s, {PosRate:0} position-steps/s); {Liq} liquidations, {Reb} rebalances, bad debt {Bad}",
                seconds, s.Steps, s.Steps / seconds, RunProgress.Rate(hoursRun / seconds), s.Steps * (double)last.Positions / seconds, last.Totals.LiquidationsApplied, last.Totals.Rebalances, last.BadDebt);
            foreach (var (name, pop) in summary["populations"]!.AsObject())
                Log.Information("  {Population}: {Positions} positions, survival {Survival}, {Liq} liquidations, fees/position {Fees}",
                    name, pop!["positions"]!.ToString(), pop["survivalRate"]!.ToString(), pop["liquidations"]!.ToString(), pop["rebalancerFeesPerPosition"]!.ToString());
            if (journal is { IsOpen: false })
                Log.Information("Journal: not opened (no checkpoint was due: {Policy})", s.Persistence.EverySteps is { } every ? $"every {every} steps" : "wall-clock budget");
            else if (journal is not null)
            {
                var (records, events, writing) = journal.Written;
                Log.Information("Journal ({Backend}, {Mode}): {Records} step records, {Events} events written in {Ms:0} ms of waiting for writes ({Rate:0} events/s)",
                    s.Persistence.Backend, s.Persistence.Mode.ToString().ToLowerInvariant(), records, events, writing.TotalMilliseconds, events / Math.Max(writing.TotalSeconds, 1e-9));
                var (snapshots, lastBytes, snapshotTime) = journal.Snapshots;
                if (snapshots > 0)
                    Log.Information("State snapshots: {Count} stored in {Ms:0} ms ({PerSnapshot:0} ms each; the last {MiB:0.0} MiB)",
                        snapshots, snapshotTime.TotalMilliseconds, snapshotTime.TotalMilliseconds / snapshots, lastBytes / 1048576.0);
            }
            if (!done.Conserved) Log.Error("Token conservation FAILED: see summary.json");
            if (s.Outputs.Html) Log.ForContext(FileOnly, true).Information("Report: {Html}", Path.GetFullPath(Path.Combine(dir, "report.html")));
            return new RunEnd(ExitCodes.For(outcome), result, seconds, hoursRun);
        }
        catch (JournalWriteException e) { return Stopped(label, dir, new RunOutcome.JournalFailed(e.SavedStep, e.Message), series, partialLog, persistent); }
        catch (SimulationException e)
        {
            Stop(series, partialLog, persistent);
            Log.ForContext(FileOnly, true).Error("{Message}", e.Message);
            Console.Error.WriteLine($"{label} {dir}: {e.Message}");
            return ExitCodes.For(e);
        }
        catch (OperationCanceledException) { return Stopped(label, dir, new RunOutcome.Interrupted(journal?.Saved), series, partialLog, persistent); }
        // an output could not be written (ENOSPC, a read-only disk) after the run, e.g. the report
        catch (IOException e) when (!IsOurBug(e)) { return Stopped(label, dir, new RunOutcome.OutputsFailed(journal?.Saved, e.Message), series, partialLog, persistent); }
        finally
        {
            series?.Dispose();
            if (journal is not null) await journal.DisposeAsync();
            try { await Log.CloseAndFlushAsync(); }
            catch (IOException) { } // run.log's last lines when the disk is full: the one line on stderr has said why
        }
    }

    /// <summary>A run that did not reach its end: its partial outputs kept or removed (<see cref="Stop"/>), the one line saying why and how to continue, the exit code.</summary>
    private static int Stopped(string label, string dir, RunOutcome outcome, TimeSeriesStream? series, string? partialLog, bool persistent)
    {
        Stop(series, partialLog, persistent);
        switch (outcome)
        {
            case RunOutcome.Interrupted i:
                // SIGINT / SIGTERM: the runner stopped at a step boundary; the journal, its snapshots and the partial outputs stay
                if (persistent && i.SavedStep is { } step)
                    Log.Warning("Stopped (interrupted): the journal holds the run up to step {Step}; continue with: flowalp resume {Dir}", step, dir);
                else Log.Warning("Stopped (interrupted): no report written (this scenario does not persist, so there is nothing to resume)");
                break;
            case RunOutcome.JournalFailed j:
                // the journal could not write (disk full, database gone): what it saved stays resumable
                Log.ForContext(FileOnly, true).Error("{Message}", j.Reason);
                Console.Error.WriteLine($"{label} {dir}: {j.Reason}{(persistent ? $"; continue with: flowalp resume {dir}" : "")}");
                break;
            case RunOutcome.OutputsFailed o:
                // an output could not be written (ENOSPC, a read-only disk): the run stops with what was saved, resumable
                Log.ForContext(FileOnly, true).Error("{Message}", o.Reason);
                Console.Error.WriteLine($"{label} {dir}: cannot write its outputs ({o.Reason})"
                    + (persistent && o.SavedStep is { } saved ? $"; the journal holds the run up to step {saved}: continue with: flowalp resume {dir} once there is room" : ""));
                break;
        }
        return ExitCodes.For(outcome);
    }

    /// <summary>
    /// A run that stops before its end: a persistent run keeps its partial outputs (a state snapshot refers to their
    /// prefixes, so a resume continues from it); a run that does not persist cannot be resumed, and its partial files go.
    /// </summary>
    private static void Stop(TimeSeriesStream? series, string? partialLog, bool persistent)
    {
        try { series?.Dispose(); }
        catch (IOException) { } // the disk is full: what was flushed stays, and the snapshot's hash tells a resume whether it suffices
        if (persistent) return;
        DeletePartial(partialLog);
        if (series is not null) DeletePartial(series.Path);
    }

    /// <summary>IOExceptions that are not about the disk (a bug, e.g. a closed stream) keep their stack trace.</summary>
    private static bool IsOurBug(IOException e) => e is EndOfStreamException;

    private static void DeletePartial(string? path)
    {
        if (path is null) return;
        try { File.Delete(path); }
        catch (IOException) { } // best effort: a partial log is never mistaken for a finished one (only events.jsonl is)
    }
}

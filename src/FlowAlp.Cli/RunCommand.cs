using System.CommandLine;
using System.Diagnostics;
using FlowAlp.Simulation.Reports;
using FlowAlp.Simulation.Running;
using FlowAlp.Simulation.Scenarios;
using Serilog;
using Spectre.Console;

namespace FlowAlp.Cli;

/// <summary>
/// `flowalp run [SCENARIO]`: runs a scenario to the end with a live progress bar and writes the report folder
/// (timeseries.csv, summary.json, plots, report.html, events.jsonl, run.log). Exit 2 for a bad scenario or arguments.
/// </summary>
internal static class RunCommand
{
    public const string DefaultScenario = "config/scenarios/default.json";

    public static Command Create()
    {
        var scenario = new Argument<string>("scenario") { Description = "scenario file (JSON), see config/scenarios/README.md", DefaultValueFactory = _ => DefaultScenario };
        var output = new Option<string?>("--out") { Description = "output folder (default: the scenario's outputs.dir)" };
        var engine = new Option<string>("--engine") { Description = "actors (default) or plain (the single-threaded baseline; same results)", DefaultValueFactory = _ => "actors" };
        engine.AcceptOnlyFromAmong("actors", "plain");
        var seed = new Option<ulong?>("--seed") { Description = "override the scenario's seed" };
        var quiet = new Option<bool>("--quiet") { Description = "no progress bar (for scripts and CI)" };
        var cmd = new Command("run", "Run a simulated market from a scenario file and write its report") { scenario, output, engine, seed, quiet };
        cmd.SetAction((parse, cancel) => Run(parse.GetValue(scenario)!, parse.GetValue(output), parse.GetValue(engine) == "plain" ? EngineKind.Plain : EngineKind.Actors,
            parse.GetValue(seed), parse.GetValue(quiet), cancel));
        return cmd;
    }

    public static async Task<int> Run(string path, string? outDir, EngineKind engine, ulong? seed, bool quiet, CancellationToken cancel)
    {
        Scenario s;
        try { s = ScenarioParser.Load(path); }
        catch (ScenarioException e)
        {
            Console.Error.WriteLine($"scenario {path}: {e.Message}");
            return 2;
        }
        if (seed is { } sd) s = s with { Seed = sd };
        string dir = outDir ?? s.Outputs.Dir;
        try { Directory.CreateDirectory(dir); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"--out: cannot create '{dir}': {e.Message}");
            return 2;
        }
        Log.Logger = new LoggerConfiguration().MinimumLevel.Information()
            .WriteTo.Console(restrictedToMinimumLevel: quiet ? Serilog.Events.LogEventLevel.Warning : Serilog.Events.LogEventLevel.Information, standardErrorFromLevel: Serilog.Events.LogEventLevel.Verbose)
            .WriteTo.File(Path.Combine(dir, "run.log"), outputTemplate: "{Timestamp:HH:mm:ss.fff} [{Level:u3}] {Message:lj}{NewLine}{Exception}")
            .CreateLogger();
        try
        {
            Log.Information("Scenario {Name} (seed {Seed}): {Agents} agents, {Hours} h in {Steps} steps of {Step} s, engine {Engine}",
                s.Name, s.Seed, s.Populations.Sum(p => p.Count), s.DurationSeconds / 3600.0, s.Steps, s.StepSeconds, engine);
            var wall = Stopwatch.StartNew();
            // the event log streams to disk as it is written (a large run would not fit it in memory); renamed when complete
            string? partialLog = s.Outputs.EventLog ? Path.Combine(dir, "events.jsonl.partial") : null;
            SimulationResult result;
            if (quiet || !AnsiConsole.Profile.Capabilities.Interactive)
                result = await SimulationRunner.Run(s, engine, cancel: cancel, eventLogFile: partialLog);
            else
                result = await AnsiConsole.Progress()
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                    .StartAsync(async ctx =>
                    {
                        var task = ctx.AddTask($"{s.Name}", maxValue: s.Steps);
                        var r = await SimulationRunner.Run(s, engine, p =>
                        {
                            task.Value = p.Step;
                            double rate = p.Step / Math.Max(wall.Elapsed.TotalSeconds, 1e-3);
                            task.Description = $"{s.Name} t={p.Time.Floor / 3600.0:0.0}h {rate:0} steps/s pos={p.Positions} liq={p.Liquidations} reb={p.Rebalances}";
                        }, cancel, eventLogFile: partialLog);
                        task.Value = s.Steps;
                        return r;
                    });
            double simSeconds = wall.Elapsed.TotalSeconds;
            var summary = RunReport.Write(result, dir);
            if (partialLog is not null) File.Move(partialLog, Path.Combine(dir, "events.jsonl"), overwrite: true);
            var last = result.Samples[^1];
            Log.Information("Done in {Wall:0.00} s: {Steps} steps ({Rate:0} steps/s, {PosRate:0} position-steps/s); {Liq} liquidations, {Reb} rebalances, bad debt {Bad}",
                simSeconds, s.Steps, s.Steps / simSeconds, s.Steps * (double)last.Positions / simSeconds, last.Totals.LiquidationsApplied, last.Totals.Rebalances, last.BadDebt);
            foreach (var (name, pop) in summary["populations"]!.AsObject())
                Log.Information("  {Population}: {Positions} positions, survival {Survival}, {Liq} liquidations, fees/position {Fees}",
                    name, pop!["positions"]!.ToString(), pop["survivalRate"]!.ToString(), pop["liquidations"]!.ToString(), pop["rebalancerFeesPerPosition"]!.ToString());
            bool conserved = summary["conservation"]!.AsObject().All(c => c.Value!["conserved"]!.GetValue<bool>());
            if (!conserved) Log.Error("Token conservation FAILED: see summary.json");
            Log.Information("Report: {Html}", Path.GetFullPath(Path.Combine(dir, "report.html")));
            return conserved ? 0 : 1;
        }
        catch (SimulationException e)
        {
            DeletePartialLog(dir);
            Log.Error("{Message}", e.Message);
            Console.Error.WriteLine($"scenario {path}: {e.Message}");
            return 2;
        }
        catch (OperationCanceledException)
        {
            DeletePartialLog(dir);
            Log.Warning("Cancelled: no report written");
            return 130;
        }
        finally { await Log.CloseAndFlushAsync(); }
    }

    private static void DeletePartialLog(string dir)
    {
        try { File.Delete(Path.Combine(dir, "events.jsonl.partial")); }
        catch (IOException) { } // best effort: a partial log is never mistaken for a finished one (only events.jsonl is)
    }
}

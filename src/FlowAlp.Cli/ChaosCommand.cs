using System.CommandLine;
using FlowAlp.Simulation.Reports;
using FlowAlp.Simulation.Chaos;
using FlowAlp.Simulation.Persistence;
using FlowAlp.Simulation.Running;
using FlowAlp.Simulation.Scenarios;

namespace FlowAlp.Cli;

/// <summary>
/// `flowalp chaos SCENARIO`: a run with its fault schedule and the live invariants on (every step unless the scenario
/// says otherwise, violations recorded); the report gets a chaos section. Exit 1 when an invariant was violated.
/// </summary>
internal static class ChaosCommand
{
    public static Command Create()
    {
        var scenario = new Argument<string>("scenario") { Description = "a scenario with a faults section (config/scenarios/chaos/)" };
        var output = new Option<string?>("--out") { Description = "output folder (default: the scenario's outputs.dir)" };
        var engine = new Option<string>("--engine") { Description = "actors (default) or plain", DefaultValueFactory = _ => "actors" };
        engine.AcceptOnlyFromAmong("actors", "plain");
        var seed = new Option<ulong?>("--seed") { Description = "override the scenario's seed" };
        var quiet = new Option<bool>("--quiet") { Description = "no progress bar" };
        var set = new Option<string[]>("--set") { Description = "override a scenario field: path=value (repeatable), e.g. faults=[…] to compare a schedule without one fault (see the examples)" };
        var force = new Option<bool>("--force") { Description = "write into an existing folder FlowAlp did not create (beside its files; refused where a name FlowAlp writes is taken)" };
        var verbose = new Option<bool>("--verbose") { Description = "run.log also gets Debug lines: the tick's phases, and the stack traces of crashes a chaos fault injected (one line each otherwise)" };
        var cmd = new Command("chaos", "Run a chaos experiment: scheduled faults, live invariants, a chaos report") { scenario, output, engine, seed, quiet, set, force, verbose };
        cmd.SetAction((p, cancel) => Run(p.GetValue(scenario)!, p.GetValue(output), p.GetValue(engine) == "plain" ? EngineKind.Plain : EngineKind.Actors,
            p.GetValue(seed), p.GetValue(quiet), cancel, p.GetValue(set) ?? [], p.GetValue(force), p.GetValue(verbose)));
        return cmd;
    }

    private static async Task<int> Run(string path, string? outDir, EngineKind engine, ulong? seed, bool quiet, CancellationToken cancel, string[] sets, bool force, bool verbose)
    {
        Scenario s;
        string json, baseDir;
        try
        {
            (s, json, baseDir) = RunCommand.Load(path, sets, seed);
            if (s.Faults.Count == 0) throw new ScenarioException("faults", "a chaos run needs at least one fault (see config/scenarios/README.md)");
        }
        catch (ScenarioException e)
        {
            Console.Error.WriteLine($"scenario {path}: {InputErrors.Line(e)}");
            return 2;
        }
        if (s.Invariants.EverySteps == 0) s = s with { Invariants = new InvariantSpec(1, StopOnViolation: false) };
        var folder = new RunFolder(outDir ?? s.Outputs.Dir, json, engine == EngineKind.Plain ? "plain" : "actors", baseDir);
        var end = await RunExecution.Execute("chaos", s, folder, engine, quiet, resume: false, fork: null, cancel, force: force, outOption: outDir is null ? "outputs.dir" : "--out", verbose: verbose, deferEndLine: true);
        if (end.Code != ExitCodes.Ok || end.Result?.Chaos is not { } chaos) return EndLine(end, end.Code, "token conservation FAILED (see summary.json)");
        Console.Error.WriteLine($"chaos: {chaos.Injected.Count} faults injected, {chaos.InvariantChecks} invariant checks, {chaos.Violations.Count} violations");
        // the message tallies per exchange, as the report counts them (each exchange once)
        if (ChaosReport.MessageTotals(end.Result, chaos) is { } t)
            Console.Error.WriteLine($"chaos: messages {t.DroppedCopies} dropped, {t.Retried} round trips retried, {t.Lost} lost, {t.Delayed} delayed, {t.Duplicated} duplicated");
        return chaos.Violations.Count == 0 ? EndLine(end, ExitCodes.Ok, "done, no invariant violated")
            : EndLine(end, ExitCodes.Failed, $"{chaos.Violations.Count} invariant violations (see the report's chaos section)");

        // the run's end line (RunProgress.EndLine) last, once the exit code is known
        int EndLine(RunExecution.RunEnd e, int code, string meaning)
        {
            if (e.Result is not null) Console.Out.WriteLine(RunProgress.EndLine("chaos", s.Name, e.HoursRun, e.WallSeconds, folder.Dir, code, meaning, s.Outputs.Html));
            return code;
        }
    }
}

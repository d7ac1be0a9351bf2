using System.CommandLine;
using System.Text.Json;
using FlowAlp.Simulation.Persistence;
using FlowAlp.Simulation.Running;
using FlowAlp.Simulation.Scenarios;

namespace FlowAlp.Cli;

/// <summary>
/// `flowalp fork RUN_DIR --at STEP [--scenario OVERRIDES] [--set PATH=VALUE …] [--faults FILE [--replace-faults]] --out NEW_DIR`: a new run that
/// follows the source run up to STEP and then changes its future: new price processes (continuing from the price at the
/// fork), new pool or token parameters (governance right after STEP), new faults (each starting after STEP). What can
/// change is decided by <see cref="ForkPlanner"/>. The source folder is only read.
/// </summary>
internal static class ForkCommand
{
    public static Command Create()
    {
        var dir = new Argument<string>("run-dir") { Description = "the source run's folder (it is not modified)" };
        var at = new Option<long>("--at") { Description = "the step after which the future changes", Required = true };
        var set = new Option<string[]>("--set") { Description = "a future change: prices.TOKEN.field=value, tokens[i].SETTING=value, pool.SETTING=value or faults=[…] (repeatable)" };
        var scenario = new Option<string?>("--scenario") { Description = "a JSON file of future changes: {\"prices\": {TOKEN: process}, \"tokens\": {SYMBOL: {setting: value}}, \"pool\": {setting: value}, \"faults\": […]}" };
        var faults = new Option<string?>("--faults") { Description = "a JSON file of new faults (an array, or an object with a \"faults\" array), each starting after --at" };
        var replace = new Option<bool>("--replace-faults") { Description = "the new faults replace the source's faults that start after --at (default: added to them)" };
        var output = new Option<string>("--out") { Description = "the fork's folder", Required = true };
        var quiet = new Option<bool>("--quiet") { Description = "no progress bar" };
        var force = new Option<bool>("--force") { Description = "write into an existing folder FlowAlp did not create (beside its files; refused where a name FlowAlp writes is taken)" };
        var cmd = new Command("fork", "Branch a new run from a recorded run at a step, with different future prices, parameters or faults") { dir, at, scenario, set, faults, replace, output, quiet, force };
        cmd.SetAction((p, cancel) => Run(p.GetValue(dir)!, p.GetValue(at), p.GetValue(scenario), p.GetValue(set) ?? [], p.GetValue(faults), p.GetValue(replace), p.GetValue(output)!,
            p.GetValue(quiet), p.GetValue(force), cancel));
        return cmd;
    }

    private static async Task<int> Run(string sourceDir, long at, string? scenarioFile, string[] sets, string? faultsFile, bool replaceFaults, string outDir, bool quiet, bool force, CancellationToken cancel)
    {
        RunFolder folder;
        Scenario s;
        ForkSpec fork;
        try
        {
            string outFull = OutputFolder.Validate(outDir, "--out");
            var source = RunFolder.Load(sourceDir);
            if (outFull == Path.TrimEndingDirectorySeparator(Path.GetFullPath(sourceDir))) throw ScenarioException.Argument("out", "must differ from the source run's folder");
            // the source is only read; one that a live process is still writing is not a recorded run yet
            if (RunLock.HeldBy(sourceDir) is { } pid)
                throw new SimulationException($"source {sourceDir}: a live flowalp process (pid {pid}) is writing it; fork it once that run has finished or stopped");
            string? fileFaults = null;
            if (scenarioFile is not null)
            {
                (var fileSets, fileFaults) = ForkOverridesFile.Read(ShippedFiles.Resolve(scenarioFile), source.ScenarioJson);
                sets = [.. fileSets, .. sets]; // --set after the file wins where both change a field
            }
            if (sets.Length == 0 && faultsFile is null && fileFaults is null) throw ScenarioException.Argument("set", "a fork needs at least one --scenario, --set or --faults");
            if (fileFaults is not null && faultsFile is not null) throw ScenarioException.Argument("faults", "give new faults once (in --scenario's \"faults\" or with --faults)");
            if (replaceFaults && faultsFile is null && fileFaults is null) throw ScenarioException.Argument("replace-faults", "needs --faults FILE or faults in --scenario");
            var overrides = sets.Select(ScenarioOverrides.ParseOne).ToList();
            var newFaults = faultsFile is null ? fileFaults : ReadFaults(ShippedFiles.Resolve(faultsFile));
            fork = ForkPlanner.Plan(source.ScenarioJson, source.BaseDir, at, overrides, newFaults, replaceFaults);
            var record = new ForkRecord(Path.GetFullPath(sourceDir), at, sets, newFaults, newFaults is null ? null : replaceFaults);
            folder = source with { Dir = outDir, Fork = record };
            s = folder.Scenario();
        }
        catch (Exception e) when (e is SimulationException or ScenarioException)
        {
            Console.Error.WriteLine($"fork {sourceDir}: {InputErrors.Line(e)}");
            return 2;
        }
        return (await RunExecution.Execute("fork", s, folder, folder.EngineKind, quiet, resume: false, fork, cancel, force: force)).Code;
    }

    /// <summary>The faults file: a JSON array of faults, or an object with a "faults" array (a scenario file works too); the array's text.</summary>
    private static string ReadFaults(string file)
    {
        string text = InputFile.ReadText(file, ScenarioLimits.MaxJsonBytes, reason => ScenarioException.Argument("faults", reason));
        using var doc = FlowAlp.Scripting.StrictJson.Parse(text, problem => ScenarioException.Argument("faults", $"'{file}': {problem}"));
        var root = doc.RootElement;
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("faults", out var inner)) root = inner;
        if (root.ValueKind != JsonValueKind.Array)
            throw ScenarioException.Argument("faults", $"'{file}' must hold a JSON array of faults or an object with a \"faults\" array");
        return root.GetRawText();
    }
}

using System.CommandLine;
using System.Text.Json.Nodes;
using FlowAlp.Simulation.Persistence;
using FlowAlp.Simulation.Running;
using FlowAlp.Simulation.Scenarios;

namespace FlowAlp.Cli;

/// <summary>
/// `flowalp fork RUN_DIR --at STEP --set prices.TOKEN.field=value … --out NEW_DIR`: a new run that follows the source run
/// up to STEP and then new price processes (continuing from the price at the fork). The source folder is only read.
/// </summary>
internal static class ForkCommand
{
    public static Command Create()
    {
        var dir = new Argument<string>("run-dir") { Description = "the source run's folder (it is not modified)" };
        var at = new Option<long>("--at") { Description = "the step after which the future changes", Required = true };
        var set = new Option<string[]>("--set") { Description = "a future price change: prices.TOKEN.field=value (repeatable)", Required = true };
        var output = new Option<string>("--out") { Description = "the fork's folder", Required = true };
        var quiet = new Option<bool>("--quiet") { Description = "no progress bar" };
        var cmd = new Command("fork", "Branch a new run from a recorded run at a step, with different future prices") { dir, at, set, output, quiet };
        cmd.SetAction((p, cancel) => Run(p.GetValue(dir)!, p.GetValue(at), p.GetValue(set) ?? [], p.GetValue(output)!, p.GetValue(quiet), cancel));
        return cmd;
    }

    private static async Task<int> Run(string sourceDir, long at, string[] sets, string outDir, bool quiet, CancellationToken cancel)
    {
        RunFolder folder;
        Scenario s;
        ForkSpec fork;
        try
        {
            var source = RunFolder.Load(sourceDir);
            if (Path.GetFullPath(outDir) == Path.GetFullPath(sourceDir)) throw new ScenarioException("--out", "must differ from the source run's folder");
            var overrides = sets.Select(ScenarioOverrides.ParseOne).ToList();
            fork = RunFolder.ForkSpecFrom(source.ScenarioJson, source.BaseDir, at, overrides);
            var record = new JsonObject { ["source"] = Path.GetFullPath(sourceDir), ["atStep"] = at, ["set"] = new JsonArray(sets.Select(x => (JsonNode)x).ToArray()) };
            folder = source with { Dir = outDir, Fork = record };
            s = folder.Scenario();
        }
        catch (Exception e) when (e is SimulationException or ScenarioException)
        {
            Console.Error.WriteLine($"fork {sourceDir}: {e.Message}");
            return 2;
        }
        return await RunExecution.Execute("fork", s, folder, folder.EngineKind, quiet, resume: false, fork, cancel);
    }
}

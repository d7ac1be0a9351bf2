using System.CommandLine;
using FlowAlp.Simulation.Persistence;
using FlowAlp.Simulation.Running;
using FlowAlp.Simulation.Scenarios;

namespace FlowAlp.Cli;

/// <summary>`flowalp resume RUN_DIR`: continue a killed persistent run; the finished outputs equal an uninterrupted run's.</summary>
internal static class ResumeCommand
{
    public static Command Create()
    {
        var dir = new Argument<string>("run-dir") { Description = "the folder of a persistent run (scenario.json, run.json, journal.db)" };
        var quiet = new Option<bool>("--quiet") { Description = "no progress bar" };
        var cmd = new Command("resume", "Continue a persistent run from its journal") { dir, quiet };
        cmd.SetAction((p, cancel) => Run(p.GetValue(dir)!, p.GetValue(quiet), cancel));
        return cmd;
    }

    private static async Task<int> Run(string dir, bool quiet, CancellationToken cancel)
    {
        RunFolder folder;
        Scenario s;
        ForkSpec? fork;
        try
        {
            folder = RunFolder.Load(dir);
            s = folder.Scenario();
            fork = folder.ForkSpec();
        }
        catch (Exception e) when (e is SimulationException or ScenarioException)
        {
            Console.Error.WriteLine($"resume {dir}: {InputErrors.Line(e)}");
            return 2;
        }
        return (await RunExecution.Execute("resume", s, folder, folder.EngineKind, quiet, resume: true, fork, cancel)).Code;
    }
}

using System.CommandLine;
using FlowAlp.Scripting;
using FlowAlp.Engine.Core;
using FlowAlp.Engine.Operations;
using FlowAlp.Engine.World;
using FlowAlp.Simulation.Running;
using FlowAlp.Simulation.Scenarios;

namespace FlowAlp.Cli;

/// <summary>`flowalp script FILE`: runs a protocol script, JSON Lines on stdout; exit 2 with one line on stderr if malformed.</summary>
internal static class ScriptCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "protocol script (JSON), see protocol-script.md" };
        var engine = new Option<string>("--engine")
        {
            Description = "protocol: the pool in-process (default, or $FLOWALP_ENGINE); actors: every step through the actor engine's pool supervisor",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("FLOWALP_ENGINE") is { Length: > 0 } e ? e : "protocol",
        };
        engine.AcceptOnlyFromAmong("protocol", "actors");
        var cmd = new Command("script", "Run a protocol script against a fresh pool and print one JSON line per step") { file, engine };
        cmd.SetAction(parse => Run(parse.GetValue(file)!, parse.GetValue(engine) == "actors"));
        return cmd;
    }

    public static int Run(FileInfo file, bool actors = false)
    {
        Script script;
        try
        {
            // a regular file of at most 16 MiB: a directory, /dev/zero or a FIFO is refused before it is read
            string text = InputFile.ReadText(Path.GetFullPath(ShippedFiles.Resolve(file.ToString())), ScenarioLimits.MaxJsonBytes, reason => new ScriptFormatException("script", reason));
            script = ScriptParser.Parse(text);
        }
        catch (ScriptFormatException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }
        var stdout = Console.Out;
        if (actors)
        {
            try
            {
                foreach (var line in ActorScriptRunner.Run(script).GetAwaiter().GetResult()) stdout.WriteLine(line);
            }
            catch (ScriptFormatException e)
            {
                Console.Error.WriteLine(e.Message);
                return 2;
            }
            stdout.Flush();
            return 0;
        }
        ScriptRunner runner;
        try { runner = new ScriptRunner(script); }
        catch (ScriptFormatException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }
        foreach (var line in runner.Run()) stdout.WriteLine(line);
        stdout.Flush();
        return 0;
    }
}

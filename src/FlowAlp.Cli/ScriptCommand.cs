using System.CommandLine;
using FlowAlp.Scripting;

namespace FlowAlp.Cli;

/// <summary>`flowalp script FILE`: runs a protocol script, JSON Lines on stdout; exit 2 with one line on stderr if malformed.</summary>
internal static class ScriptCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "protocol script (JSON), see protocol-script.md" };
        var cmd = new Command("script", "Run a protocol script against a fresh pool and print one JSON line per step") { file };
        cmd.SetAction(parse => Run(parse.GetValue(file)!));
        return cmd;
    }

    public static int Run(FileInfo file)
    {
        string text;
        try { text = File.ReadAllText(file.FullName); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"script: cannot read '{file.FullName}': {e.Message}");
            return 2;
        }
        Script script;
        try { script = ScriptParser.Parse(text); }
        catch (ScriptFormatException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }
        var stdout = Console.Out;
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

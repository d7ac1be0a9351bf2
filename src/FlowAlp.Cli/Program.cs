using System.CommandLine;
using FlowAlp.Cli;

var root = new RootCommand("FlowAlp: a simulator of the FlowALP lending pool");
root.Subcommands.Add(ScriptCommand.Create());
root.Subcommands.Add(RunCommand.Create());
root.Subcommands.Add(SweepCommand.Create());
root.Subcommands.Add(ResumeCommand.Create());
root.Subcommands.Add(ForkCommand.Create());
root.Subcommands.Add(ChaosCommand.Create());
root.Subcommands.Add(NodeCommand.Create());
var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    // bad arguments: one line per problem on stderr, exit 2 (as for a malformed script or scenario)
    foreach (var error in parsed.Errors) Console.Error.WriteLine(error.Message);
    return 2;
}
return await parsed.InvokeAsync();

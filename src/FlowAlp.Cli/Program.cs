using System.CommandLine;
using FlowAlp.Cli;

// last resort: an exception that escapes a command is a FlowAlp bug, not the user's input; it gets one line on stderr
// and exit 70 (EX_SOFTWARE); the trace goes to run.log (when a run has one) or to stderr with FLOWALP_DEBUG=1
AppDomain.CurrentDomain.UnhandledException += (_, e) => Environment.Exit(InternalError.Report(e.ExceptionObject as Exception));

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
try
{
    return await parsed.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (Exception e)
{
    return InternalError.Report(e);
}

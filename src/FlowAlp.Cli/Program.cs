using System.CommandLine;
using FlowAlp.Cli;

// last resort: an exception that escapes a command is a FlowAlp bug, not the user's input; it gets one line on stderr
// and exit 70 (EX_SOFTWARE); the trace goes to run.log (when a run has one) or to stderr with FLOWALP_DEBUG=1
AppDomain.CurrentDomain.UnhandledException += (_, e) => Environment.Exit(InternalError.ReportUnhandled(e.ExceptionObject as Exception));

var root = new RootCommand("FlowAlp: a simulator of the FlowALP lending pool");
root.Subcommands.Add(ScriptCommand.Create());
root.Subcommands.Add(RunCommand.Create());
root.Subcommands.Add(SweepCommand.Create());
root.Subcommands.Add(StudyCommand.Create());
root.Subcommands.Add(OptimizeCommand.Create());
root.Subcommands.Add(ResumeCommand.Create());
root.Subcommands.Add(ForkCommand.Create());
root.Subcommands.Add(ChaosCommand.Create());
root.Subcommands.Add(NodeCommand.Create());
CliHelp.Configure(root);
// no command at all: the usage (as --help, exit 0), not the parser's bare "Required command was not provided."
var parsed = root.Parse(args.Length == 0 ? ["--help"] : args);
// bad arguments: one line on stderr (the first problem, and how many more), exit 2, as for a malformed scenario
if (ArgumentErrors.Find(parsed) is { } problem)
{
    Console.Error.WriteLine(problem);
    return 2;
}
try
{
    return InternalError.Finished(await parsed.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false }));
}
catch (Exception e)
{
    return InternalError.Report(e);
}

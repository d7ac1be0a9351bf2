using System.CommandLine;
using FlowAlp.Cli;

var root = new RootCommand("FlowAlp: a simulator of the FlowALP lending pool");
root.Subcommands.Add(ScriptCommand.Create());
root.Subcommands.Add(RunCommand.Create());
return await root.Parse(args).InvokeAsync();

using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace FlowAlp.Cli;

/// <summary>
/// What `--help` shows beyond System.CommandLine's sections: the command's name as the user types it (`flowalp`, not the
/// assembly's name), the exit codes, and an "Examples:" section per command. Every example is a whole command that
/// exits 0 when the examples run in this order from an empty folder (CliExamplesTests runs them all), so an example
/// can build on an earlier one (resume and fork use the folder `flowalp run` wrote).
/// </summary>
internal static class CliHelp
{
    public const string Name = "flowalp";

    /// <summary>The examples per command name ("" is the root), in the order the help shows and the test runs them.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Examples = new Dictionary<string, string[]>
    {
        [""] =
        [
            "flowalp run",
            "flowalp run --help",
        ],
        ["run"] =
        [
            "flowalp run                                             # config/scenarios/default.json into out/default",
            "flowalp run config/scenarios/hightide-vs-passive.json --quiet",
            "flowalp run config/scenarios/default.json --engine plain --seed 7 --set durationHours=6 --out out/seed7",
        ],
        ["sweep"] =
        [
            "flowalp sweep config/scenarios/hightide-vs-passive.json --seeds 3 --set rebalancers.intervalSeconds=300,1200",
        ],
        ["study"] =
        [
            "flowalp study config/studies/hightide-60min --seeds 2   # the 60-minute decline beside the published figures",
        ],
        ["optimize"] =
        [
            "flowalp optimize config/scenarios/hightide-vs-passive.json --param 'populations[2].health.target.min' --param 'populations[2].health.target.max=x+0.05' --range 1.1,1.4 --constraint 'survival>=0.5' --seeds 2 --tolerance 0.1 --set durationHours=2",
        ],
        ["resume"] =
        [
            "flowalp resume out/default                              # a finished run: says so, exit 0",
        ],
        ["fork"] =
        [
            "flowalp fork out/default --at 720 --set 'pool.liquidationTargetHealth=\"1.1\"' --out out/default-lth110",
            "flowalp fork out/default --at 720 --set 'prices.FLOW={\"process\":\"gbm\",\"start\":1,\"volatility\":1.5}' --out out/default-volatile",
        ],
        ["chaos"] =
        [
            "flowalp chaos config/scenarios/chaos/scheduler-outage-during-crash.json --quiet",
            "flowalp chaos config/scenarios/chaos/scheduler-outage-during-crash.json --set 'faults=[{\"kind\":\"funderDrained\",\"atHours\":10,\"durationHours\":0.5}]' --out out/funder-only",
        ],
        ["script"] =
        [
            "flowalp script config/scripts/example.json",
        ],
        // node runs until Ctrl-C and needs a pool node to join: no example here; see README, "Cluster"
    };

    public const string ExitCodesText = "0 done, 1 a failed run (conservation broken, a journal write failed, disk full: resumable), 2 bad input, 130 interrupted (resumable)";

    /// <summary>Names the root `flowalp` and appends the exit codes and the examples to every command's help.</summary>
    public static void Configure(RootCommand root)
    {
        root.HelpName = Name;
        var help = root.Options.OfType<HelpOption>().Single();
        if (help.Action is HelpAction standard) help.Action = new WithExamples(standard);
    }

    /// <summary>System.CommandLine's help, then the exit codes and the command's examples (its layout API is not public).</summary>
    private sealed class WithExamples(HelpAction standard) : SynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parse)
        {
            int code = standard.Invoke(parse);
            var output = parse.InvocationConfiguration.Output;
            var command = parse.CommandResult.Command;
            if (command.Name is not ("node" or "script"))
            {
                output.WriteLine("Exit codes:");
                output.WriteLine("  " + ExitCodesText);
                output.WriteLine();
            }
            if (Examples.TryGetValue(command is RootCommand ? "" : command.Name, out var examples))
            {
                output.WriteLine("Examples:");
                foreach (var e in examples) output.WriteLine("  " + e);
                output.WriteLine();
            }
            return code;
        }
    }
}

using System.Text.RegularExpressions;
using FlowAlp.Simulation.Tests.RunFolders;

namespace FlowAlp.Simulation.Tests.CliUsage;

/// <summary>
/// Every command the user is shown runs: each `flowalp …` / `dotnet run …` line of README.md's bash blocks and each
/// example of every `--help`, run as written from an empty folder (not the repository root), exits 0. The README's
/// long benchmark commands are checked to be in benchmarks/readme-long-commands.sh instead; `flowalp node` runs until
/// Ctrl-C. A few README runs are shortened by appending `--set durationHours=…` (the command itself is kept).
/// </summary>
public sealed partial class DocumentedCommandsTests : IDisposable
{
    private readonly string _dir = RunFolderKit.TempRoot();

    public void Dispose() => Directory.Delete(_dir, true);

    /// <summary>README lines made shorter for CI: (a part of the command, what is appended).</summary>
    private static readonly (string Contains, string Append)[] Shorter =
    [
        ("config/scenarios/presets/", "--set durationHours=12"),
        ("flowalp sweep ", "--set durationHours=2"),
        ("--engine plain", "--set durationHours=6"),
        ("--cluster", "--set durationHours=2"),
    ];

    /// <summary>README commands that are not meant to exit (a node serves until Ctrl-C).</summary>
    private static bool RunsUntilInterrupted(string command) => command.StartsWith("flowalp node ", StringComparison.Ordinal);

    [Fact]
    public void Every_readme_command_exits_0()
    {
        var commands = ReadmeCommands(File.ReadAllText(Path.Combine(Repo.Root, "README.md")));
        string longScript = File.ReadAllText(Path.Combine(Repo.Root, "benchmarks", "readme-long-commands.sh"));
        int ran = 0, ended = 0;
        var notExiting = new List<string>();
        foreach (var line in commands)
        {
            string command = CliCommand(line) ?? line;
            if (command.StartsWith("dotnet run ", StringComparison.Ordinal))
            {
                // not the CLI: a benchmark, run by the long-commands script
                Assert.True(longScript.Contains(command, StringComparison.Ordinal), $"README command neither run here nor in benchmarks/readme-long-commands.sh: {command}");
                continue;
            }
            if (RunsUntilInterrupted(command)) { notExiting.Add(command); continue; }
            string extra = string.Join(' ', Shorter.Where(s => command.Contains(s.Contains, StringComparison.Ordinal)).Select(s => s.Append).Take(1));
            var (code, stdout, err) = CliRunner.Bash(_dir, extra.Length == 0 ? command : $"{command} {extra}");
            Assert.True(code == 0, $"README command exited {code}: {command} {extra}\n{Tail(err)}");
            ended += AssertReportsWhereItSays(stdout);
            ran++;
        }
        // the README's own figures: every block was read (two commands, more runs, persistence, cluster at least)
        Assert.True(ran >= 15, $"only {ran} README commands found");
        Assert.True(ended >= 12, $"only {ended} end lines"); // the runs, forks and chaos (not script, sweep or a finished resume)
        Assert.Equal(["flowalp node --cluster-config config/cluster/cluster.json --port 4054"], notExiting);
        // what the runs wrote is where the README says: out/NAME, out/presets/NAME, the --out folders
        foreach (var f in new[] { "out/default/report.html", "out/hightide-vs-passive/report.html", "out/presets/black-thursday-2020/report.html", "runs/a-future/summary.json" })
            Assert.True(File.Exists(Path.Combine(_dir, f)), f);
    }

    [Fact]
    public void Every_help_example_exits_0()
    {
        var (code, rootHelp, _) = CliRunner.Run(_dir, "--help");
        Assert.Equal(0, code);
        Assert.Contains("\nUsage:\n  flowalp [command] [options]\n", rootHelp);
        var commands = Section(rootHelp, "Commands:").Select(l => l.Split(' ')[0]).ToList();
        Assert.Equal(["script", "run", "sweep", "study", "optimize", "resume", "fork", "chaos", "node"], commands);
        var examples = new List<string>(Section(rootHelp, "Examples:"));
        foreach (var command in commands)
        {
            var (c, help, err) = CliRunner.Run(_dir, command, "--help");
            Assert.Equal((0, ""), (c, err));
            Assert.Contains($"\nUsage:\n  flowalp {command} ", help);
            Assert.DoesNotContain("System.", help);
            var own = Section(help, "Examples:");
            // node serves until Ctrl-C: its help has no example to run
            Assert.True(command == "node" ? own.Count == 0 : own.Count > 0, $"{command}: {own.Count} examples");
            Assert.All(own, e => Assert.StartsWith($"flowalp {command} ", e + " "));
            examples.AddRange(own);
        }
        Assert.Equal(14, examples.Count);
        int ended = 0;
        foreach (var example in examples)
        {
            var (c, stdout, err) = CliRunner.Bash(_dir, example);
            Assert.True(c == 0, $"help example exited {c}: {example}\n{Tail(err)}");
            ended += AssertReportsWhereItSays(stdout);
        }
        Assert.Equal(8, ended); // `flowalp run` twice (root and run examples), 2 more runs, 2 forks, 2 chaos runs
        Assert.True(File.Exists(Path.Combine(_dir, "out", "default-lth110", "report.html")));
    }

    /// <summary>The shell lines of README.md's bash blocks that run flowalp or `dotnet run`, without their comments.</summary>
    internal static List<string> ReadmeCommands(string markdown)
    {
        var commands = new List<string>();
        bool inBlock = false, bash = false;
        foreach (var raw in markdown.Split('\n'))
        {
            string line = raw.TrimEnd('\r').Trim();
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                bash = !inBlock && line is "```bash" or "```sh";
                inBlock = !inBlock;
                continue;
            }
            if (bash && (line.StartsWith("flowalp ", StringComparison.Ordinal) || line.StartsWith("dotnet run ", StringComparison.Ordinal)))
                commands.Add(CliRunner.WithoutComment(line));
        }
        return commands;
    }

    /// <summary>`dotnet run [-c X] --project src/FlowAlp.Cli -- ARGS` is `flowalp ARGS` (the test runs the build it has); null for other lines.</summary>
    internal static string? CliCommand(string line)
    {
        if (line.StartsWith("flowalp ", StringComparison.Ordinal)) return line;
        var m = DotnetRunCli().Match(line);
        return m.Success ? "flowalp " + m.Groups[1].Value : null;
    }

    /// <summary>The indented lines of a help section, up to the blank line that ends it, trimmed (comments dropped).</summary>
    private static List<string> Section(string help, string title)
    {
        var lines = help.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        int start = lines.IndexOf(title);
        if (start < 0) return [];
        return lines.Skip(start + 1).TakeWhile(l => l.StartsWith("  ", StringComparison.Ordinal)).Select(l => CliRunner.WithoutComment(l.Trim())).ToList();
    }

    /// <summary>A finished run's end line names its folder: the report is there, and the line says exit 0.</summary>
    private static int AssertReportsWhereItSays(string stdout)
    {
        var lines = ResultsLine().Matches(stdout);
        foreach (Match m in lines)
        {
            Assert.True(File.Exists(Path.Combine(m.Groups[1].Value, "report.html")), m.Value);
            Assert.StartsWith("exit 0: done", m.Groups[2].Value);
        }
        return lines.Count;
    }

    [GeneratedRegex(@"; results in (/.+?) \(report\.html\); (exit .+)$", RegexOptions.Multiline)]
    private static partial Regex ResultsLine();

    private static string Tail(string text) => string.Join('\n', text.Split('\n').TakeLast(8));

    [GeneratedRegex(@"^dotnet run (?:-c \w+ )?--project src/FlowAlp\.Cli -- (.+)$")]
    private static partial Regex DotnetRunCli();

    [Fact]
    public void The_readme_parser_reads_bash_blocks_only_and_drops_comments()
    {
        const string md = "```bash\nflowalp run x.json   # a comment\ndotnet run -c Release --project src/FlowAlp.Cli -- run --cluster\nflowalp() { x; }\n```\n"
            + "```json\nflowalp run not-a-command\n```\n```\nflowalp run plain-block\n```\n"
            + "```bash\nflowalp fork a --set 'prices.FLOW={\"a\":\"#1\"}' --out b # c\n```\n";
        Assert.Equal(["flowalp run x.json", "dotnet run -c Release --project src/FlowAlp.Cli -- run --cluster", "flowalp fork a --set 'prices.FLOW={\"a\":\"#1\"}' --out b"], ReadmeCommands(md));
        Assert.Equal("flowalp run --cluster", CliCommand("dotnet run -c Release --project src/FlowAlp.Cli -- run --cluster"));
        Assert.Null(CliCommand("dotnet run -c Release --project benchmarks/FlowAlp.Benchmarks -- scale 1 1 1"));
    }
}

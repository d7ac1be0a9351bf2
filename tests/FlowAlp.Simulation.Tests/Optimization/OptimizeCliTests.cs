using System.Globalization;
using System.Text.Json.Nodes;
using FlowAlp.Simulation.Optimization;
using FlowAlp.Simulation.Tests.Scenarios;
using static FlowAlp.Simulation.Tests.RunFolders.RunFolderKit;

namespace FlowAlp.Simulation.Tests.Optimization;

/// <summary>
/// `flowalp optimize` end to end on the crash scenario cut to 4 hours: its passive borrowers borrow to their target
/// health and FLOW falls to 0.65, so they all survive exactly when target × 0.65 ≥ 1 (target ≥ 1.5385). The files agree
/// with each other and with that boundary, the same command gives the same files on either engine (but the wall times),
/// and bad arguments are one line and exit 2 before anything runs.
/// </summary>
public sealed class OptimizeCliTests : IDisposable
{
    private readonly string _dir = TempRoot();
    private readonly string _file;

    public OptimizeCliTests()
    {
        var s = JsonNode.Parse(TestScenarios.Crash)!.AsObject();
        s["durationHours"] = 4;
        _file = Path.Combine(_dir, "crash.json");
        File.WriteAllText(_file, s.ToJsonString());
    }

    public void Dispose() => Directory.Delete(_dir, true);

    /// <summary>The command's arguments, with <paramref name="option"/>'s value replaced (its first occurrence) when given.</summary>
    private string[] Args(string outDir, string? option = null, string? value = null)
    {
        string[] args =
        [
            "optimize", _file, "--param", "populations[2].health.target", "--param", "populations[2].health.max=x+0.2", "--range", "1.2,1.9",
            "--constraint", "survival>=0.9@0.95", "--seeds", "3", "--tolerance", "0.01", "--parallel", "2", "--out", outDir,
        ];
        int k = option is null ? -1 : Array.IndexOf(args, option);
        if (k >= 0) args[k + 1] = value!;
        else if (option is not null) args = [.. args, option, value!];
        return args;
    }

    [Fact]
    public void Finds_the_passive_borrowers_lowest_safe_target_with_consistent_files()
    {
        string a = Path.Combine(_dir, "a"), b = Path.Combine(_dir, "b"), c = Path.Combine(_dir, "c");
        var (code, stdout, stderr) = MalformedScenarioTests.Cli(Args(a));
        Assert.True(code == 0, stderr);
        var frontier = JsonNode.Parse(File.ReadAllText(Path.Combine(a, OptimizeFiles.Frontier)))!.AsObject();
        decimal answer = Dec(frontier["answer"]), low = Dec(frontier["interval"]![0]), high = Dec(frontier["interval"]![1]);
        Assert.Equal((true, true, "passive", low, answer), (frontier["found"]!.GetValue<bool>(), frontier["monotone"]!.GetValue<bool>(),
            frontier["constraint"]!["population"]!.GetValue<string>(), Dec(frontier["lastFailing"]), Dec(frontier["firstPassing"])));
        Assert.True(low < 1.5385m && 1.5385m < high && high - low <= 0.01m, $"[{low}, {high}]");
        Assert.Equal(high, answer);
        // range width 0.7 to 0.01: the two ends and 7 halvings, 3 seeds each
        Assert.Equal((9, 27), (frontier["evaluations"]!.GetValue<int>(), frontier["runs"]!.GetValue<int>()));

        var rows = File.ReadAllLines(Path.Combine(a, OptimizeFiles.Evaluations));
        Assert.Equal("evaluation,populations[2].health.target,populations[2].health.max,seeds,passes,statistic,bound,successes,trials,conserved,wallSeconds", rows[0]);
        var cells = rows.Skip(1).Select(r => r.Split(',')).ToList();
        Assert.Equal(9, cells.Count);
        foreach (var r in cells)
        {
            decimal x = decimal.Parse(r[1], CultureInfo.InvariantCulture);
            Assert.Equal(x + 0.2m, decimal.Parse(r[2], CultureInfo.InvariantCulture));
            Assert.Equal("3", r[3]);
            // all-or-nothing: 60 borrowers (20 × 3 seeds) survive above the boundary, none below
            Assert.Equal(x >= answer ? ("true", "60") : ("false", "0"), (r[4], r[7]));
            Assert.Equal("60", r[8]);
            long survived = long.Parse(r[7], CultureInfo.InvariantCulture);
            Assert.Equal(survived / 60.0, double.Parse(r[5], CultureInfo.InvariantCulture), 1e-9);
            Assert.Equal(ProportionBounds.Lower(survived, 60, 0.95), double.Parse(r[6], CultureInfo.InvariantCulture), 1e-9);
        }
        Assert.Equal("true", cells.Single(r => r[1] == OptimizeParameter.Text(answer))[4]);
        Assert.Equal("false", cells.Single(r => r[1] == OptimizeParameter.Text(low))[4]);
        Assert.Equal(["1.2", "1.9"], cells.Take(2).Select(r => r[1]));

        var lines = stdout.TrimEnd('\n').Split('\n');
        Assert.Equal($"lowest populations[2].health.target that passes survival>=0.9@0.95: {OptimizeParameter.Text(answer)}, the boundary in [{OptimizeParameter.Text(low)}, {OptimizeParameter.Text(high)}].", lines[0]);
        Assert.Matches($@"^optimize crash-test: 9 evaluations \(27 runs\) in [0-9.]+ s; results in {System.Text.RegularExpressions.Regex.Escape(a)} \(index\.html\); exit 0: done$", lines[1]);
        Assert.Contains("<h2>Statistic and bound per value</h2>", File.ReadAllText(Path.Combine(a, "index.html")));
        Assert.True(File.Exists(Path.Combine(a, "frontier.png")));

        // the same command on the plain engine: the same files byte for byte, but the wall-time column
        var (codeB, _, errB) = MalformedScenarioTests.Cli([.. Args(b), "--engine", "plain"]);
        Assert.True(codeB == 0, errB);
        Assert.True(File.ReadAllBytes(Path.Combine(a, "frontier.png")).SequenceEqual(File.ReadAllBytes(Path.Combine(b, "frontier.png"))));
        // the engine is named (and only that differs)
        Assert.Equal(File.ReadAllText(Path.Combine(a, "frontier.json")).Replace("\"actors\"", "\"plain\""), File.ReadAllText(Path.Combine(b, "frontier.json")));
        Assert.Equal(File.ReadAllText(Path.Combine(a, "index.html")).Replace("engine actors", "engine plain"), File.ReadAllText(Path.Combine(b, "index.html")));
        static IEnumerable<string> NoTimes(string file) => File.ReadAllLines(file).Select(l => l[..l.LastIndexOf(',')]);
        Assert.Equal(NoTimes(Path.Combine(a, "evaluations.csv")), NoTimes(Path.Combine(b, "evaluations.csv")));

        // a grid first, plots off: the same bracket's boundary, no PNG
        var (codeC, _, errC) = MalformedScenarioTests.Cli([.. Args(c), "--method", "grid", "--grid-points", "8", "--set", "outputs.plots=false"]);
        Assert.True(codeC == 0, errC);
        var grid = JsonNode.Parse(File.ReadAllText(Path.Combine(c, OptimizeFiles.Frontier)))!;
        Assert.True(Dec(grid["interval"]![0]) < 1.5385m && 1.5385m < Dec(grid["interval"]![1]));
        Assert.False(File.Exists(Path.Combine(c, "frontier.png")));
        Assert.DoesNotContain("<img", File.ReadAllText(Path.Combine(c, "index.html")));
    }

    [Theory]
    [InlineData("--constraint", "survival<=0.9", "--constraint: 'survival<=0.9': survival takes >= (a floor on the share of borrowers never liquidated)")]
    [InlineData("--range", "1.9,1.2", "--range: '1.9,1.2': LOW must be below HIGH")]
    [InlineData("--range", "1.2", "--range: '1.2' must look like LOW,HIGH (two numbers, e.g. 1.05,2.0)")]
    [InlineData("--range", "0.5,1.9", "populations[2].health.target: must be between 1.0001 and 100, got 0.5 (at populations[2].health.target=0.5)")]
    [InlineData("--tolerance", "0", "--tolerance: must be greater than 0, got 0")]
    [InlineData("--seeds", "0", "--seeds: must be between 1 and 100,000, got 0")]
    [InlineData("--param", "populations[9].health.target", "--param: 'populations[9].health.target': index 9 is out of range (the array has 4 entries)")]
    [InlineData("--param", "populations[2].health.min=y", "--param: 'populations[2].health.min=y': 'y' is not x, x+C, x-C, K*x or K*x+C (K, C plain decimals)")]
    [InlineData("--constraint", "survival[lp]>=0.9", "--constraint: 'survival[lp]>=0.9': 'lp' is an LP population (it has no debt to be liquidated)")]
    public void Bad_arguments_exit_2_with_one_line_before_anything_runs(string option, string value, string expected)
    {
        string outDir = Path.Combine(_dir, "bad");
        var (code, stdout, stderr) = MalformedScenarioTests.Cli(Args(outDir, option, value));
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Equal($"optimize {_file}: {expected}\n", stderr);
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public void A_missing_constraint_is_the_parsers_one_line()
    {
        var (code, stdout, stderr) = MalformedScenarioTests.Cli("optimize", _file, "--param", "populations[2].health.target", "--range", "1.2,1.9");
        Assert.Equal((2, "", "Option '--constraint' is required.\n"), (code, stdout, stderr));
    }

    private static decimal Dec(JsonNode? n) => decimal.Parse(n!.ToJsonString(), CultureInfo.InvariantCulture);
}

using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using FlowAlp.Simulation.Tests.Scenarios;

namespace FlowAlp.Simulation.Tests.Fuzzing;

/// <summary>
/// One case per class of bad input that once crashed or hung the CLI (issue 15): each now exits 2 with exactly one line
/// on stderr naming the file, field or line and the reason, writes nothing, and prints no stack trace.
/// </summary>
public sealed class BadInputCorpusTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"badinput-{Guid.NewGuid():N}");

    public BadInputCorpusTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>A class of bad input: the files it writes (the scenario is "s.json"), the CLI arguments, and the expected stderr line.</summary>
    public static IEnumerable<object?[]> Cases() => new[]
    {
        // CSV price replay: validated at load, file:line errors
        Csv("csv bad price", "0,FLOW,1\n60,FLOW,abc\n", null, "prices.FLOW.file: {DIR}/p.csv:2: price: 'abc' is not a number"),
        Csv("csv NaN price", "0,FLOW,NaN\n", null, "prices.FLOW.file: {DIR}/p.csv:1: price: 'NaN' is not a number"),
        Csv("csv price above the limit", "0,FLOW,2000000\n", null, "prices.FLOW.file: {DIR}/p.csv:1: price: '2000000' is above the limit of 1000000"),
        Csv("csv two fields", "0,FLOW\n", null, "prices.FLOW.file: {DIR}/p.csv:1: expected 3 fields timestamp,token,price, got 2"),
        Csv("csv time not increasing", "0,FLOW,1\n60,FLOW,1\n30,FLOW,1\n", null, "prices.FLOW.file: {DIR}/p.csv:3: timestamp: 30 is not after the previous FLOW record (timestamps must increase per token)"),
        Csv("csv Unix epoch read as seconds", "1700000000,FLOW,1\n1700003600,FLOW,0.8\n", null,
            "prices.FLOW.file: {DIR}/p.csv:1: the first 'FLOW' record is at 1700000000.00000000 s after the start, so the steps before it would have no price (the series must start at time 0; for Unix or ISO-8601 times set timeFormat)"),
        Csv("csv ISO time read as seconds", "2021-05-19T00:00:00Z,FLOW,1\n", null,
            "prices.FLOW.file: {DIR}/p.csv:1: timestamp: '2021-05-19T00:00:00Z' is not a non-negative number (an ISO-8601 time? set the price's timeFormat to iso8601)"),
        Csv("csv bad ISO time", "2021-13-45T00:00:00Z,FLOW,1\n", "iso8601", "prices.FLOW.file: {DIR}/p.csv:1: timestamp: '2021-13-45T00:00:00Z' is not an ISO-8601 date-time such as 2021-05-19T12:00:00Z"),
        Csv("csv no records for the token", "0,ETH,1\n", null, "prices.FLOW.file: {DIR}/p.csv has no records for 'FLOW' (it has ETH)"),
        Csv("csv empty", "", null, "prices.FLOW.file: '{DIR}/p.csv' is empty or not a regular file"),
        Csv("csv unknown time format", "0,FLOW,1\n", "millis", "prices.FLOW.timeFormat: must be one of seconds, unix, iso8601, got 'millis'"),
        // duplicate names and keys
        Edit("duplicate liquidator names", s => s["liquidators"]!.AsArray().Add(s["liquidators"]![0]!.DeepClone()), "liquidators: name 'keeper' is used twice"),
        Edit("liquidator name with a slash", s => s["liquidators"]![0]!["name"] = "a/b", "liquidators[0].name: use letters, digits, '-' and '_' only"),
        Text("duplicate JSON key", s => s.ToJsonString()[..^1] + ",\"seed\":7}", "scenario: invalid JSON: duplicate key 'seed'"),
        // --set paths and bounds
        Set("negative --set index", "populations[-1].count=5", "--set: 'populations[-1].count': '-1' is not an array index (a whole number from 0)"),
        Set("--set index past the end", "populations[9].count=5", "--set: 'populations[9].count': index 9 is out of range (the array has 3 entries)"),
        Set("--set value with a duplicate key", "dex={\"feeBps\":1,\"feeBps\":2}", "--set: 'dex': invalid JSON: duplicate key 'feeBps'"),
        Set("durationHours 1e12 (UFix64 overflow)", "durationHours=1e12", "durationHours: must be between 0 and 87600, got 1000000000000"),
        Set("durationHours 1e9 (ran for ever)", "durationHours=1e9", "durationHours: must be between 0 and 87600, got 1000000000"),
        Edit("too many steps", s => { s["durationHours"] = 87_600; s["stepSeconds"] = 1; },
            "durationHours: gives 315,360,000 steps of 1 s, more than the limit of 10,000,000 (raise stepSeconds or shorten the run)"),
        Edit("too many agents", s => { s["populations"]![1]!["count"] = 10_000_000; s["populations"]![2]!["count"] = 10_000_000; },
            "populations: 20,000,001 agents in all, more than the limit of 20,000,000"),
        Set("price start above the limit", "prices.FLOW.start=1e7", "prices.FLOW.start: must be between 1E-08 and 1000000, got 10000000"),
        Set("fault duration 1e300", "faults=[{\"kind\":\"chainHalt\",\"atHours\":1,\"durationHours\":1e300}]", "faults[0].durationHours: must be between 0 and 87600, got 1E+300"),
        // amounts and process parameters that overflowed UFix64 at run time (exit 70 before these bounds)
        Set("money past UFix64", "rebalancers.adminFunds=\"184467440736\"",
            "rebalancers.adminFunds: the scenario's money adds up to 184,480,470,736 MOET at start prices, more than the limit of 100,000,000,000"),
        Set("rebalancer fee", "rebalancers.fee=\"184467440736\"", "rebalancers.fee: must be at most 1,000, got 184467440736.00000000"),
        Set("collateral weight 1e308", "populations[1].collateral.FLOW=1e308", "populations[1].collateral.FLOW: must be between 0 and 1000000, got 1E+308"),
        Set("drift 1e300", "prices.FLOW={\"process\":\"gbm\",\"start\":1,\"drift\":1e300,\"volatility\":0.5}", "prices.FLOW.drift: must be between -100 and 100, got 1E+300"),
        Set("opening deposit below minimumBalance", "prices.FLOW.start=1000000",
            "populations[1].size: the smallest position deposits 0.0005 FLOW, below the token's minimumBalance 1 (raise size.min or lower the weight)"),
        // names that would escape out/
        Set("absolute scenario name", "name=/tmp/escape", "name: '/tmp/escape' must be a plain folder name: ASCII letters, digits, '-', '_' and '.' (not first)"),
        Set("scenario name with ..", "name=../escape", "name: '../escape' must be a plain folder name: ASCII letters, digits, '-', '_' and '.' (not first)"),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Bad_input_exits_2_with_one_line(string label, string scenario, string? csv, string[] extra, string expected)
    {
        _ = label;
        File.WriteAllText(Path.Combine(_dir, "s.json"), scenario);
        if (csv is not null) File.WriteAllText(Path.Combine(_dir, "p.csv"), csv);
        string file = Path.Combine(_dir, "s.json");
        var (code, stdout, stderr) = MalformedScenarioTests.Cli(["run", file, "--quiet", "--engine", "plain", "--out", Path.Combine(_dir, "out"), .. extra]);
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Equal($"scenario {file}: {expected.Replace("{DIR}", _dir)}\n", stderr);
        Assert.False(Directory.Exists(Path.Combine(_dir, "out")), "a refused scenario writes nothing");
    }

    /// <summary>Special and oversized files are refused before they are read: no out-of-memory, no blocking open.</summary>
    [Fact]
    public void Special_and_oversized_files_are_refused()
    {
        Assert.Equal((2, "scenario /dev/zero: scenario: '/dev/zero' is empty or not a regular file\n"), Run("run", "/dev/zero", "--quiet"));
        Assert.Equal((2, $"scenario {_dir}: scenario: '{_dir}' is a directory, not a file\n"), Run("run", _dir, "--quiet"));
        Assert.Equal((2, "script: '/dev/zero' is empty or not a regular file\n"), Run("script", "/dev/zero"));
        string big = Path.Combine(_dir, "big.json");
        using (var f = File.Create(big)) f.SetLength(17L * 1024 * 1024);
        Assert.Equal((2, $"scenario {big}: scenario: '{big}' is 17,825,792 bytes, more than the limit of 16,777,216\n"), Run("run", big, "--quiet"));
        string link = Path.Combine(_dir, "zero.json");
        File.CreateSymbolicLink(link, "/dev/zero");
        Assert.Equal((2, $"scenario {link}: scenario: '{link}' is empty or not a regular file\n"), Run("run", link, "--quiet"));
        string fifo = Path.Combine(_dir, "fifo.json");
        Assert.Equal(0, MkFifo(fifo, 0x180));
        Assert.Equal((2, $"scenario {fifo}: scenario: '{fifo}' is empty or not a regular file\n"), Run("run", fifo, "--quiet"));
        Assert.Equal((2, $"script: '{fifo}' is empty or not a regular file\n"), Run("script", fifo));
    }

    /// <summary>sweep: its counts and every grid point are checked before anything is printed or run (one line, no header first).</summary>
    [Theory]
    [InlineData("--seeds", "0", "--seeds: must be between 1 and 100,000, got 0")]
    [InlineData("--seeds", "1000000000", "--seeds: must be between 1 and 100,000, got 1000000000")]
    [InlineData("--parallel", "0", "--parallel: must be between 1 and 1024, got 0")]
    [InlineData("--set", "durationHours=1,2,1e12", "durationHours: must be between 0 and 87600, got 1000000000000")]
    [InlineData("--set", "populations[-1].count=1,2", "--set: 'populations[-1].count': '-1' is not an array index (a whole number from 0)")]
    public void Sweep_bad_counts_and_grid_points_exit_2_with_one_line(string option, string value, string expected)
    {
        string file = Path.Combine(_dir, "s.json");
        File.WriteAllText(file, Small().ToJsonString());
        var (code, stdout, stderr) = MalformedScenarioTests.Cli("sweep", file, "--out", Path.Combine(_dir, "out"), option, value);
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Equal($"sweep {file}: {expected}\n", stderr);
        Assert.False(Directory.Exists(Path.Combine(_dir, "out")));
    }

    /// <summary>Bad arguments: the parser's first complaint in words (no .NET type names), one line, exit 2; no arguments: the usage.</summary>
    [Theory]
    [InlineData("--seed", "-1", "Cannot parse argument '-1' for option '--seed' as a whole number from 0 to 18446744073709551615.")]
    [InlineData("--engine", "fast", "Argument 'fast' not recognized. Must be one of: 'actors' 'plain'")]
    public void Bad_arguments_exit_2_with_one_line_in_words(string option, string value, string expected)
    {
        var (code, stdout, stderr) = MalformedScenarioTests.Cli("run", "config/scenarios/default.json", option, value);
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Equal($"{expected}\n", stderr);
        Assert.DoesNotContain("System.", stderr);
    }

    [Fact]
    public void Several_bad_arguments_are_still_one_line()
    {
        var (code, stdout, stderr) = MalformedScenarioTests.Cli("run", "config/scenarios/default.json", "--seed", "-1", "--frob");
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Equal("flowalp run: unknown option '--frob' (see flowalp run --help) (and 1 more problem with the arguments)\n", stderr);
    }

    [Fact]
    public void No_arguments_print_the_usage()
    {
        var (code, stdout, stderr) = MalformedScenarioTests.Cli();
        Assert.Equal(0, code);
        Assert.Equal("", stderr);
        Assert.Contains("Usage:", stdout);
        foreach (var command in new[] { "run", "script", "sweep", "optimize", "resume", "fork", "chaos", "node" }) Assert.Contains($"  {command} ", stdout);
    }

    /// <summary>A CSV with Unix-epoch or ISO-8601 times, declared as such, replays from the file's first record as time 0.</summary>
    [Theory]
    [InlineData("unix", "1700000000,FLOW,1.0\n1700003600,FLOW,0.5\n")]
    [InlineData("iso8601", "2023-11-14T22:13:20Z,FLOW,1.0\n2023-11-14T23:13:20Z,FLOW,0.5\n")]
    public void Absolute_csv_times_replay_from_the_first_record(string format, string csv)
    {
        var s = Small();
        s["prices"] = new JsonObject { ["FLOW"] = new JsonObject { ["process"] = "csv", ["start"] = 1.0, ["file"] = "p.csv", ["timeFormat"] = format } };
        File.WriteAllText(Path.Combine(_dir, "s.json"), s.ToJsonString());
        File.WriteAllText(Path.Combine(_dir, "p.csv"), csv);
        string out_ = Path.Combine(_dir, "out");
        var (code, _, stderr) = MalformedScenarioTests.Cli("run", Path.Combine(_dir, "s.json"), "--quiet", "--engine", "plain", "--out", out_);
        Assert.True(code == 0, stderr);
        var rows = File.ReadAllLines(Path.Combine(out_, "timeseries.csv"));
        int col = Array.IndexOf(rows[0].Split(','), "price_FLOW");
        Assert.True(col >= 0, rows[0]);
        Assert.Equal(1.0, double.Parse(rows[1].Split(',')[col], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(0.5, double.Parse(rows[^1].Split(',')[col], System.Globalization.CultureInfo.InvariantCulture));
    }

    private (int, string) Run(params string[] args)
    {
        var (code, _, err) = MalformedScenarioTests.Cli(args);
        return (code, err);
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int mkfifo(string path, uint mode);

    private static int MkFifo(string path, uint mode) => mkfifo(path, mode);

    /// <summary>default.json made small (2 hours, a few agents, no plots) so a case that does run ends in about a second.</summary>
    internal static JsonObject Small()
    {
        var s = JsonNode.Parse(File.ReadAllText(Path.Combine(Repo.Root, "config", "scenarios", "default.json")))!.AsObject();
        s["durationHours"] = 2;
        foreach (var p in s["populations"]!.AsArray()) if ((int)p!["count"]! > 3) p["count"] = 3;
        s["outputs"] = new JsonObject { ["plots"] = false, ["html"] = false, ["eventLog"] = false };
        s["persistence"] = new JsonObject { ["mode"] = "off" };
        return s;
    }

    private static object?[] Csv(string label, string csv, string? format, string expected)
    {
        var s = Small();
        var price = new JsonObject { ["process"] = "csv", ["start"] = 1.0, ["file"] = "p.csv" };
        if (format is not null) price["timeFormat"] = format;
        s["prices"] = new JsonObject { ["FLOW"] = price };
        return [label, s.ToJsonString(), csv, Array.Empty<string>(), expected];
    }

    private static object?[] Edit(string label, Action<JsonObject> edit, string expected)
    {
        var s = Small();
        edit(s);
        return [label, s.ToJsonString(), null, Array.Empty<string>(), expected];
    }

    private static object?[] Text(string label, Func<JsonObject, string> text, string expected) => [label, text(Small()), null, Array.Empty<string>(), expected];

    private static object?[] Set(string label, string set, string expected) => [label, Small().ToJsonString(), null, new[] { "--set", set }, expected];
}

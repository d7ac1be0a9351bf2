using System.Text.Json.Nodes;
using FlowAlp.Simulation.Scenarios;
using FlowAlp.Simulation.Tests.Scenarios;

namespace FlowAlp.Simulation.Tests.Prices;

/// <summary>Bad history files (a bridged price CSV, an interest-rate CSV) are refused when the scenario is read: one line naming the file and line, exit 2.</summary>
public sealed class HistoryInputErrorTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"history-bad-{Guid.NewGuid():N}");

    public HistoryInputErrorTests() => Directory.CreateDirectory(_dir);
    public void Dispose() => Directory.Delete(_dir, true);

    /// <summary>(which file: "price" or "rate", its text, the message after "scenario FILE: " with {DIR} for the folder).</summary>
    public static TheoryData<string, string, string> Cases() => new()
    {
        { "price", "0,BTC,100\n86400,BTC,101\n", "prices.FLOW.file: {DIR}/h.csv:1: 'BTC' has 2 records, too few for a bridge (at least 3 to calibrate its volatility; or give volatility)" },
        { "price", "0,BTC,100\n86400,BTC,101\n86400,BTC,102\n", "prices.FLOW.file: {DIR}/h.csv:3: timestamp: 86400 is not after the previous BTC record (timestamps must increase per token)" },
        { "price", "0,BTC,100\n86400,BTC,0\n172800,BTC,102\n", "prices.FLOW.file: {DIR}/h.csv:2: price: must be > 0, got '0'" },
        { "price", "0,BTC,100\n86400,BTC,-5\n172800,BTC,102\n", "prices.FLOW.file: {DIR}/h.csv:2: price: must be > 0, got '-5'" },
        { "price", "0,BTC,100\n86400,BTC,1o1\n172800,BTC,102\n", "prices.FLOW.file: {DIR}/h.csv:2: price: '1o1' is not a number" },
        { "price", "0,BTC,100\n0.5,BTC,101\n172800,BTC,102\n", "prices.FLOW.file: {DIR}/h.csv: the 'BTC' record at 0.50000000 s is not at a whole second (a bridge's points are whole seconds from the start)" },
        { "rate", "timestamp,rate\n0,0.05\n3600,0.1\n3600,0.2\n", "tokens[0].interestCurve.file: {DIR}/h.csv:4: timestamp: 3600 is not after the previous record (timestamps must increase)" },
        { "rate", "0,0.05\n3600,-0.1\n", "tokens[0].interestCurve.file: {DIR}/h.csv:2: rate: must not be negative, got '-0.1'" },
        { "rate", "0,0.05\n3600,1.5\n", "tokens[0].interestCurve.file: {DIR}/h.csv:2: rate: 1.5 is above 1 (100 % a year, the most a fixed curve allows)" },
        { "rate", "0,0.05\n3600,five\n", "tokens[0].interestCurve.file: {DIR}/h.csv:2: rate: 'five' is not a decimal yearly rate (such as 0.05, at most 8 decimal places)" },
        { "rate", "60,0.05\n", "tokens[0].interestCurve.file: {DIR}/h.csv:1: timestamp: the first rate is at 60.00000000 s after the start; the path must start at time 0 (the rate the pool opens with); for Unix or ISO-8601 times set timeFormat" },
        { "rate", "timestamp,rate\n", "tokens[0].interestCurve.file: {DIR}/h.csv:0: timestamp: no rate records" },
        { "rate", "0,0.05,1\n", "tokens[0].interestCurve.file: {DIR}/h.csv:1: expected 2 fields timestamp,rate, got 3" },
    };

    private string Write(string kind, string text)
    {
        File.WriteAllText(Path.Combine(_dir, "h.csv"), text);
        var root = JsonNode.Parse(TestScenarios.Crash)!;
        if (kind == "price") root["prices"]!["FLOW"] = JsonNode.Parse("""{ "process": "csv", "start": 100, "file": "h.csv", "column": "BTC", "interpolation": "bridge" }""");
        else root["tokens"]![0]!["interestCurve"] = JsonNode.Parse("""{ "kind": "csv", "file": "h.csv" }""");
        string file = Path.Combine(_dir, "scenario.json");
        File.WriteAllText(file, root.ToJsonString());
        return file;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_bad_history_file_is_named_with_its_line(string kind, string text, string message)
    {
        string file = Write(kind, text);
        var e = Assert.Throws<ScenarioException>(() => ScenarioParser.Load(file));
        Assert.Equal(message.Replace("{DIR}", _dir), e.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(6)]
    [InlineData(9)]
    public void The_cli_exits_2_with_that_one_line(int index)
    {
        var c = Cases().ElementAt(index);
        string file = Write((string)c[0], (string)c[1]);
        var (code, stdout, stderr) = MalformedScenarioTests.Cli("run", file, "--quiet", "--out", Path.Combine(_dir, "out"));
        Assert.Equal(2, code);
        Assert.Equal("", stdout.Trim());
        Assert.Equal($"scenario {file}: {((string)c[2]).Replace("{DIR}", _dir)}", stderr.TrimEnd('\n'));
        Assert.False(Directory.Exists(Path.Combine(_dir, "out")));
    }
}

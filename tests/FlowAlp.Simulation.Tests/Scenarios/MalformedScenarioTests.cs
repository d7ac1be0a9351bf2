using System.Diagnostics;
using System.Text.Json.Nodes;
using FlowAlp.Simulation.Scenarios;

namespace FlowAlp.Simulation.Tests.Scenarios;

/// <summary>Every malformed scenario fails with one line naming the field and the reason; the CLI exits 2 with no stack trace.</summary>
public class MalformedScenarioTests
{
    /// <summary>The crash scenario with one edit: (JSON path, new value or null to remove), and the expected message.</summary>
    public static IEnumerable<object[]> Cases() => new[]
    {
        Case("name", null, "name: is required"),
        Case("seed", "\"x\"", "seed: must be a whole number"),
        Case("durationHours", "-1", "durationHours: must be between 0 and 87600, got -1"),
        Case("durationHours", "0.001", "durationHours: must cover at least one step of 60 s"),
        Case("stepSeconds", "0", "stepSeconds: must be between 1 and 86400, got 0"),
        Case("colour", "\"red\"", "colour: unknown field"),
        Case("prices.FLOW.process", "\"brownian\"", "prices.FLOW.process: must be one of constant, gbm, jump, ou, bridge, regime, scripted, csv, preset, got 'brownian'"),
        Case("prices.FLOW.start", "0", "prices.FLOW.start: must be between 1E-08 and 1000000, got 0"),
        Case("prices.FLOW.volatilty", "0.5", "prices.FLOW.volatilty: unknown field"),
        Case("prices.USDC", null, "prices.USDC: is required: every collateral token needs a price process"),
        Case("prices.BTC", "{\"process\":\"constant\",\"start\":1}", "prices.BTC: is not a token of the pool"),
        Case("tokens[0].collateralFactor", "\"-0.8\"", "tokens[0]: field 'collateralFactor': '-0.8' is negative"),
        Case("dex.depth.ETH", "\"100\"", "dex.depth.ETH: is not a token of the pool"),
        Case("rebalancers.intervalSeconds", "0", "rebalancers.intervalSeconds: must be between 1 and 31536000, got 0"),
        Case("rebalancers.feeToken", "\"DOGE\"", "rebalancers.feeToken: 'DOGE' is not a token of the pool"),
        Case("populations", "[]", "populations: must have at least 1 entries"),
        Case("populations[1].count", "0", "populations[1].count: must be between 1 and 10000000, got 0"),
        Case("populations[1].kind", "\"whale\"", "populations[1].kind: must be one of borrower, lp, got 'whale'"),
        Case("populations[1].collateral", "{\"DOGE\":1}", "populations[1].collateral.DOGE: is not a collateral token of the pool"),
        Case("populations[1].size", "{\"min\":100}", "populations[1].size.max: is required"),
        Case("populations[1].size.max", "50", "populations[1].size.max: must be at least min"),
        Case("populations[1].health.min", "1.4", "populations[1].health.target: must be above min for every agent (ranges must not overlap)"),
        Case("populations[1].health.max", "1.3", "populations[1].health.max: must be above target for every agent (ranges must not overlap)"),
        Case("populations[1].topUpSource", "\"yieldVault\"", "populations[1].topUpSource: yieldVault needs a top-level 'yieldVaults' section"),
        Case("populations[1].borrowedFunds", "\"vault\"", "populations[1].borrowedFunds: must be one of spent, kept, got 'vault'"),
        Case("populations[1].drawDownSink", "\"none\"", "populations[1].borrowedFunds: nothing is borrowed with drawDownSink 'none'"),
        Case("populations[1].topUpSource", "{\"USDC\":\"100\"}", "populations[1].topUpSource.USDC: is not a field of a wallet reserve (give MOET: an amount, and/or loanFraction; top-ups are in the pool's default token)"),
        Case("populations[1].topUpSource", "{}", "populations[1].topUpSource: a wallet reserve needs MOET (an amount) or loanFraction"),
        Case("populations[1].topUpSource", "{\"loanFraction\":0.95}", "populations[1].topUpSource.loanFraction: must be between 0 and 0.9, got 0.95"),
        Case("populations[1].topUpSource", "{\"loanFraction\":0.25}", "populations[1].topUpSource.loanFraction: needs borrowedFunds 'spent' with drawDownSink 'wallet' (a kept loan stays in the wallet whole)"),
        Case("populations[1].rebalancer", "\"sometimes\"", "populations[1].rebalancer: must be one of paid, self, none, got 'sometimes'"),
        Case("populations[2].name", "\"rebalancing\"", "populations: name 'rebalancing' is used twice"),
        Case("populations[0].deposit.MOET", "\"1.123456789\"", "populations[0].deposit.MOET: '1.123456789' is not a valid amount (at most 8 decimal places, below 184467440737)"),
        Case("liquidators[0].capital", "\"0\"", "liquidators[0].capital: must be greater than 0"),
        Case("correlation", "{\"tokens\":[\"FLOW\",\"USDC\"],\"matrix\":[[1,0.5],[0.5,1]]}", "correlation.tokens: 'FLOW' must have a gbm price process to be correlated"),
        Case("outputs.plots", "\"yes\"", "outputs.plots: must be true or false"),
        Case("faults", """[{"kind":"messageFault","message":"email","action":"drop","atHours":1}]""", "faults[0].message: must be one of rebalanceDue, rebalancerReady, priceReport, liquidationOffers, got 'email'"),
        Case("faults", """[{"kind":"messageFault","message":"priceReport","action":"lose","atHours":1}]""", "faults[0].action: must be one of drop, duplicate, delay, got 'lose'"),
        Case("faults", """[{"kind":"killActors","actors":"sinks","atHours":1}]""", "faults[0].actors: must be one of positions, rebalancers, oracles, liquidators, got 'sinks'"),
        Case("faults", """[{"kind":"messageFault","message":"priceReport","action":"drop","rate":1.5,"atHours":1}]""", "faults[0].rate: must be between 0 and 1, got 1.5"),
        Case("faults", """[{"kind":"messageFault","message":"rebalanceDue","action":"delay","delaySteps":0,"atHours":1}]""", "faults[0].delaySteps: must be between 1 and 1000000, got 0"),
        Case("faults", """[{"kind":"oracleSpread","token":"FLOW","atHours":1}]""", "faults[0].factor: is required"),
        Case("faults", """[{"kind":"sinkRefuses","population":"whales","atHours":1}]""", "faults[0].population: no population 'whales'"),
        Case("invariants", """{"checks":["sanity"]}""", "invariants.checks[0]: must be one of conservation, queue, actors, negativeBalance, rebalanceTarget, liquidationRule, nominalTotals, got 'sanity'"),
    };

    private static object[] Case(string path, string? value, string message) => [path, value ?? "", message];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Malformed_field_is_named_with_its_reason(string path, string value, string message)
    {
        var e = Assert.Throws<ScenarioException>(() => ScenarioParser.Parse(Edit(path, value), Repo.Root));
        Assert.Equal(message, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    /// <summary>The same table through the real `flowalp run` process: exit 2, nothing on stdout, exactly one stderr line, no stack trace, no output folder.</summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void The_cli_exits_2_with_that_one_line(string path, string value, string message)
    {
        string dir = Path.Combine(Path.GetTempPath(), $"bad-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        string file = Path.Combine(dir, "scenario.json");
        File.WriteAllText(file, Edit(path, value));
        try
        {
            var (code, stdout, stderr) = Cli("run", file, "--quiet", "--out", Path.Combine(dir, "out"));
            Assert.Equal(2, code);
            Assert.Equal("", stdout.Trim());
            Assert.Equal($"scenario {file}: {message}", stderr.TrimEnd('\n'));
            Assert.DoesNotContain("   at ", stderr);
            Assert.False(Directory.Exists(Path.Combine(dir, "out")), "a refused scenario writes nothing");
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void Bad_json_names_the_line()
    {
        var e = Assert.Throws<ScenarioException>(() => ScenarioParser.Parse("{\n \"name\": \"x\",\n }", Repo.Root));
        Assert.StartsWith("scenario: invalid JSON (line 3", e.Message);
    }

    [Fact]
    public void The_cli_exits_2_with_one_line_and_no_stack_trace_for_a_bad_scenario()
    {
        string file = Path.Combine(Path.GetTempPath(), $"bad-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, Edit("populations[1].count", "0"));
        try
        {
            var (code, stdout, stderr) = Cli("run", file, "--quiet");
            Assert.Equal(2, code);
            Assert.Equal("", stdout.Trim());
            Assert.Equal($"scenario {file}: populations[1].count: must be between 1 and 10000000, got 0", stderr.Trim());
        }
        finally { File.Delete(file); }
    }

    [Fact]
    public void The_cli_rejects_an_unknown_engine_and_a_missing_file_with_exit_2()
    {
        Assert.Equal(2, Cli("run", "config/scenarios/default.json", "--engine", "gpu").Code);
        var (code, _, err) = Cli("run", "no-such-scenario.json", "--quiet");
        Assert.Equal(2, code);
        Assert.Equal("scenario no-such-scenario.json: scenario: file not found: no-such-scenario.json", err.Trim());
    }

    internal static (int Code, string Out, string Err) Cli(params string[] args)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "FlowAlp.Cli.dll");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Repo.Root };
        psi.ArgumentList.Add(dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var o = p.StandardOutput.ReadToEndAsync();
        var e = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        return (p.ExitCode, o.Result, e.Result);
    }

    /// <summary>The crash scenario with the value at <paramref name="path"/> replaced (or removed when empty).</summary>
    private static string Edit(string path, string value)
    {
        var root = JsonNode.Parse(TestScenarios.Crash)!;
        var parts = path.Replace("]", "").Split('.', '[');
        JsonNode parent = root;
        for (int i = 0; i < parts.Length - 1; i++) parent = int.TryParse(parts[i], out int k) ? parent[k]! : parent[parts[i]]!;
        string last = parts[^1];
        if (parent is JsonArray arr) arr[int.Parse(last)] = JsonNode.Parse(value);
        else if (value == "") parent.AsObject().Remove(last);
        else parent[last] = JsonNode.Parse(value);
        return root.ToJsonString();
    }
}

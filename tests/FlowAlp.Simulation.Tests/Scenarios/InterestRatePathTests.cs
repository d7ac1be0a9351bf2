using System.Text.Json.Nodes;
using FlowAlp.Protocol.Interest;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Simulation.Running;
using FlowAlp.Simulation.Scenarios;

namespace FlowAlp.Simulation.Tests.Scenarios;

/// <summary>A token's interest curve from a CSV of (time, yearly rate): the pool opens at the first rate and governance sets each later one at its step, on both engines alike.</summary>
public sealed class InterestRatePathTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"rates-{Guid.NewGuid():N}");

    public InterestRatePathTests() => Directory.CreateDirectory(_dir);
    public void Dispose() => Directory.Delete(_dir, true);

    /// <summary>FLOW's rate: 5 % at the start, 10 % at 1 h, 20 % at 5430 s (not on the minute grid: made after the step at 5460 s), 1 % at 7 h (after the run).</summary>
    private const string Rates = "timestamp,rate\n0,0.05\n3600,0.10\n5430,0.2\n25200,0.01\n";

    private Scenario Parse(string csv = Rates)
    {
        File.WriteAllText(Path.Combine(_dir, "rates.csv"), csv);
        var root = JsonNode.Parse(TestScenarios.Crash)!;
        root["tokens"]![0]!["interestCurve"] = JsonNode.Parse("""{ "kind": "csv", "file": "rates.csv" }""");
        return ScenarioParser.Parse(root.ToJsonString(), _dir);
    }

    [Fact]
    public void The_pool_opens_at_the_first_rate_and_the_rest_fall_due_at_their_steps()
    {
        var s = Parse();
        Assert.Equal(new FixedCurve(UFix64.Parse("0.05").ToUFix128()), s.Pool.Tokens.Single(t => t.Symbol == "FLOW").InterestCurve);
        var path = Assert.Single(s.InterestRatePaths);
        Assert.Equal("FLOW", path.Token);
        var due = Enumerable.Range(0, 361).Select(k => (k, Rate: path.DueAt(k, 60))).Where(x => x.Rate is not null).Select(x => (x.k, x.Rate!.Value.ToString())).ToList();
        Assert.Equal(new[] { (60, UFix64.Parse("0.1").ToString()), (91, UFix64.Parse("0.2").ToString()) }, due);
        Assert.Equal(UFix64.Parse("0.01"), path.DueAt(420, 60)); // after the 6 h run: never applied
        Assert.Empty(TestScenarios.Parse().InterestRatePaths);
    }

    [Fact]
    public void A_fork_may_change_a_setting_of_a_pool_whose_rate_follows_a_file()
    {
        File.WriteAllText(Path.Combine(_dir, "rates.csv"), Rates);
        var root = JsonNode.Parse(TestScenarios.Crash)!;
        root["tokens"]![0]!["interestCurve"] = JsonNode.Parse("""{ "kind": "csv", "file": "rates.csv" }""");
        var fork = FlowAlp.Simulation.Persistence.ForkPlanner.Plan(root.ToJsonString(), _dir, 100, [("tokens[0].collateralFactor", "\"0.7\"")]);
        var step = Assert.IsType<FlowAlp.Engine.Operations.GovernanceStep>(Assert.Single(fork.Governance!));
        Assert.Equal(("collateralFactor", "FLOW", UFix64.Parse("0.7")), (step.Setting, step.Token, step.Value.Decimal!.Value));
        var rate = FlowAlp.Simulation.Persistence.ForkPlanner.Plan(root.ToJsonString(), _dir, 100, [("tokens[0].interestCurve", """{"kind":"fixed","yearlyRate":"0.3"}""")]);
        var set = Assert.IsType<FlowAlp.Engine.Operations.GovernanceStep>(Assert.Single(rate.Governance!));
        Assert.Equal(new FixedCurve(UFix64.Parse("0.3").ToUFix128()), set.Value.Curve); // until the file's next record
    }

    [Fact]
    public async Task Both_engines_log_the_same_rate_changes()
    {
        var plain = await SimulationRunner.Run(Parse(), EngineKind.Plain);
        var actors = await SimulationRunner.Run(Parse(), EngineKind.Actors);
        Assert.Equal(plain.EventLogSha256, actors.EventLogSha256);
        Assert.NotEqual((await SimulationRunner.Run(TestScenarios.Parse(), EngineKind.Plain)).EventLogSha256, plain.EventLogSha256);
        var changes = plain.EventLog.Where(l => l.Contains("GovernanceChanged") && l.Contains("tokens.FLOW.interestCurve")).ToList();
        Assert.Equal(2, changes.Count);
        Assert.Contains("fixed(yearlyRate 0.05", changes[0]);
        Assert.Contains("fixed(yearlyRate 0.1", changes[0]);
        Assert.Contains("fixed(yearlyRate 0.2", changes[1]);
    }
}

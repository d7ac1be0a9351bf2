using System.Text.Json.Nodes;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Simulation.Reports;
using FlowAlp.Simulation.Running;

namespace FlowAlp.Simulation.Tests.Scenarios;

/// <summary>Small scenarios end to end: their summaries, conservation, determinism, and engine equivalence.</summary>
public class ScenarioRunTests
{
    private static readonly Lazy<Task<SimulationResult>> CrashRun = new(() => SimulationRunner.Run(TestScenarios.Parse(), EngineKind.Actors, systemName: "crash-run"));

    [Fact]
    public async Task Crash_scenario_summary_counts_survival_and_conservation()
    {
        var r = await CrashRun.Value;
        var summary = RunReport.Summary(r);
        Assert.Equal(46, summary["positions"]!.GetValue<int>());
        var pops = summary["populations"]!.AsObject();
        Assert.Equal(20, pops["rebalancing"]!["positions"]!.GetValue<int>());
        // rebalancing borrowers keep their borrowed MOET in the wallet that tops them up: none is liquidated
        Assert.Equal(1.0, pops["rebalancing"]!["survivalRate"]!.GetValue<double>());
        // passive ones fall to 1.3 × 0.65 = 0.845 and each is liquidated at least once
        Assert.Equal(0.0, pops["passive"]!["survivalRate"]!.GetValue<double>());
        Assert.True(pops["passive"]!["liquidations"]!.GetValue<int>() >= 20);
        Assert.Equal(r.Samples[^1].Totals.LiquidationsApplied, pops.Sum(p => (long)p.Value!["liquidations"]!.GetValue<int>()));
        // paid rebalancers: every fee is one 0.00105 scheduling; 6 h at 10 min = 36 runs + the creation booking
        Assert.Equal(U("0.00105") * UFix64.FromInteger(37), U(pops["rebalancing"]!["rebalancerFeesPerPosition"]!.ToJsonString()));
        foreach (var (token, c) in summary["conservation"]!.AsObject())
            Assert.True(c!["conserved"]!.GetValue<bool>(), $"{token}: expected {c["expected"]} actual {c["actual"]}");
        Assert.Equal("0", summary["totals"]!["badDebtFinal"]!.ToJsonString()); // a JSON number, exact text
    }

    [Fact]
    public async Task Rebalancing_positions_end_within_their_bounds_and_passive_ones_at_or_below_the_liquidation_target()
    {
        var r = await CrashRun.Value;
        var s = r.Scenario;
        foreach (var a in r.Setup.Agents.Where(a => a.Population == "rebalancing"))
        {
            var h = r.Outcomes.HealthByPosition[a.Position];
            Assert.True(h >= UFix128.Parse("1.1") && h <= UFix128.Parse("1.6"), $"{a.Account}: {h}");
        }
        foreach (var a in r.Setup.Agents.Where(a => a.Population == "passive"))
        {
            var h = r.Outcomes.HealthByPosition[a.Position];
            // liquidated down to at most the 1.05 target at FLOW 0.65, then FLOW drifted up 1.5 %
            Assert.True(h > UFix128.One && h < UFix128.Parse("1.08"), $"{a.Account}: {h}");
        }
        // the sampled health percentiles are ordered
        foreach (var m in r.Samples)
            for (int i = 1; i < m.HealthPercentiles.Count; i++) Assert.True(m.HealthPercentiles[i - 1] <= m.HealthPercentiles[i]);
        Assert.Equal((int)(s.Steps / 5) + 1, r.Samples.Count);
    }

    [Fact]
    public async Task The_plain_loop_gives_the_same_event_log_and_summary_as_the_actor_engine()
    {
        var actors = await CrashRun.Value;
        var plain = await SimulationRunner.Run(TestScenarios.Parse(), EngineKind.Plain);
        Assert.Equal(actors.EventLogSha256, plain.EventLogSha256);
        Assert.Equal(RunReport.Summary(actors).ToJsonString(), RunReport.Summary(plain).ToJsonString());
    }

    [Fact]
    public async Task The_same_seed_twice_writes_byte_identical_outputs_and_another_seed_differs()
    {
        var s = TestScenarios.Parse();
        string a = Temp(), b = Temp();
        try
        {
            RunReport.Write(await SimulationRunner.Run(s, EngineKind.Actors, systemName: "twice-a"), a);
            RunReport.Write(await SimulationRunner.Run(s, EngineKind.Actors, systemName: "twice-b"), b);
            var files = Directory.GetFiles(a, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(a, f)).Order().ToList();
            Assert.Contains("report.html", files);
            Assert.Contains(Path.Combine("plots", "health.png"), files);
            Assert.Contains("events.jsonl", files);
            Assert.Equal(files, Directory.GetFiles(b, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(b, f)).Order().ToList());
            foreach (var f in files) Assert.True(File.ReadAllBytes(Path.Combine(a, f)).SequenceEqual(File.ReadAllBytes(Path.Combine(b, f))), f);

            var other = await SimulationRunner.Run(s with { Seed = 8 }, EngineKind.Plain);
            var first = JsonNode.Parse(File.ReadAllText(Path.Combine(a, "summary.json")))!;
            Assert.NotEqual(first["eventLogSha256"]!.GetValue<string>(), other.EventLogSha256); // the USDC peg and agent sizes move with the seed
        }
        finally { Directory.Delete(a, true); Directory.Delete(b, true); }
    }

    private static UFix64 U(string s) => UFix64.Parse(s);
    private static string Temp() => Path.Combine(Path.GetTempPath(), $"flowalp-run-{Guid.NewGuid():N}");
}

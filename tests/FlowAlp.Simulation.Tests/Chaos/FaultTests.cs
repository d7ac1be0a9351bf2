using System.Text.Json.Nodes;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Simulation.Reports;
using FlowAlp.Simulation.Running;
using FlowAlp.Simulation.Scenarios;
using FlowAlp.Simulation.Tests.Scenarios;

namespace FlowAlp.Simulation.Tests.Chaos;

/// <summary>
/// Each fault kind on the crash scenario (FLOW −35 % between hour 2 and 3): its effect on the run, and the live
/// invariants (checked every step) all holding. A broken engine variant shows the checker does fail.
/// </summary>
public class FaultTests
{
    internal static Scenario WithFaults(string faults)
    {
        var o = JsonNode.Parse(TestScenarios.Crash)!.AsObject();
        o["faults"] = JsonNode.Parse(faults);
        o["invariants"] = new JsonObject { ["everySteps"] = 1, ["onViolation"] = "record" };
        return ScenarioParser.Parse(o.ToJsonString(), Repo.Root);
    }

    internal static readonly Lazy<Task<JsonObject>> Baseline = new(async () => RunReport.Summary(await SimulationRunner.Run(TestScenarios.Parse(), EngineKind.Plain)));

    internal static async Task<(SimulationResult R, JsonObject Summary)> Run(string faults, EngineKind kind = EngineKind.Plain, string name = "chaos",
        Func<FlowAlp.Engine.Operations.Script, FlowAlp.Engine.Core.EventLogOptions?, ISimulationEngine>? makeEngine = null)
    {
        var r = await SimulationRunner.Run(WithFaults(faults), kind, systemName: name, makeEngine: makeEngine);
        var summary = RunReport.Summary(r);
        Assert.NotNull(r.Chaos);
        Assert.Equal(r.Scenario.Steps, (ulong)r.Chaos!.InvariantChecks);
        Assert.Empty(r.Chaos.Violations);
        Assert.True(summary["conservation"]!.AsObject().All(c => c.Value!["conserved"]!.GetValue<bool>()));
        return (r, summary);
    }

    internal static double Survival(JsonObject s, string pop) => s["populations"]![pop]!["survivalRate"]!.GetValue<double>();
    internal static long Liquidations(JsonObject s) => s["totals"]!["liquidations"]!.GetValue<long>();
    internal static JsonNode Window(JsonObject s, int i) => s["chaos"]!["windows"]![i]!;
    internal static IEnumerable<(ulong T, string Type)> Events(SimulationResult r) =>
        r.EventLog.Select(l => JsonNode.Parse(l)!).Select(j => (ulong.Parse(j["t"]!.GetValue<string>().Split('.')[0]), j["event"]!["type"]!.GetValue<string>()));

    [Fact]
    public async Task Killed_position_actors_restart_with_their_state_and_change_nothing()
    {
        var (r, s) = await Run("""[ { "kind": "killActors", "atHours": 2.5, "fraction": 0.5 } ]""", EngineKind.Actors, "kill");
        var baseline = await Baseline.Value;
        Assert.Matches(@"^crash [1-9]\d* position actors$", r.Chaos!.Injected.Single().Description);
        Assert.Equal(baseline["populations"]!.ToJsonString(), s["populations"]!.ToJsonString());
        Assert.Equal(baseline["totals"]!.ToJsonString(), s["totals"]!.ToJsonString());
    }

    /// <summary>
    /// Rebalancer, oracle and liquidator actors killed in the middle of the crash (hour 2.5, while liquidations run):
    /// supervision restarts them with their state, the request they were handling is answered, and the run's outcome is
    /// the uninterrupted one — and the plain loop, which has no actors to kill, writes the same event log.
    /// </summary>
    [Theory]
    [InlineData("rebalancers", @"^crash [1-9]\d* rebalancer actors$")]
    [InlineData("oracles", "^crash the oracle actors$")]
    [InlineData("liquidators", "^crash the liquidator actors$")]
    public async Task Killed_rebalancer_oracle_and_liquidator_actors_restart_with_their_state_and_change_nothing(string actors, string described)
    {
        string faults = $$"""[ { "kind": "killActors", "actors": "{{actors}}", "atHours": 2.5, "fraction": 0.5 } ]""";
        var (r, s) = await Run(faults, EngineKind.Actors, $"kill-{actors}");
        var (plain, _) = await Run(faults, EngineKind.Plain);
        var baseline = await Baseline.Value;
        Assert.Matches(described, r.Chaos!.Injected.Single().Description);
        Assert.Equal(baseline["populations"]!.ToJsonString(), s["populations"]!.ToJsonString());
        Assert.Equal(baseline["totals"]!.ToJsonString(), s["totals"]!.ToJsonString());
        Assert.Equal(plain.EventLogSha256, r.EventLogSha256);
    }

    [Fact]
    public async Task A_drained_funder_stops_the_schedules_and_the_cron_repairs_them_unless_the_supervisor_is_out()
    {
        var (drained, s1) = await Run("""[ { "kind": "funderDrained", "atHours": 1, "durationHours": 0.5 } ]""");
        Assert.True(s1["totals"]!["failedSchedules"]!.GetValue<long>() >= 20, "every paid rebalancer failed to pay");
        Assert.Equal(1.0, Survival(s1, "rebalancing")); // the hourly cron at 2 h repaired them before the crash

        var (_, s2) = await Run("""[ { "kind": "funderDrained", "atHours": 1, "durationHours": 0.5 }, { "kind": "supervisorOutage", "atHours": 1.5, "durationHours": 3 } ]""");
        Assert.True(Survival(s2, "rebalancing") < 1.0, "no repair during the crash: rebalancing borrowers are liquidated");
        Assert.True(Liquidations(s2) > Liquidations(s1));
    }

    [Fact]
    public async Task A_frozen_oracle_hides_the_crash_until_it_thaws()
    {
        var (r, s) = await Run("""[ { "kind": "oracleFreeze", "token": "FLOW", "atHours": 2, "durationHours": 2 } ]""");
        Assert.Equal(0L, Window(s, 0)["liquidationsDuring"]!.GetValue<long>());
        Assert.Equal("1.00000000", r.Samples.Single(m => m.Time.Floor == 3 * 3600).Tokens.Single(t => t.Token == "FLOW").Price.ToString());
        Assert.True(Liquidations(s) >= 20, "after the thaw the passive positions are liquidated");
        Assert.All(Events(r).Where(e => e.Type == "LiquidationExecuted"), e => Assert.True(e.T >= 4 * 3600)); // the thaw at 4 h, then the block
    }

    [Fact]
    public async Task An_outlier_feed_triggers_liquidations_the_market_does_not_justify()
    {
        var (r, s) = await Run("""[ { "kind": "oracleOutlier", "token": "FLOW", "factor": 0.5, "atHours": 1, "durationHours": 0.25 } ]""");
        Assert.Equal("FLOW oracle reports ×0.50000000, 0 s ahead", r.Chaos!.Injected[0].Description);
        Assert.Equal("restore the FLOW oracle", r.Chaos.Injected[1].Description);
        Assert.Equal("0.50000000", r.Samples.Single(m => m.Time.Floor == 3900).Tokens.Single(t => t.Token == "FLOW").Price.ToString());
        Assert.True(Window(s, 0)["liquidationsDuring"]!.GetValue<long>() >= 20, "passive borrowers at 1.3 × 0.5 are liquidated an hour before any crash");
        Assert.Contains(Events(r), e => e.Type == "LiquidationExecuted" && e.T < 2 * 3600);
        Assert.DoesNotContain(Events(await BaselineRun.Value), e => e.Type == "LiquidationExecuted" && e.T < 2 * 3600);
    }

    [Fact]
    public async Task A_feed_that_leads_the_market_brings_the_crash_forward()
    {
        var (r, _) = await Run("""[ { "kind": "oracleLead", "token": "FLOW", "leadSeconds": 3600, "atHours": 0.5 } ]""");
        ulong first = Events(r).First(e => e.Type == "LiquidationExecuted").T;
        ulong baseline = Events(await BaselineRun.Value).First(e => e.Type == "LiquidationExecuted").T;
        Assert.Equal(baseline - 3600, first); // the same crash, seen an hour early
    }

    [Fact]
    public async Task A_widened_oracle_source_is_rejected_by_the_spread_guard()
    {
        var (r, _) = await Run("""[ { "kind": "oracleSpread", "token": "FLOW", "factor": 1.2, "atHours": 1, "durationHours": 0.5 } ]""");
        Assert.Equal("FLOW oracle source ×1.20000000 (max spread 0.05000000)", r.Chaos!.Injected[0].Description);
        var rejected = Events(r).Where(e => e.Type == "OraclePriceRejected").ToList();
        Assert.Equal(30, rejected.Count); // every block of the half hour: (1.2 − 1) ÷ 1 = 20 % > 5 %
        Assert.All(rejected, e => Assert.InRange(e.T, 3600UL, 5400UL - 60));
        Assert.Contains("\"reason\":\"spread\"", r.EventLog.First(l => l.Contains("OraclePriceRejected")));
        Assert.Null(r.Samples.Single(m => m.Time.Floor == 4500).Tokens.Single(t => t.Token == "FLOW").Price);
        Assert.Equal("1.00000000", r.Samples.Single(m => m.Time.Floor == 5400).Tokens.Single(t => t.Token == "FLOW").Price.ToString());

        // within the spread the aggregate is the mean of the two sources: (1 + 1.02) ÷ 2
        var (r2, _) = await Run("""[ { "kind": "oracleSpread", "token": "FLOW", "factor": 1.02, "atHours": 1, "durationHours": 0.5 } ]""");
        Assert.DoesNotContain(Events(r2), e => e.Type == "OraclePriceRejected");
        Assert.Equal("1.01000000", r2.Samples.Single(m => m.Time.Floor == 4500).Tokens.Single(t => t.Token == "FLOW").Price.ToString());
    }

    internal static readonly Lazy<Task<SimulationResult>> BaselineRun = new(() => SimulationRunner.Run(TestScenarios.Parse(), EngineKind.Plain));

    [Fact]
    public async Task During_a_chain_halt_nothing_executes_while_the_market_moves()
    {
        var (r, s) = await Run("""[ { "kind": "chainHalt", "atHours": 2, "durationHours": 1.5 } ]""");
        Assert.DoesNotContain(Events(r), e => e.T >= 2 * 3600 && e.T < 3.5 * 3600);
        Assert.True(Liquidations(s) >= 20);
        Assert.True(Window(s, 0)["maxPositionsBelowOne"]!.GetValue<int>() == 0, "the pool's prices are frozen with the chain");
        Assert.Contains(Events(r), e => e.T == (ulong)(3.5 * 3600) && e.Type == "LiquidationExecuted"); // the first block after the halt
    }

    [Fact]
    public async Task A_topup_source_that_runs_dry_leaves_rebalancing_borrowers_to_the_liquidators()
    {
        var (r, s) = await Run("""[ { "kind": "sourceDry", "population": "rebalancing", "atHours": 1.5 } ]""");
        Assert.StartsWith("drain MOET of 20 accounts", r.Chaos!.Injected.Single().Description);
        Assert.True(Survival(s, "rebalancing") < 1.0);
        Assert.Equal(1.0, Survival(await Baseline.Value, "rebalancing"));
    }

    [Fact]
    public async Task Absent_liquidators_leave_unhealthy_positions_until_they_return()
    {
        var (r, s) = await Run("""[ { "kind": "liquidatorsAbsent", "atHours": 2, "durationHours": 2 } ]""");
        Assert.Equal(0L, Window(s, 0)["liquidationsDuring"]!.GetValue<long>());
        Assert.True(Window(s, 0)["maxPositionsBelowOne"]!.GetValue<int>() >= 20);
        Assert.All(Events(r).Where(e => e.Type == "LiquidationExecuted"), e => Assert.True(e.T >= 4 * 3600));
        Assert.True(Liquidations(s) >= 20);
    }

    [Fact]
    public async Task A_drained_dex_changes_what_liquidators_can_offer()
    {
        var (r, s) = await Run("""[ { "kind": "dexDrain", "atHours": 1, "fraction": 0.999 } ]""");
        Assert.Equal("drain 0.99900000 of the DEX liquidity", r.Chaos!.Injected.Single().Description);
        var baseline = await Baseline.Value;
        Assert.NotEqual(baseline["totals"]!.ToJsonString(), s["totals"]!.ToJsonString());
    }

    [Fact]
    public async Task The_invariant_checker_catches_a_broken_engine()
    {
        var s = TestScenarios.Parse();
        await using var engine = new PlainSimulationEngine(new ScenarioSetup(s).Genesis);
        Assert.Empty(await engine.CheckInvariants());
        engine.Loop.Core.World.Accounts.Credit("lp-0", "FLOW", UFix64.FromInteger(1)); // a "bug": a token from nowhere
        var violations = await engine.CheckInvariants();
        Assert.Single(violations);
        Assert.StartsWith("conservation of FLOW: world holds", violations[0]);
    }

    [Fact]
    public async Task A_chaos_run_stops_at_the_step_that_breaks_an_invariant()
    {
        var s = TestScenarios.Parse() with { Invariants = new Simulation.Chaos.InvariantSpec(1, StopOnViolation: true) };
        var e = await Assert.ThrowsAsync<SimulationException>(() => SimulationRunner.Run(s, EngineKind.Plain,
            makeEngine: (genesis, log) => new LeakyEngine(new PlainSimulationEngine(genesis, log), leakAt: 3600)));
        Assert.Matches(@"^invariant violated at step 60 \(t = 3600 s, event log position \d+\): conservation of FLOW: world holds .+, expected .+$", e.Message);
    }

    /// <summary>A deliberately broken engine: at one block it credits 1 FLOW that comes from nowhere.</summary>
    private sealed class LeakyEngine(PlainSimulationEngine inner, ulong leakAt) : DelegatingEngine(inner)
    {
        public override async Task<FlowAlp.Engine.Core.TickDone> Tick(UFix64 time)
        {
            var done = await inner.Tick(time);
            if (time.Floor == leakAt) inner.Loop.Core.World.Accounts.Credit("lp-0", "FLOW", UFix64.One);
            return done;
        }
    }

    [Fact]
    public async Task The_same_chaos_scenario_and_seed_write_byte_identical_outputs()
    {
        const string faults = """[ { "kind": "killActors", "atHours": 1, "fraction": 0.3 }, { "kind": "oracleFreeze", "token": "USDC", "atHours": 2, "durationHours": 1 }, { "kind": "chainHalt", "atHours": 3, "durationHours": 0.5 } ]""";
        string a = Path.Combine(Path.GetTempPath(), $"chaos-{Guid.NewGuid():N}"), b = a + "-b";
        try
        {
            RunReport.Write(await SimulationRunner.Run(WithFaults(faults), EngineKind.Actors, systemName: "twice-1"), a);
            RunReport.Write(await SimulationRunner.Run(WithFaults(faults), EngineKind.Actors, systemName: "twice-2"), b);
            foreach (var f in Directory.GetFiles(a, "*", SearchOption.AllDirectories))
                Assert.True(File.ReadAllBytes(f).SequenceEqual(File.ReadAllBytes(Path.Combine(b, Path.GetRelativePath(a, f)))), f);
            Assert.Contains("\"chaos\"", File.ReadAllText(Path.Combine(a, "summary.json")));
        }
        finally { Directory.Delete(a, true); Directory.Delete(b, true); }
    }
}

using System.Text.Json.Nodes;
using FlowAlp.Simulation.Running;
using FlowAlp.Simulation.Scenarios;
using FlowAlp.Simulation.Tests.Scenarios;
using static FlowAlp.Simulation.Tests.Chaos.FaultTests;
using static FlowAlp.Simulation.Tests.Chaos.RebalancerFaultTests;

namespace FlowAlp.Simulation.Tests.Chaos;

/// <summary>Source and sink faults: a topUpSource that only partially fills, a drawDownSink that refuses, a yield vault that loses liquidity.</summary>
public class ConnectorFaultTests
{
    /// <summary>The crash scenario edited by <paramref name="edit"/>, with faults and invariants every step (recorded).</summary>
    private static async Task<SimulationResult> RunEdited(Action<JsonObject> edit, string faults, EngineKind kind = EngineKind.Plain, string name = "connector")
    {
        var o = JsonNode.Parse(TestScenarios.Crash)!.AsObject();
        edit(o);
        o["faults"] = JsonNode.Parse(faults);
        o["invariants"] = new JsonObject { ["everySteps"] = 1, ["onViolation"] = "record" };
        var r = await SimulationRunner.Run(ScenarioParser.Parse(o.ToJsonString(), Repo.Root), kind, systemName: name);
        Assert.Equal(r.Scenario.Steps, (ulong)r.Chaos!.InvariantChecks);
        Assert.Empty(r.Chaos.Violations);
        return r;
    }

    private static void Rising(JsonObject o) => // FLOW +50 % between hour 1 and 2: rebalancing borrowers go above their max health
        o["prices"]!["FLOW"] = JsonNode.Parse("""{ "process": "scripted", "start": 1.0, "points": [ { "hours": 1, "price": 1.0 }, { "hours": 2, "price": 1.5 }, { "hours": 6, "price": 1.5 } ] }""");

    private static void YieldVaults(JsonObject o)
    {
        o["yieldVaults"] = JsonNode.Parse("""{ "yieldToken": "YIELD", "apr": "0.1", "depth": "10000000" }""");
        o["populations"]![1]!["topUpSource"] = "yieldVault";
        o["populations"]![1]!["drawDownSink"] = "yieldVault";
        o["populations"]![1]!.AsObject().Remove("borrowedFunds"); // the loan goes to the vault (the default with a vault sink)
    }

    [Fact]
    public async Task A_source_that_partially_fills_leaves_partial_top_ups_on_record()
    {
        var (r, s) = await Run("""[ { "kind": "sourceDry", "population": "rebalancing", "fraction": 0.9, "atHours": 1.5 } ]""");
        Assert.Equal("drain MOET of 20 accounts (×0.90000000)", r.Chaos!.Injected.Single().Description);
        var partial = RebalancerFaultTests.Engine(r, "PartialTopUp");
        Assert.NotEmpty(partial);
        Assert.All(partial, e => Assert.True(e.T > 2 * 3600, "during the crash"));
        var (_, dry) = await Run("""[ { "kind": "sourceDry", "population": "rebalancing", "atHours": 1.5 } ]""");
        Assert.True(Survival(s, "rebalancing") >= Survival(dry, "rebalancing")); // a tenth of the funds still helps
    }

    [Fact]
    public async Task A_refusing_sink_holds_back_every_draw_down_until_it_accepts_again()
    {
        const string refuse = """[ { "kind": "sinkRefuses", "population": "rebalancing", "atHours": 0.5, "durationHours": 3 } ]""";
        var r = await RunEdited(Rising, refuse);
        var control = await RunEdited(Rising, """[ { "kind": "dexDrain", "atHours": 5.9, "fraction": 0 } ]""");
        var rebalancing = r.Setup.Agents.Where(a => a.Population == "rebalancing").Select(a => a.Position).ToHashSet();
        int DrawDowns(SimulationResult x, ulong from, ulong until) => RebalancerFaultTests.Engine(x, "Rebalanced")
            .Count(e => !e.E["fromUnder"]!.GetValue<bool>() && rebalancing.Contains(e.E["position"]!.GetValue<long>()) && e.T >= from && e.T < until);
        Assert.Equal("20 drawDownSinks refuse deposits", r.Chaos!.Injected[0].Description);
        Assert.Equal(20, RebalancerFaultTests.Engine(r, "DrawDownSinkSet").Count(e => e.E["sink"]!.GetValue<string>() == "dead"));
        Assert.True(DrawDowns(control, 3600, 12600) >= 20, $"{DrawDowns(control, 3600, 12600)}: FLOW +50 % lifts every rebalancing borrower above max");
        Assert.Equal(0, DrawDowns(r, 1800, 12600)); // a sink with no capacity: the plan moves nothing
        Assert.Equal(20, RebalancerFaultTests.Engine(r, "DrawDownSinkSet").Count(e => e.E["sink"]!.GetValue<string>().StartsWith("wallet"))); // given back at 3.5 h
        Assert.True(DrawDowns(r, 12600, 6 * 3600) >= 20, "then they draw down");
    }

    [Fact]
    public async Task A_vault_that_loses_liquidity_moves_the_loss_to_the_escrow_and_conserves_every_token()
    {
        var r = await RunEdited(YieldVaults, """[ { "kind": "vaultLoss", "fraction": 0.8, "atHours": 1 } ]""");
        var fault = RebalancerFaultTests.Engine(r, "FaultInjected").Single();
        Assert.Equal("yield vaults lose 0.80000000 of their liquidity", fault.E["fault"]!.GetValue<string>());
        Assert.True(decimal.Parse(fault.E["detail"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture) > 0);
        var control = await RunEdited(YieldVaults, """[ { "kind": "vaultLoss", "fraction": 0, "atHours": 1 } ]""");
        Assert.Empty(RebalancerFaultTests.Engine(control, "PartialTopUp"));
        var shortOf = RebalancerFaultTests.Engine(r, "PartialTopUp").Select(e => e.E["position"]!.GetValue<long>()).ToHashSet();
        Assert.Equal(r.Setup.Agents.Where(a => a.Population == "rebalancing").Select(a => a.Position).ToHashSet(), shortOf); // every vault-backed borrower tops up short in the crash
    }

    [Fact]
    public async Task The_new_faults_give_byte_identical_logs_on_both_engines()
    {
        const string faults = """
            [ { "kind": "oracleSpread", "token": "USDC", "factor": 1.2, "atHours": 1, "durationHours": 0.5 },
              { "kind": "rebalancerStretch", "factor": 2, "atHours": 0.5, "durationHours": 1 },
              { "kind": "rebalancersIneffective", "fraction": 0.3, "atHours": 2, "durationHours": 1 },
              { "kind": "sinkRefuses", "population": "rebalancing", "atHours": 1, "durationHours": 1 },
              { "kind": "sourceDry", "population": "rebalancing", "fraction": 0.5, "atHours": 2.5 },
              { "kind": "messageFault", "message": "rebalancerReady", "action": "drop", "rate": 0.2, "atHours": 1 } ]
            """;
        var actors = await RunEdited(Rising, faults, EngineKind.Actors, "new-faults");
        var plain = await RunEdited(Rising, faults, EngineKind.Plain);
        Assert.Equal(plain.EventLog, actors.EventLog);
        Assert.Equal(plain.EventLogSha256, actors.EventLogSha256);
    }
}

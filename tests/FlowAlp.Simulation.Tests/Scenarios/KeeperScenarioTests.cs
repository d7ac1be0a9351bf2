using System.Text.Json.Nodes;
using Json.Schema;
using FlowAlp.Simulation.Reports;
using FlowAlp.Simulation.Running;
using FlowAlp.Simulation.Scenarios;

namespace FlowAlp.Simulation.Tests.Scenarios;

/// <summary>
/// A scenario with a yield token market (pool keepers and a slippage bound): both engines write the same event log and
/// summary, the keepers trade, every token is conserved, and the reports add slippage only where the scenario opts in.
/// </summary>
public class KeeperScenarioTests
{
    private const string Base = """
    {
      "name": "keepers-test",
      "seed": 11,
      "durationHours": 2,
      "stepSeconds": 60,
      "sampleEverySteps": 5,
      "tokens": [
        { "symbol": "BTC", "collateralFactor": "0.8", "borrowFactor": "1.0", "interestCurve": { "kind": "fixed", "yearlyRate": "0.02" },
          "depositRate": "1000000", "depositCapacityCap": "100000000", "depositLimitFraction": "1", "minimumBalance": "0.0001" }
      ],
      "prices": { "BTC": { "process": "scripted", "start": 100000, "points": [ { "hours": 0.5, "price": 100000 }, { "hours": 1.5, "price": 77000 }, { "hours": 2, "price": 78000 } ] } },
      "dex": { "feeBps": 30, "depth": { "BTC": "5000000" } },
      "rebalancers": { "intervalSeconds": 300, "fee": "0.00105", "feeToken": "MOET", "cronSeconds": 3600, "adminFunds": "1000" },
      "yieldVaults": YIELD_VAULTS,
      "populations": [
        { "name": "lp", "kind": "lp", "count": 1, "deposit": { "MOET": "500000" } },
        { "name": "hightide", "count": 30, "collateral": { "BTC": 1 }, "size": { "min": 2000, "max": 20000 },
          "health": { "min": 1.1, "target": 1.3, "max": 1.5, "initial": { "min": 1.15, "max": 1.4 } },
          "topUpSource": "yieldVault", "drawDownSink": "yieldVault", "borrowedFunds": "yieldVault", "rebalancer": "paid" }
      ],
      "liquidators": [ { "name": "liq", "count": 1, "capital": "500000", "discountBps": 50 } ]
    }
    """;

    private const string WithKeepers = """
      { "yieldToken": "YIELD", "apr": "0.1", "depth": "400000", "maxSlippageBps": 100,
        "keepers": { "count": 2, "inventory": { "MOET": "300000", "YIELD": "300000" }, "intervalHours": 0.5, "deviationBps": 50, "delaySeconds": 120 } }
    """;

    private static Scenario Parse(string vaults) => ScenarioParser.Parse(Base.Replace("YIELD_VAULTS", vaults), ".");

    [Fact]
    public async Task Both_engines_give_the_same_event_log_and_summary_with_keepers_trading()
    {
        var s = Parse(WithKeepers);
        var plain = await SimulationRunner.Run(s, EngineKind.Plain);
        var actors = await SimulationRunner.Run(s, EngineKind.Actors, systemName: "keepers-actors");
        Assert.Equal(plain.EventLogSha256, actors.EventLogSha256);
        Assert.Equal(RunReport.Summary(plain).ToJsonString(), RunReport.Summary(actors).ToJsonString());

        var arbitrages = plain.EventLog.Where(l => l.Contains("\"type\":\"KeeperArbitrage\"")).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.NotEmpty(arbitrages);
        // the set-up's purchases made the yield token dear: first seen at 60 s, traded 120 s later by the first keeper
        Assert.Equal("180.00000000", arbitrages[0]["t"]!.GetValue<string>());
        Assert.Equal("keeper-000", arbitrages[0]["event"]!["keeper"]!.GetValue<string>());
        Assert.Equal("YIELD", arbitrages[0]["event"]!["tokenIn"]!.GetValue<string>());
        foreach (var a in arbitrages)
        {
            // each trade ends at the reference (within a few raw units), or short of it when the inventory runs out
            decimal after = decimal.Parse(a["event"]!["priceAfter"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(after, 0.995m, 1.005m);
        }
        Assert.True(plain.Conservation.All(c => c.Value.Expected == c.Value.Actual));

        var pop = RunReport.Summary(plain)["populations"]!["hightide"]!;
        long sales = pop["vaultSales"]!.GetValue<long>();
        Assert.True(sales > 0, "the crash made the vaults sell");
        decimal slippage = pop["slippage"]!.GetValue<decimal>();
        Assert.True(slippage > 0, $"{slippage}"); // at least the pool's fee on every sale
        Assert.Equal(pop["costOfRebalancingPerBorrower"]!.GetValue<decimal>() + pop["slippagePerBorrower"]!.GetValue<decimal>(),
            pop["costOfRebalancingWithSlippagePerBorrower"]!.GetValue<decimal>(), 7);

        var rows = PositionTable.Build(plain);
        var csv = PositionTable.Csv(PositionTable.Cells(rows)).Split('\n');
        var header = csv[0].Split(',');
        Assert.Equal(PositionTable.Columns, header);
        Assert.Equal(slippage, rows.Sum(r => r.SlippageMoet ?? 0m));
        Assert.Equal(sales, rows.Sum(r => r.VaultSales ?? 0));
        Assert.All(rows.Where(r => r.Population == "hightide"), r => Assert.Equal(r.FeesPaidMoet + r.SlippageMoet, r.CostOfRebalancingMoet));

        // the summary with the market's figures still follows its schema
        var schema = JsonSchema.FromFile(Path.Combine(Repo.Root, "docs", "schemas", "summary.schema.json"));
        var result = schema.Evaluate(JsonNode.Parse(RunReport.Summary(plain).ToJsonString()), new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(result.IsValid, string.Join("\n", (result.Details ?? []).Where(d => d.Errors is not null)
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))));
    }

    [Fact]
    public async Task Without_a_market_the_reports_add_nothing()
    {
        var s = Parse("""{ "yieldToken": "YIELD", "apr": "0.1", "depth": "400000" }""");
        Assert.Null(s.Strategies!.Market);
        var r = await SimulationRunner.Run(s, EngineKind.Plain);
        Assert.DoesNotContain(r.EventLog, l => l.Contains("KeeperArbitrage"));
        Assert.Null(r.Outcomes.VaultSales);
        var pop = RunReport.Summary(r)["populations"]!["hightide"]!.AsObject();
        Assert.False(pop.ContainsKey("slippage"));
        var header = PositionTable.Csv(PositionTable.Cells(PositionTable.Build(r))).Split('\n')[0].Split(',');
        Assert.Equal(PositionTable.Columns.Take(PositionTable.Columns.Count - PositionTable.OptInColumns), header);
        Assert.DoesNotContain("slippageMoet", header);
    }

    [Theory]
    [InlineData("""{ "apr": "0.1", "keepers": { "inventory": { "BTC": "1" } } }""", "yieldVaults.keepers.inventory.BTC: a keeper inventory holds only MOET and YIELD")]
    [InlineData("""{ "apr": "0.1", "maxSlippageBps": 10001 }""", "yieldVaults.maxSlippageBps")]
    [InlineData("""{ "apr": "0.1", "referencePrice": "0" }""", "yieldVaults.referencePrice: must be greater than 0")]
    [InlineData("""{ "apr": "0.1", "referencePrice": [ { "hours": 1, "price": "1" }, { "hours": 1, "price": "2" } ] }""", "points must be in increasing time")]
    [InlineData("""{ "apr": "0.1", "keepers": { "inventory": { "MOET": "1" }, "deviationBps": 0 } }""", "yieldVaults.keepers.deviationBps")]
    [InlineData("""{ "apr": "0.1", "keepers": { "inventory": { "MOET": "1" }, "delay": 5 } }""", "yieldVaults.keepers")]
    [InlineData("""{ "apr": "0.1", "keepers": { "inventory": { "YIELD": "150000000000" } } }""", "yieldVaults.keepers.inventory.YIELD: the scenario")]
    public void A_malformed_market_is_refused_with_its_field(string vaults, string message)
    {
        var e = Assert.Throws<ScenarioException>(() => Parse(vaults));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void The_market_is_parsed_exactly()
    {
        var s = Parse("""
          { "apr": "0.1", "maxSlippageBps": 25, "referencePrice": [ { "hours": 0, "price": "1" }, { "hours": 24, "price": "1.0002739" } ],
            "keepers": { "count": 3, "inventory": { "MOET": "1000", "YIELD": "2000" }, "intervalHours": 12, "delaySeconds": 30 } }
        """);
        var m = s.Strategies!.Market!;
        Assert.Equal((ushort)25, m.MaxSlippageBps);
        Assert.Equal(new FlowAlp.Engine.Keepers.KeeperSettings(3, Protocol.Numerics.UFix64.FromInteger(1000), Protocol.Numerics.UFix64.FromInteger(2000), 43_200, 50, 30), m.Keepers);
        Assert.Equal(Protocol.Numerics.UFix64.Parse("1.00013695"), m.Reference.At(Protocol.Numerics.UFix64.FromInteger(43_200)));
    }
}

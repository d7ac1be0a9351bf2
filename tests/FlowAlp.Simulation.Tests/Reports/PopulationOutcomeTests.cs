using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Simulation.Reports;
using FlowAlp.Simulation.Running;
using FlowAlp.Simulation.Tests.Scenarios;
using Json.Schema;

namespace FlowAlp.Simulation.Tests.Reports;

/// <summary>
/// The per-position table, the per-population series and summary, and the report's headline, on the small crash
/// scenario (an LP, 20 rebalancing, 20 passive and 5 mixed borrowers; the passive ones are liquidated): checked against
/// the run's own event log and engine totals, and summary.json against its JSON Schema.
/// </summary>
public class PopulationOutcomeTests
{
    private static readonly Lazy<Task<SimulationResult>> Run = new(() => SimulationRunner.Run(TestScenarios.Parse(), EngineKind.Plain));

    private static decimal D(string text) => decimal.Parse(text, CultureInfo.InvariantCulture);

    /// <summary>The run's events, parsed once: (time, event object).</summary>
    private static List<(decimal Time, JsonObject Event)> Events(SimulationResult r) =>
        r.EventLog.Select(l => JsonNode.Parse(l)!.AsObject()).Select(o => (D(o["t"]!.GetValue<string>()), o["event"]!.AsObject())).ToList();

    [Fact]
    public async Task One_row_per_agent_position_with_its_population()
    {
        var r = await Run.Value;
        var rows = PositionTable.Build(r);
        Assert.Equal(46, rows.Count);
        Assert.Equal(r.Setup.Agents.Select(a => (a.Position, a.Population)), rows.Select(x => (x.Id, x.Population)));
        Assert.Equal([1, 20, 20, 5], r.Scenario.Populations.Select(p => rows.Count(x => x.Population == p.Name)));
    }

    [Fact]
    public async Task Liquidation_figures_of_each_row_match_the_events()
    {
        var r = await Run.Value;
        var rows = PositionTable.Build(r).ToDictionary(x => x.Id);
        var liquidations = Events(r).Where(e => e.Event["type"]!.GetValue<string>() == "LiquidationExecuted")
            .GroupBy(e => e.Event["position"]!.GetValue<long>()).ToDictionary(g => g.Key, g => g.ToList());
        Assert.Equal(20, liquidations.Count); // every passive borrower, no one else
        Assert.All(liquidations.Keys, id => Assert.Equal("passive", rows[id].Population));
        foreach (var (id, row) in rows)
        {
            var mine = liquidations.TryGetValue(id, out var l) ? l : [];
            Assert.Equal(mine.Count, row.Liquidations);
            decimal seized = mine.Sum(e => D(e.Event["seizeAmount"]!.GetValue<string>()));
            decimal repaid = mine.Sum(e => D(e.Event["repayAmount"]!.GetValue<string>()));
            Assert.Equal(mine.Count == 0 ? "" : $"FLOW:{seized.ToString("0.00000000", CultureInfo.InvariantCulture)}", row.CollateralSeized);
            Assert.Equal(repaid, row.DebtRepaidByLiquidatorsMoet);
            // FLOW started at 1.0 and passive borrowers pay no fees: realised P&L = debt repaid − seized FLOW × 1.0
            if (row.Population == "passive") Assert.Equal(repaid - seized, row.PnlRealisedMoet);
            Assert.Equal(row.CollateralSeizedMoet - row.DebtRepaidByLiquidatorsMoet, row.LiquidationPenaltyMoet);
        }
        // the seized FLOW was worth less than at the start: every liquidated borrower realised a loss
        Assert.All(liquidations.Keys, id => Assert.True(rows[id].PnlRealisedMoet < 0, $"{id}: {rows[id].PnlRealisedMoet}"));
        // a liquidation needs health below 1: the lowest health of every liquidated position says so (seen just before a
        // liquidation, between samples), at a time within the run's liquidations of it or a sample
        foreach (var (id, mine) in liquidations)
        {
            Assert.True(rows[id].MinHealth < 1m, $"{id}: lowest health {rows[id].MinHealth}");
            Assert.True(rows[id].MinHealthTime >= mine.Min(e => e.Time) || rows[id].MinHealthTime % (r.Scenario.SampleEverySteps * (long)r.Scenario.StepSeconds) == 0, $"{id}: at {rows[id].MinHealthTime}");
        }
        // no one else was liquidated, and no rebalanced position fell below 1
        Assert.All(rows.Values.Where(x => x.Liquidations == 0 && x.MinHealth is not null), x => Assert.True(x.MinHealth >= 1m, $"{x.Id}: {x.MinHealth}"));
    }

    [Fact]
    public async Task Rebalance_counts_and_volumes_of_each_row_match_the_events_after_opening()
    {
        var r = await Run.Value;
        var rows = PositionTable.Build(r).ToDictionary(x => x.Id);
        // the opening borrow (t = 0) is a set-up step, not a rebalancer's rebalance
        var rebalances = Events(r).Where(e => e.Time > 0 && e.Event["type"]!.GetValue<string>() == "Rebalanced").ToList();
        Assert.NotEmpty(rebalances);
        foreach (var (id, row) in rows)
        {
            var mine = rebalances.Where(e => e.Event["position"]!.GetValue<long>() == id).ToList();
            Assert.Equal(mine.Count, row.Rebalances);
            Assert.Equal(mine.Where(e => e.Event["fromUnder"]!.GetValue<bool>()).Sum(e => D(e.Event["amount"]!.GetValue<string>())), row.TopUpVolumeMoet);
            Assert.Equal(mine.Where(e => !e.Event["fromUnder"]!.GetValue<bool>()).Sum(e => D(e.Event["amount"]!.GetValue<string>())), row.DrawDownVolumeMoet);
            Assert.Equal(r.Outcomes.FeesByPosition.TryGetValue(id, out var f) ? D(f.ToString()) : 0m, row.FeesPaidMoet);
        }
        Assert.Equal(0, rows.Values.Where(x => x.Population == "passive").Sum(x => x.Rebalances));
        // 37 paid runs of 0.00105 per rebalancing borrower (6 h at 10 min + the booking at creation)
        Assert.All(rows.Values.Where(x => x.Population == "rebalancing"), x => Assert.Equal(37 * 0.00105m, x.FeesPaidMoet));
    }

    [Fact]
    public async Task Populations_sum_to_the_engine_totals_in_the_summary_and_in_every_series_row()
    {
        var r = await Run.Value;
        var summary = RunReport.Summary(r);
        var pops = summary["populations"]!.AsObject();
        long Sum(string field) => pops.Sum(p => p.Value![field]!.GetValue<long>());
        Assert.Equal(summary["totals"]!["liquidations"]!.GetValue<long>(), Sum("liquidations"));
        Assert.Equal(summary["totals"]!["rebalances"]!.GetValue<long>(), Sum("rebalances"));
        Assert.Equal(summary["positions"]!.GetValue<long>(), Sum("positions"));
        Assert.Equal(20, pops["passive"]!["liquidatedPositions"]!.GetValue<int>());
        Assert.Equal(0.0, pops["passive"]!["survivalRate"]!.GetValue<double>());
        Assert.Equal(1.0, pops["rebalancing"]!["survivalRate"]!.GetValue<double>());
        Assert.Equal(D("0.03885"), pops["rebalancing"]!["costOfRebalancingPerBorrower"]!.GetValue<decimal>());
        Assert.True(pops["passive"]!["lossPerLiquidatedBorrower"]!.GetValue<decimal>() > 0);
        Assert.Null(pops["rebalancing"]!["lossPerLiquidatedBorrower"]);

        // each sample's population rows add up to the pool-wide sample of the same time (kept samples: every one here)
        var rows = r.Populations!.Rows();
        Assert.Equal(r.Samples.Count * 4, rows.Count);
        foreach (var (m, group) in r.Samples.Zip(rows.Chunk(4)))
        {
            Assert.All(group, g => Assert.Equal(m.Time.Floor, g.Time));
            Assert.Equal(["lp", "rebalancing", "passive", "mixed"], group.Select(g => g.Population));
            Assert.Equal(m.Indebted, group.Sum(g => g.Indebted));
            Assert.Equal(m.Liquidatable, group.Sum(g => g.Liquidatable));
            Assert.Equal(m.Totals.LiquidationsApplied, group.Sum(g => g.Liquidations));
            Assert.Equal(m.Totals.Rebalances, group.Sum(g => g.Rebalances));
            Assert.Equal(m.BadDebt, group.Aggregate(UFix128.Zero, (a, g) => a + g.BadDebt));
        }
    }

    [Fact]
    public async Task A_position_without_debt_has_no_health_and_says_no_debt()
    {
        var r = await Run.Value;
        var lp = PositionTable.Build(r).Single(x => x.Population == "lp");
        Assert.False(lp.HasDebt);
        Assert.False(lp.InitialHasDebt);
        Assert.Null(lp.FinalHealth);
        Assert.Null(lp.MinHealth);
        Assert.Null(lp.MinHealthTime);
        var csv = PositionTable.Csv([lp]).Split('\n');
        var cells = csv[1].Split(',');
        var header = csv[0].Split(',');
        Assert.Equal("", cells[Array.IndexOf(header, "finalHealth")]);
        Assert.Equal("false", cells[Array.IndexOf(header, "hasDebt")]);
        // the LP deposited 100000 MOET; the deposit limit took 50000 at once and queued the rest (queued deposits are not collateral)
        Assert.Equal("50000", cells[Array.IndexOf(header, "initialCollateralMoet")]);
        var pop = RunReport.Summary(r)["populations"]!["lp"]!;
        Assert.Equal("no debt", pop["finalHealthMin"]!.GetValue<string>());
        Assert.Equal("no debt", pop["minHealth"]!.GetValue<string>());
    }

    [Fact]
    public async Task Summary_numbers_are_json_numbers_with_exact_text_and_the_summary_matches_its_schema()
    {
        var r = await Run.Value;
        var summary = RunReport.Summary(r);
        string json = summary.ToJsonString();
        Assert.DoesNotContain("340282366920938", json);
        var fees = summary["populations"]!["rebalancing"]!["rebalancerFees"]!;
        Assert.Equal(JsonValueKind.Number, fees.GetValueKind());
        Assert.Equal("0.777", fees.ToJsonString()); // 20 × 37 × 0.00105, exact
        Assert.Equal(JsonValueKind.Number, summary["totals"]!["badDebtFinal"]!.GetValueKind());

        var schema = JsonSchema.FromFile(Path.Combine(Repo.Root, "docs", "schemas", "summary.schema.json"));
        var result = schema.Evaluate(JsonNode.Parse(json), new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(result.IsValid, string.Join("\n", (result.Details ?? []).Where(d => d.Errors is not null)
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))));

        // and a summary that breaks it is caught: a string where a count belongs
        var bad = JsonNode.Parse(json)!;
        bad["populations"]!["passive"]!["liquidations"] = "400";
        Assert.False(schema.Evaluate(bad).IsValid);
    }

    [Fact]
    public async Task The_report_opens_with_the_headline_table_and_writes_the_population_files()
    {
        var r = await Run.Value;
        string dir = Path.Combine(Path.GetTempPath(), $"flowalp-headline-{Guid.NewGuid():N}");
        try
        {
            RunReport.Write(r, dir);
            string html = File.ReadAllText(Path.Combine(dir, "report.html"));
            int headline = html.IndexOf("<table id=\"headline\"", StringComparison.Ordinal);
            Assert.True(headline > 0 && headline < html.IndexOf("<h2 id=\"summary\">Summary</h2>", StringComparison.Ordinal), "the headline comes before the summary");
            Assert.Contains("<th scope=\"col\">lp</th><th scope=\"col\">rebalancing</th><th scope=\"col\">passive</th><th scope=\"col\">mixed</th>", html);
            Assert.Contains("<tr><th scope=\"row\">Survived (never liquidated)</th><td class=\"num\">100.0 % (1 of 1)</td><td class=\"num\">100.0 % (20 of 20)</td><td class=\"num\">0.0 % (0 of 20)</td>", html);
            Assert.Contains("<tr><th scope=\"row\">Cost of rebalancing per borrower (MOET)</th><td class=\"num\">0.00</td><td class=\"num\">0.0389</td>", html);
            Assert.Contains("href=\"comparison/report.html\"", html);
            Assert.DoesNotContain("340282366920938", html);
            foreach (var plot in new[] { "health-by-population", "collateral-debt-by-population", "activity-by-population" })
                Assert.True(new FileInfo(Path.Combine(dir, "plots", plot + ".png")).Length > 10_000, plot);
            Assert.Equal(47, File.ReadAllLines(Path.Combine(dir, PositionTable.FileName)).Length);
            var series = File.ReadAllLines(Path.Combine(dir, PopulationSeries.FileName));
            Assert.Equal(string.Join(",", PopulationSeries.Columns), series[0]);
            Assert.Equal(1 + r.Samples.Count * 4, series.Length);
            Assert.StartsWith("0,lp,1,0,0,,,,,,", series[1]);
        }
        finally { if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true); }
    }
}

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using FlowAlp.Reporting;
using FlowAlp.Simulation.Running;
using FlowAlp.Simulation.Scenarios;

namespace FlowAlp.Simulation.Reports;

/// <summary>
/// What report.html opens with: the answer to "did rebalancing pay, for whom, at what cost" as a headline table
/// (id "headline", one column per population side by side, human labels, numbers rounded for reading: the exact values
/// are in summary.json and positions.csv), then the populations' plots (health median with its p5–p95 band, collateral
/// and debt, liquidations and rebalances), and links to the comparison page and the data files.
/// </summary>
public static class RunHeadline
{
    public const string TableId = "headline";

    public static ReportLead Lead(Scenario s, JsonObject summary, IReadOnlyList<PopulationSample> rows, bool plots, bool comparison)
    {
        var lead = new ReportLead().Heading("Headline: populations side by side");
        var pops = s.Populations.Select(p => (p.Name, Summary: summary["populations"]![p.Name]!.AsObject())).ToList();
        var table = new List<(string, IReadOnlyList<string>)>();
        void Row(string label, Func<JsonObject, string> cell) => table.Add((label, pops.Select(p => cell(p.Summary)).ToList()));
        Row("Kind", p => Text(p["kind"]));
        Row("Positions", p => Count(p["positions"]));
        Row("Survived (never liquidated)", p => $"{Percent(p["survivalRate"], 100)} ({Count(Num(p["positions"]) - Num(p["liquidatedPositions"]))} of {Count(p["positions"])})");
        Row("Liquidations (positions liquidated)", p => $"{Count(p["liquidations"])} ({Count(p["liquidatedPositions"])})");
        Row("Bad debt at the end (MOET)", p => Moet(p["badDebt"]));
        Row("Rebalances", p => Count(p["rebalances"]));
        Row("Rebalancer fees, total (MOET)", p => Moet(p["rebalancerFees"]));
        Row("Cost of rebalancing per borrower (MOET)", p => Moet(p["costOfRebalancingPerBorrower"]));
        bool slippage = pops.Any(p => p.Summary.ContainsKey("slippage"));
        if (slippage)
        {
            Row("Slippage per borrower, vault sales vs reference (MOET)", p => Moet(p["slippagePerBorrower"]));
            Row("Slippage per sale, average (largest one) (MOET)", p => p["slippagePerSale"] is null ? "no sales" : $"{Moet(p["slippagePerSale"])} ({Moet(p["largestRebalanceSlippage"])})");
            Row("Cost of rebalancing with slippage per borrower (MOET)", p => Moet(p["costOfRebalancingWithSlippagePerBorrower"]));
        }
        Row("Loss per liquidated borrower, realised (MOET)", p => p["lossPerLiquidatedBorrower"] is null ? "none liquidated" : Moet(p["lossPerLiquidatedBorrower"]));
        Row("Liquidation penalty per liquidated borrower (MOET)", p => p["liquidationPenaltyPerLiquidatedBorrower"] is null ? "none liquidated" : Moet(p["liquidationPenaltyPerLiquidatedBorrower"]));
        Row("P&L, mark-to-market (MOET)", p => Moet(p["pnl"]));
        Row("P&L, mark-to-market (% of initial equity)", p => Percent(p["pnlPercent"], 1));
        Row("P&L, realised (MOET)", p => Moet(p["pnlRealised"]));
        Row("Lowest health (when)", p => p["minHealth"] is JsonValue v && v.GetValueKind() == JsonValueKind.Number
            ? $"{Num(v).ToString("0.000", CultureInfo.InvariantCulture)} at {(Num(p["minHealthTime"]) / 3600m).ToString("0.0", CultureInfo.InvariantCulture)} h" : Text(p["minHealth"]));
        Row("Final median health", p => p["finalHealthMedian"] is JsonValue v && v.GetValueKind() == JsonValueKind.Number
            ? Num(v).ToString("0.000", CultureInfo.InvariantCulture) : Text(p["finalHealthMedian"]));
        lead.Table(TableId, ["", .. pops.Select(p => p.Name)], table,
            $"{s.Name}, seed {s.Seed}: {s.DurationSeconds / 3600.0:0.##} h. Money in MOET at oracle prices, rounded for reading; exact values in summary.json and positions.csv.");
        var links = new List<string>();
        if (comparison) links.Add("<a href=\"comparison/report.html\">borrower populations compared</a>");
        links.Add($"<a href=\"{PositionTable.FileName}\">{PositionTable.FileName}</a> (one row per position; its id and population join the event log)");
        links.Add($"<a href=\"{PopulationSeries.FileName}\">{PopulationSeries.FileName}</a> (the time series per population)");
        lead.Paragraph("P&amp;L mark-to-market: change of the position's equity (collateral − debt at oracle prices) + MOET drawn down − MOET topped up − "
            + "rebalancer fees. Realised: debt repaid by liquidators − the collateral they seized at its initial price − fees. "
            + "Loss per liquidated borrower: minus its realised P&amp;L. Liquidation penalty: seized collateral at the oracle price when seized − the debt "
            + "it repaid (negative: liquidators paid more than the oracle value). Cost of rebalancing: rebalancer fees per position (whoever funded them). "
            + (slippage ? "Slippage: the yield-token units a vault sold, at the reference price, − the MOET they fetched; with slippage, the cost adds it to the fees. " : "")
            + "See also: " + string.Join("; ", links) + ".");
        if (plots && rows.Count > 0) Plots(lead, s, rows);
        return lead;
    }

    /// <summary>The populations' figures, rendered later by the report writer with its other plots (side by side).</summary>
    private static void Plots(ReportLead lead, Scenario s, IReadOnlyList<PopulationSample> rows)
    {
        var borrowers = s.Populations.Where(p => !p.IsLp).Select(p => p.Name).ToList();
        if (borrowers.Count == 0) return;
        var by = borrowers.ToDictionary(b => b, b => rows.Where(r => r.Population == b).ToList());
        double[] Hours(string b) => by[b].Select(r => r.Time / 3600.0).ToArray();
        double[] Health(string b, int i) => by[b].Select(r => r.HealthPercentiles.Count == 0 ? double.NaN : r.HealthPercentiles[i].ToDouble()).ToArray();
        lead.Heading("Populations over time");
        lead.Figure("health-by-population", "Health per population: median line, p5–p95 band shaded (positions that owe something)",
            () => BandPlot.Render("Health per population (median, p5–p95 band)", "health (effective collateral / effective debt)",
                borrowers.Select(b => new BandSeries(b, Hours(b), Health(b, 2), Health(b, 0), Health(b, 4))).ToList(),
                [(1.0, "health 1: liquidatable below")]));
        lead.Figure("collateral-debt-by-population", "Collateral value (solid) and debt (dashed) per population, MOET at oracle prices",
            () => BandPlot.Render("Collateral value and debt per population", "MOET",
                borrowers.SelectMany((b, i) => new[]
                {
                    new BandSeries($"{b}: collateral", Hours(b), by[b].Select(r => r.CollateralValue.ToDouble()).ToArray(), Color: i),
                    new BandSeries($"{b}: debt", Hours(b), by[b].Select(r => r.Debt.ToDouble()).ToArray(), Dashed: true, Color: i),
                }).ToList()));
        lead.Figure("activity-by-population", "Liquidations (solid) and rebalances (dashed) per population, cumulative counts",
            () => BandPlot.Render("Liquidations and rebalances per population (cumulative)", "count",
                borrowers.SelectMany((b, i) => new[]
                {
                    new BandSeries($"{b}: liquidations", Hours(b), by[b].Select(r => (double)r.Liquidations).ToArray(), Color: i),
                    new BandSeries($"{b}: rebalances", Hours(b), by[b].Select(r => (double)r.Rebalances).ToArray(), Dashed: true, Color: i),
                }).ToList()));
    }

    private static decimal Num(JsonNode? n) => decimal.Parse(n!.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);
    private static string Text(JsonNode? n) => n is null ? "—" : n.GetValueKind() == JsonValueKind.String ? n.GetValue<string>() : n.ToJsonString();
    private static string Count(JsonNode? n) => Count(Num(n));
    private static string Count(decimal v) => v.ToString("#,0", CultureInfo.InvariantCulture);
    private static string Percent(JsonNode? n, decimal scale) => n is null ? "—" : (Num(n) * scale).ToString("0.0", CultureInfo.InvariantCulture) + " %";

    /// <summary>Money for reading: two decimals, four significant digits below 1 (fees of a few thousandths stay visible).</summary>
    private static string Moet(JsonNode? n)
    {
        if (n is null) return "—";
        decimal v = Num(n);
        return v != 0 && Math.Abs(v) < 1 ? v.ToString("0.####", CultureInfo.InvariantCulture) : v.ToString("#,0.00", CultureInfo.InvariantCulture);
    }
}

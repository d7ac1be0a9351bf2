using System.Text.Json.Nodes;
using FlowAlp.Simulation.Scenarios;

namespace FlowAlp.Simulation.Reports;

/// <summary>
/// summary.json's "populations": each population's positions (<see cref="PositionRow"/>) summed up — survival,
/// liquidations, rebalancing volume and fees, what liquidations took, bad debt, P&amp;L, lowest health — so the cost of
/// rebalancing per borrower (its rebalancer fees) stands next to the loss per liquidated borrower (its realised loss:
/// collateral given up below its initial value, and fees). Definitions: docs/outputs.md.
/// </summary>
public static class PopulationSummary
{
    public static string Kind(PopulationSpec pop) =>
        pop.IsLp ? "lp" : pop.Rebalancer == RebalancerKind.None && pop.TopUpSource == Funding.None ? "passive borrower" : "rebalancing borrower";

    public static JsonObject Section(Scenario s, IReadOnlyList<PositionRow> rows)
    {
        var pops = new JsonObject();
        foreach (var pop in s.Populations)
            pops[pop.Name] = Of(Kind(pop), rows.Where(r => r.Population == pop.Name).ToList());
        return pops;
    }

    public static JsonObject Of(string kind, IReadOnlyList<PositionRow> rows)
    {
        int n = rows.Count;
        var liquidated = rows.Where(r => r.Liquidations > 0).ToList();
        decimal fees = rows.Sum(r => r.FeesPaidMoet), loss = rows.Sum(r => r.LiquidationPenaltyMoet), equity = rows.Sum(r => r.InitialEquityMoet);
        decimal pnl = rows.Sum(r => r.PnlMoet), realised = rows.Sum(r => r.PnlRealisedMoet);
        var finals = rows.Where(r => r.FinalHealth is not null).Select(r => r.FinalHealth!.Value).Order().ToList();
        var lowest = rows.Where(r => r.MinHealth is not null).OrderBy(r => r.MinHealth).ThenBy(r => r.MinHealthTime).FirstOrDefault();
        var o = new JsonObject
        {
            ["kind"] = kind,
            ["positions"] = n,
            ["liquidatedPositions"] = liquidated.Count,
            ["survivalRate"] = n == 0 ? 0 : Math.Round((double)(n - liquidated.Count) / n, 6),
            ["liquidations"] = rows.Sum(r => r.Liquidations),
            ["rebalances"] = rows.Sum(r => r.Rebalances),
            ["topUpVolume"] = JsonNumbers.Of(rows.Sum(r => r.TopUpVolumeMoet)),
            ["drawDownVolume"] = JsonNumbers.Of(rows.Sum(r => r.DrawDownVolumeMoet)),
            ["rebalancerFees"] = JsonNumbers.Of(fees),
            ["rebalancerFeesPerPosition"] = JsonNumbers.Of(PerOne(fees, n)),
            ["costOfRebalancingPerBorrower"] = JsonNumbers.Of(PerOne(fees, n)),
            ["collateralSeized"] = JsonNumbers.Of(rows.Sum(r => r.CollateralSeizedMoet)),
            ["debtRepaidByLiquidators"] = JsonNumbers.Of(rows.Sum(r => r.DebtRepaidByLiquidatorsMoet)),
            ["liquidationPenalty"] = JsonNumbers.Of(loss),
            ["liquidationPenaltyPerLiquidatedBorrower"] = liquidated.Count == 0 ? null : JsonNumbers.Of(PerOne(loss, liquidated.Count)),
            ["lossPerLiquidatedBorrower"] = liquidated.Count == 0 ? null : JsonNumbers.Of(PerOne(-liquidated.Sum(r => r.PnlRealisedMoet), liquidated.Count)),
            ["badDebt"] = JsonNumbers.Of(rows.Sum(r => r.BadDebtMoet)),
            ["initialEquity"] = JsonNumbers.Of(equity),
            ["pnl"] = JsonNumbers.Of(pnl),
            ["pnlPercent"] = JsonNumbers.Of(equity > 0 ? PositionTable.Trim(Math.Round(pnl / equity * 100m, 6)) : null),
            ["pnlPerPosition"] = JsonNumbers.Of(PerOne(pnl, n)),
            ["pnlRealised"] = JsonNumbers.Of(realised),
            ["pnlRealisedPercent"] = JsonNumbers.Of(equity > 0 ? PositionTable.Trim(Math.Round(realised / equity * 100m, 6)) : null),
            ["minHealth"] = JsonNumbers.Health(lowest?.MinHealth),
            ["minHealthTime"] = lowest?.MinHealthTime,
            ["finalHealthMin"] = JsonNumbers.Health(finals.Count == 0 ? null : finals[0]),
            ["finalHealthMedian"] = JsonNumbers.Health(finals.Count == 0 ? null : finals[finals.Count / 2]),
        };
        if (rows.Any(r => r.SlippageMoet is not null)) AddSlippage(o, rows, fees);
        return o;
    }

    /// <summary>The yield token market's figures (only for a run that booked its vaults' sales): slippage paid and the cost of rebalancing with it.</summary>
    private static void AddSlippage(JsonObject o, IReadOnlyList<PositionRow> rows, decimal fees)
    {
        int n = rows.Count;
        long sales = rows.Sum(r => r.VaultSales ?? 0);
        decimal slippage = rows.Sum(r => r.SlippageMoet ?? 0m);
        o["vaultSales"] = sales;
        o["yieldUnitsSold"] = JsonNumbers.Of(rows.Sum(r => r.YieldUnitsSold ?? 0m));
        o["principalUnitsSold"] = JsonNumbers.Of(rows.Sum(r => r.PrincipalUnitsSold ?? 0m));
        o["slippage"] = JsonNumbers.Of(slippage);
        o["slippagePerBorrower"] = JsonNumbers.Of(PerOne(slippage, n));
        o["slippagePerSale"] = sales == 0 ? null : JsonNumbers.Of(PerOne(slippage, (int)Math.Min(sales, int.MaxValue)));
        o["largestRebalanceSlippage"] = JsonNumbers.Of(rows.Count == 0 ? 0m : rows.Max(r => r.LargestRebalanceSlippageMoet ?? 0m));
        o["costOfRebalancingWithSlippagePerBorrower"] = JsonNumbers.Of(PerOne(fees + slippage, n));
    }

    /// <summary>A total per position (or per liquidated borrower), to 8 decimal places (MOET's).</summary>
    private static decimal PerOne(decimal total, int count) => count == 0 ? 0m : PositionTable.Trim(Math.Round(total / count, 8));
}

using System.Text.Json.Nodes;
using FlowAlp.Actors.Pool;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Reporting;
using FlowAlp.Simulation.Running;
using FlowAlp.Engine.Core;

namespace FlowAlp.Simulation.Reports;

/// <summary>
/// A run's outputs: the time series (exact values as printed by the protocol), the summary (per population: survival,
/// liquidations, rebalancing cost; totals; price extremes; conservation of every token), the plots and the HTML page.
/// Nothing in them depends on the wall clock, so the same scenario and seed write byte-identical files.
/// </summary>
public static class RunReport
{
    private static readonly UFix128 SecondsPerYear = UFix128.FromInteger(31_536_000);

    public static TimeSeries Series(SimulationResult r)
    {
        var ts = new TimeSeries(Columns(r.Scenario, r.Samples[0]));
        foreach (var m in r.Samples) ts.AddRow(Row(r.Scenario, m));
        return ts;
    }

    /// <summary>The time series' columns for a scenario, from its first sample's tokens.</summary>
    public static List<string> Columns(Scenarios.Scenario scenario, MetricsSample first)
    {
        var tokens = first.Tokens.Select(t => t.Token).ToList();
        var columns = new List<string> { TimeSeries.TimeColumn };
        columns.AddRange(tokens.Where(t => scenario.Prices.ContainsKey(t)).Select(t => $"price_{t}"));
        columns.AddRange(tokens.Select(t => $"utilisation_{t}"));
        columns.AddRange(tokens.Select(t => $"borrowApr_{t}"));
        columns.AddRange(PoolCore.Percentiles.Select(p => $"health_p{p}"));
        columns.AddRange(["indebted", "liquidatable", "rebalances", "liquidations", "failedSchedules", "badDebt", "moetSupply"]);
        columns.AddRange(tokens.Select(t => $"reserve_{t}"));
        return columns;
    }

    /// <summary>One sample's row, cells as the protocol prints them.</summary>
    public static string[] Row(Scenarios.Scenario scenario, MetricsSample m)
    {
        var tokens = m.Tokens.Select(t => t.Token).ToList();
        var row = new List<string> { m.Time.Floor.ToString() };
        var byToken = m.Tokens.ToDictionary(t => t.Token);
        row.AddRange(tokens.Where(t => scenario.Prices.ContainsKey(t)).Select(t => byToken[t].Price?.ToString() ?? "0"));
        row.AddRange(tokens.Select(t => byToken[t].Utilisation.ToString()));
        row.AddRange(tokens.Select(t => Apr(byToken[t].DebitRate).ToString()));
        row.AddRange(m.HealthPercentiles.Select(h => h.ToString()));
        row.AddRange([m.Indebted.ToString(), m.Liquidatable.ToString(), m.Totals.Rebalances.ToString(), m.Totals.LiquidationsApplied.ToString(),
            m.Totals.FailedSchedules.ToString(), m.BadDebt.ToString(), m.MoetSupply.ToString()]);
        row.AddRange(tokens.Select(t => byToken[t].Reserve.ToString()));
        return row.ToArray();
    }

    /// <summary>A per-second rate (1 + r) as a simple yearly rate: (rate − 1) · seconds per year.</summary>
    private static UFix128 Apr(UFix128 perSecond) => UFix128.SaturatingSub(perSecond, UFix128.One) * SecondsPerYear;

    public static JsonObject Summary(SimulationResult r)
    {
        var s = r.Scenario;
        var last = r.Samples[^1];
        var pops = new JsonObject();
        foreach (var pop in s.Populations)
        {
            var agents = r.Setup.Agents.Where(a => a.Population == pop.Name).ToList();
            int liquidated = agents.Count(a => r.Outcomes.LiquidationsByPosition.ContainsKey(a.Position));
            int liquidations = agents.Sum(a => r.Outcomes.LiquidationsByPosition.TryGetValue(a.Position, out var n) ? n : 0);
            UFix64 fees = agents.Aggregate(UFix64.Zero, (acc, a) => acc + (r.Outcomes.FeesByPosition.TryGetValue(a.Position, out var f) ? f : UFix64.Zero));
            var healths = agents.Select(a => r.Outcomes.HealthByPosition.TryGetValue(a.Position, out var h) ? h : UFix128.Max).Order().ToList();
            pops[pop.Name] = new JsonObject
            {
                ["kind"] = pop.IsLp ? "lp" : pop.Rebalancer == Scenarios.RebalancerKind.None && pop.TopUpSource == Scenarios.Funding.None ? "passive borrower" : "rebalancing borrower",
                ["positions"] = agents.Count,
                ["liquidatedPositions"] = liquidated,
                ["survivalRate"] = Ratio(agents.Count - liquidated, agents.Count),
                ["liquidations"] = liquidations,
                ["rebalancerFees"] = fees.ToString(),
                ["rebalancerFeesPerPosition"] = (agents.Count == 0 ? UFix64.Zero : fees / UFix64.FromInteger((ulong)agents.Count)).ToString(),
                ["finalHealthMin"] = healths.Count == 0 ? null : healths[0].ToString(),
                ["finalHealthMedian"] = healths.Count == 0 ? null : healths[healths.Count / 2].ToString(),
            };
        }
        var prices = new JsonObject();
        foreach (var token in s.Prices.Keys.Order(StringComparer.Ordinal))
        {
            var series = r.Samples.Select(m => m.Tokens.First(t => t.Token == token).Price ?? UFix64.Zero).ToList();
            prices[token] = new JsonObject { ["start"] = series[0].ToString(), ["min"] = series.Min().ToString(), ["max"] = series.Max().ToString(), ["end"] = series[^1].ToString() };
        }
        var conservation = new JsonObject();
        foreach (var (token, (expected, actual)) in r.Conservation.OrderBy(c => c.Key, StringComparer.Ordinal))
            conservation[token] = new JsonObject { ["expected"] = expected.ToString(), ["actual"] = actual.ToString(), ["conserved"] = expected == actual };
        return new JsonObject
        {
            ["scenario"] = s.Name,
            ["seed"] = s.Seed,
            ["durationHours"] = s.DurationSeconds / 3600.0,
            ["stepSeconds"] = s.StepSeconds,
            ["steps"] = s.Steps,
            ["positions"] = last.Positions,
            ["populations"] = pops,
            ["totals"] = new JsonObject
            {
                ["rebalances"] = last.Totals.Rebalances,
                ["rebalancerRuns"] = last.Totals.RebalancerRuns,
                ["failedSchedules"] = last.Totals.FailedSchedules,
                ["liquidations"] = last.Totals.LiquidationsApplied,
                ["liquidationOffersRejected"] = last.Totals.LiquidationsRejected,
                ["badDebtFinal"] = last.BadDebt.ToString(),
                ["badDebtMax"] = (r.BadDebtMax ?? r.Samples.Select(m => m.BadDebt).Max()).ToString(),
                ["moetSupplyFinal"] = last.MoetSupply.ToString(),
                ["insuranceFund"] = last.InsuranceFund.ToString(),
            },
            ["prices"] = prices,
            ["conservation"] = conservation,
            ["chaos"] = r.Chaos is { } c ? ChaosReport.Section(r, c) : null,
            ["eventLogSha256"] = r.EventLogSha256,
            ["events"] = r.EventCount,
        };
    }

    private static double Ratio(int a, int b) => b == 0 ? 0 : Math.Round((double)a / b, 6);

    public static IReadOnlyList<PlotSpec> Plots(TimeSeries ts)
    {
        string[] Cols(string prefix) => ts.Columns.Where(c => c.StartsWith(prefix, StringComparison.Ordinal)).ToArray();
        return
        [
            new PlotSpec("prices", "Oracle prices (MOET)", "price (MOET per token)", Cols("price_")),
            new PlotSpec("health", "Health of indebted positions (percentiles)", "health factor (collateral ÷ debt)", Cols("health_p")),
            new PlotSpec("activity", "Rebalances and liquidations (cumulative)", "count (cumulative)", ["rebalances", "liquidations", "failedSchedules"]),
            new PlotSpec("bad-debt", "Bad debt (MOET)", "bad debt (MOET)", ["badDebt"], ZeroNote: "No bad debt: 0 MOET throughout the run (plots/bad-debt.png)."),
            new PlotSpec("utilisation", "Pool utilisation", "utilisation (debit ÷ credit)", Cols("utilisation_")),
        ];
    }

    /// <summary>What the population comparison (comparison/report.html) sets side by side.</summary>
    public static readonly IReadOnlyList<string> ComparedMetrics = ["survivalRate", "liquidatedPositions", "liquidations", "rebalancerFeesPerPosition", "finalHealthMedian"];

    /// <summary>Writes timeseries.csv, summary.json, plots/*.png, report.html, comparison/ (two or more borrower populations) and (if asked) events.jsonl into <paramref name="dir"/>.</summary>
    public static JsonObject Write(SimulationResult r, string dir)
    {
        var ts = Series(r);
        var summary = Summary(r);
        var o = r.Scenario.Outputs;
        var borrowers = r.Scenario.Populations.Where(p => !p.IsLp).ToList();
        ReportWriter.Write(dir, $"FlowAlp run — {r.Scenario.Name} (seed {r.Scenario.Seed})", ts, summary, o.Plots || o.Html ? ChaosReport.Shade(Plots(ts), summary["chaos"]) : [],
            [("Scenario", $"{r.Scenario.Name}: {r.Scenario.Populations.Sum(p => p.Count)} agents, {r.Scenario.DurationSeconds / 3600.0} h of {r.Scenario.StepSeconds} s steps.")],
            summary["chaos"] is JsonObject chaos ? ChaosReport.Tables(chaos) : null,
            borrowers.Count >= 2 ? [("Populations side by side", "comparison/report.html")] : null, ["chaos"]);
        if (borrowers.Count >= 2)
            ComparisonReport.Write(Path.Combine(dir, "comparison"), $"{r.Scenario.Name}: populations side by side",
                borrowers.Select(p => (p.Name, summary["populations"]![p.Name]!.AsObject())).ToList(), ComparedMetrics, [("Run report", "../report.html")]);
        if (o.EventLog && r.EventLog.Count == r.EventCount)
        {
            string tmp = Path.Combine(dir, ".events.jsonl.tmp");
            File.WriteAllText(tmp, string.Concat(r.EventLog.Select(l => l + "\n")));
            File.Move(tmp, Path.Combine(dir, "events.jsonl"), overwrite: true);
        }
        return summary;
    }
}

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
        columns.AddRange(PoolMetrics.Percentiles.Select(p => $"health_p{p}"));
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

    /// <summary>The summary with its per-population section built from the run's position table (<see cref="PositionTable"/>).</summary>
    public static JsonObject Summary(SimulationResult r) => Summary(r, PositionTable.Build(r));

    /// <summary>
    /// summary.json: the run, its populations side by side (<see cref="PopulationSummary"/>), totals, price extremes,
    /// conservation of every token, chaos. Numbers are JSON numbers with their exact decimal text (<see cref="JsonNumbers"/>);
    /// docs/schemas/summary.schema.json describes every field.
    /// </summary>
    public static JsonObject Summary(SimulationResult r, IReadOnlyList<PositionRow> positions)
    {
        var s = r.Scenario;
        var last = r.Samples[^1];
        var pops = PopulationSummary.Section(s, positions);
        var prices = new JsonObject();
        foreach (var token in s.Prices.Keys.Order(StringComparer.Ordinal))
        {
            var series = r.Samples.Select(m => m.Tokens.First(t => t.Token == token).Price ?? UFix64.Zero).ToList();
            prices[token] = new JsonObject { ["start"] = JsonNumbers.Of(series[0]), ["min"] = JsonNumbers.Of(series.Min()), ["max"] = JsonNumbers.Of(series.Max()), ["end"] = JsonNumbers.Of(series[^1]) };
        }
        var conservation = new JsonObject();
        foreach (var (token, (expected, actual)) in r.Conservation.OrderBy(c => c.Key, StringComparer.Ordinal))
            conservation[token] = new JsonObject { ["expected"] = JsonNumbers.Of(expected), ["actual"] = JsonNumbers.Of(actual), ["conserved"] = expected == actual };
        var summary = new JsonObject
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
                ["badDebtFinal"] = JsonNumbers.Of(last.BadDebt),
                ["badDebtMax"] = JsonNumbers.Of(r.BadDebtMax ?? r.Samples.Select(m => m.BadDebt).Max()),
                ["moetSupplyFinal"] = JsonNumbers.Of(last.MoetSupply),
                ["insuranceFund"] = JsonNumbers.Of(last.InsuranceFund),
            },
            ["prices"] = prices,
            ["conservation"] = conservation,
            ["chaos"] = r.Chaos is { } c ? ChaosReport.Section(r, c) : null,
            ["eventLogSha256"] = r.EventLogSha256,
            ["events"] = r.EventCount,
        };
        // read back as a reader of the file sees it: every number a parsed element (GetValue<int>, <long>, <double>, <decimal> all work)
        return JsonNode.Parse(summary.ToJsonString())!.AsObject();
    }

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
    public static readonly IReadOnlyList<string> ComparedMetrics =
        ["survivalRate", "liquidatedPositions", "liquidations", "rebalancerFeesPerPosition", "lossPerLiquidatedBorrower", "pnlPercent", "finalHealthMedian"];

    /// <summary>The compared metrics a population has as numbers (a null or "no debt" is left out), and the metrics any population has.</summary>
    private static (List<(string, JsonObject)> Runs, List<string> Metrics) Compared(JsonObject summary, IEnumerable<string> populations)
    {
        var runs = populations.Select(name =>
        {
            var numbers = new JsonObject();
            foreach (var m in ComparedMetrics)
                if (summary["populations"]![name]![m] is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.Number) numbers[m] = v.DeepClone();
            return (name, numbers);
        }).ToList();
        return (runs, ComparedMetrics.Where(m => runs.Any(r => r.numbers.ContainsKey(m))).ToList());
    }

    /// <summary>The links on top of report.html: the populations side by side, and a fork's source beside it.</summary>
    private static List<(string Text, string Href)> Links(bool comparison, bool fork)
    {
        var links = new List<(string, string)>();
        if (comparison) links.Add(("Populations side by side", "comparison/report.html"));
        if (fork) links.Add(("Source and fork side by side", $"{ForkReport.Folder}/report.html"));
        return links;
    }

    /// <summary>
    /// Writes timeseries.csv, timeseries-populations.csv, positions.csv (and its Parquet copy, from the same cells),
    /// summary.json, plots/*.png, report.html (opening with the headline: populations side by side, and their plots),
    /// comparison/ (two or more borrower populations) and (if asked) events.jsonl into <paramref name="dir"/>. The
    /// scenario's outputs.plots off renders no PNG anywhere (neither here nor in comparison/), outputs.html off writes no
    /// page (<see cref="ReportParts"/>). <paramref name="timings"/> collects the wall time of each phase.
    /// </summary>
    /// <param name="fork">a fork's origin: its title and header say so, and fork/ sets source and fork side by side (<see cref="ForkReport"/>)</param>
    /// <param name="eventLog">the run's finished event log file: events.parquet is written from it while the report is made (the two share no file)</param>
    public static JsonObject Write(SimulationResult r, string dir, ForkOrigin? fork = null, OutputTimings? timings = null, string? eventLog = null)
    {
        Task events = Task.CompletedTask;
        if (eventLog is not null)
        {
            Directory.CreateDirectory(dir);
            events = Task.Run(() => ParquetOutputs.WriteEvents(dir, eventLog, r.Scenario.StepSeconds, timings));
        }
        JsonObject summary;
        try { summary = WriteReport(r, dir, fork, timings); }
        catch
        {
            // the report's failure is the one to tell; the events copy must have stopped, and goes with the report
            try { events.Wait(); }
            catch (AggregateException) { }
            if (eventLog is not null) ParquetTables.TryDelete(Path.Combine(dir, ParquetOutputs.EventsFile));
            throw;
        }
        events.GetAwaiter().GetResult();
        return summary;
    }

    private static JsonObject WriteReport(SimulationResult r, string dir, ForkOrigin? fork, OutputTimings? timings)
    {
        var ts = timings.Time("series", () => Series(r));
        var positions = timings.Time("positions", () => PositionTable.Build(r));
        var summary = timings.Time("summary", () => Summary(r, positions));
        if (fork is not null) summary["fork"] = fork.ToJson();
        var o = r.Scenario.Outputs;
        var parts = new ReportParts(o.Plots, o.Html);
        var borrowers = r.Scenario.Populations.Where(p => !p.IsLp).ToList();
        var populationRows = r.Populations!.Rows();
        var positionCells = timings.Time("csv", () => PositionTable.Cells(positions));
        var lead = RunHeadline.Lead(r.Scenario, summary, populationRows, o.Plots, comparison: borrowers.Count >= 2)
            .File(PositionTable.FileName, timings.Time("csv", () => PositionTable.Csv(positionCells)))
            .File(PopulationSeries.FileName, timings.Time("csv", () => PopulationSeries.Csv(populationRows)));
        ReportWriter.Write(dir, fork is null ? $"FlowAlp run — {r.Scenario.Name} (seed {r.Scenario.Seed})" : ForkReport.Title(fork, r.Scenario), ts, summary,
            o.Plots ? ChaosReport.Shade(Plots(ts), summary["chaos"]) : [],
            [.. fork is null ? [] : ForkReport.Notes(fork),
             ("Scenario", $"{r.Scenario.Name}: {r.Scenario.Populations.Sum(p => p.Count)} agents, {r.Scenario.DurationSeconds / 3600.0} h of {r.Scenario.StepSeconds} s steps.")],
            summary["chaos"] is JsonObject chaos ? ChaosReport.Tables(chaos) : null,
            Links(borrowers.Count >= 2, fork is not null),
            ["chaos"], lead, parts, timings);
        timings.Time("parquet positions", () => ParquetOutputs.WritePositions(dir, positionCells));
        if (fork is not null && timings.Time("fork", () => ForkReport.Write(dir, fork, r.Scenario, summary)) is { } why) Serilog.Log.Warning("Fork report: {Why}", why);
        if (borrowers.Count >= 2)
        {
            var (runs, metrics) = Compared(summary, borrowers.Select(p => p.Name));
            timings.Time("comparison", () => ComparisonReport.Write(Path.Combine(dir, "comparison"), $"{r.Scenario.Name}: populations side by side", runs, metrics,
                [("Run report", "../report.html")], parts));
        }
        if (o.EventLog && r.EventLog.Count == r.EventCount)
        {
            timings.Time("events", () =>
            {
                string tmp = Path.Combine(dir, ".events.jsonl.tmp");
                File.WriteAllText(tmp, string.Concat(r.EventLog.Select(l => l + "\n")));
                File.Move(tmp, Path.Combine(dir, "events.jsonl"), overwrite: true);
            });
        }
        return summary;
    }
}

using System.Globalization;
using System.Text.Json.Nodes;
using FlowAlp.Reporting;
using FlowAlp.Simulation.Persistence;

namespace FlowAlp.Simulation.Optimization;

/// <summary>
/// The folder of <c>flowalp optimize</c>: <c>evaluations.csv</c> (one row per evaluation in the order run: the searched
/// value and every field it set, seeds, verdict, statistic, bound, the counts behind a share, conservation, wall time),
/// <c>frontier.json</c> (the answer, its interval, the evaluations and runs it took, the constraint), <c>index.html</c>
/// with <c>frontier.png</c> (the statistic and its bound against the value; no PNG when the scenario's outputs.plots is
/// off, no page when outputs.html is off). Everything but the wall-time column is the same for the same command.
/// </summary>
public static class OptimizeFiles
{
    public const string Evaluations = "evaluations.csv", Frontier = "frontier.json";

    /// <summary>Every top-level name optimize writes in its folder (its manifest lists them).</summary>
    public static readonly IReadOnlyList<string> Owned =
    [
        OutputFolder.ManifestFile, Evaluations, Evaluations + ".tmp", Frontier, Frontier + ".tmp",
        FrontierReport.FileName, FrontierReport.FileName + ".tmp", FrontierReport.PlotFile, FrontierReport.PlotFile + ".tmp",
    ];

    // readable text in frontier.json ("x+0.3", "Clopper–Pearson"), not \u escapes; it is a data file, never HTML
    private static readonly System.Text.Json.JsonSerializerOptions JsonOptions = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static JsonObject Write(string dir, string scenarioName, OptimizeResult result, bool plots, bool html)
    {
        Directory.CreateDirectory(dir);
        var (header, rows) = Table(result, withTimes: true);
        WriteAtomic(Path.Combine(dir, Evaluations), ReportWriter.CsvLine(header) + string.Concat(rows.Select(ReportWriter.CsvLine)));
        var frontier = FrontierJson(scenarioName, result);
        WriteAtomic(Path.Combine(dir, Frontier), frontier.ToJsonString(JsonOptions) + "\n");
        var (pageHeader, pageRows) = Table(result, withTimes: false);
        var (statistic, bound) = Legend(result.Request.Constraint);
        var iv = result.Search.Interval;
        FrontierReport.Write(dir, $"{scenarioName}: {Goal(result.Request.Goal)} {result.Request.Parameter.Path} where {result.Request.Constraint.Text}",
            Lines(result), new FrontierChart($"{result.Request.Constraint.Text} over {result.Request.Seeds} seeds", result.Request.Parameter.Path,
                result.Request.Constraint.Metric == OptimizeConstraint.BadDebtVaR ? "bad debt (MOET)" : "share of borrowers", statistic, bound, result.Request.Constraint.Threshold,
                result.Evaluations.Select(e => (double)e.Value).ToList(), result.Evaluations.Select(e => e.Result.Statistic).ToList(),
                result.Evaluations.Select(e => e.Result.Bound).ToList(), result.Evaluations.Select(e => e.Result.Passes).ToList(),
                iv is { } i ? ((double)i.Low, (double)i.High) : null),
            pageHeader, pageRows, plots, html);
        return frontier;
    }

    /// <summary>The answer in words: the first line is the one the console prints.</summary>
    public static IReadOnlyList<string> Lines(OptimizeResult r)
    {
        var q = r.Request;
        string path = q.Parameter.Path, range = $"[{Text(q.Low)}, {Text(q.High)}]";
        string head = r.Search switch
        {
            { Found: false } => $"No value of {path} in {range} passes {q.Constraint.Text}.",
            { Failing: null, Answer: { } a } => $"{path} = {Text(a)} passes {q.Constraint.Text} at the end of the range {range}: the boundary may lie beyond it.",
            { Answer: { } a, Interval: { } i } => $"{Goal(q.Goal)} {path} that passes {q.Constraint.Text}: {Text(a)}, the boundary in [{Text(i.Low)}, {Text(i.High)}].",
            _ => throw new InvalidOperationException("a found search has an answer"),
        };
        var (statistic, bound) = q.Constraint.Describe();
        var lines = new List<string>
        {
            head,
            $"{r.Evaluations.Count} evaluations ({r.Runs} runs): {q.Method.ToString().ToLowerInvariant()} over {range} to a tolerance of {Text(q.Tolerance)}, "
            + $"{q.Seeds} seeds ({q.FirstSeed}…{q.FirstSeed + (ulong)q.Seeds - 1}, the same at every value), engine {q.Engine.ToString().ToLowerInvariant()}.",
            $"Statistic: {statistic}. Bound: {bound}.",
        };
        if (q.Parameter.Fields.Count > 1)
            lines.Add("Moved with it: " + string.Join(", ", q.Parameter.Fields.Skip(1).Select(f => $"{f.Path} = {f.Expression}")) + ".");
        if (!r.Search.Monotone)
            lines.Add("Not monotone: a failing value lies on the passing side of a passing one; the answer is one boundary of several.");
        if (r.Evaluations.Any(e => !e.Conserved)) lines.Add("Some runs did not conserve tokens: see evaluations.csv.");
        return lines;
    }

    private static JsonObject FrontierJson(string scenarioName, OptimizeResult r)
    {
        var q = r.Request;
        var (statistic, bound) = q.Constraint.Describe();
        var iv = r.Search.Interval;
        return new JsonObject
        {
            ["scenario"] = scenarioName,
            ["parameter"] = q.Parameter.Path,
            ["movedWith"] = new JsonArray(q.Parameter.Fields.Skip(1).Select(f => (JsonNode)new JsonObject { ["path"] = f.Path, ["expression"] = f.Expression }).ToArray()),
            ["range"] = new JsonArray(Json(q.Low), Json(q.High)),
            ["goal"] = q.Goal.ToString().ToLowerInvariant(),
            ["constraint"] = new JsonObject
            {
                ["text"] = q.Constraint.Text,
                ["metric"] = q.Constraint.Metric,
                ["population"] = q.Constraint.Population,
                ["threshold"] = q.Constraint.Threshold,
                ["confidence"] = q.Constraint.Confidence,
                ["level"] = q.Constraint.Level,
                ["statistic"] = statistic,
                ["bound"] = bound,
            },
            ["found"] = r.Search.Found,
            ["answer"] = Json(r.Search.Answer),
            ["interval"] = iv is { } i ? new JsonArray(Json(i.Low), Json(i.High)) : null,
            ["lastFailing"] = Json(r.Search.Failing),
            ["firstPassing"] = Json(r.Search.Passing),
            ["monotone"] = r.Search.Monotone,
            ["method"] = q.Method.ToString().ToLowerInvariant(),
            ["tolerance"] = Json(q.Tolerance),
            ["gridPoints"] = q.Method == SearchMethod.Grid ? q.GridPoints : null,
            ["seeds"] = new JsonObject { ["first"] = q.FirstSeed, ["count"] = q.Seeds },
            ["engine"] = q.Engine.ToString().ToLowerInvariant(),
            ["evaluations"] = r.Evaluations.Count,
            ["runs"] = r.Runs,
            ["allConserved"] = r.Evaluations.All(e => e.Conserved),
        };
    }

    private static (List<string> Header, List<IReadOnlyList<string>> Rows) Table(OptimizeResult r, bool withTimes)
    {
        var header = new List<string> { "evaluation" };
        header.AddRange(r.Request.Parameter.Fields.Select(f => f.Path));
        header.AddRange(["seeds", "passes", "statistic", "bound", "successes", "trials", "conserved"]);
        if (withTimes) header.Add("wallSeconds");
        var rows = r.Evaluations.Select(e =>
        {
            var cells = new List<string> { e.Order.ToString(CultureInfo.InvariantCulture) };
            cells.AddRange(e.Overrides.Select(o => o.Value));
            cells.AddRange([e.Seeds.ToString(CultureInfo.InvariantCulture), e.Result.Passes ? "true" : "false", Number(e.Result.Statistic), Number(e.Result.Bound),
                e.Result.Successes?.ToString(CultureInfo.InvariantCulture) ?? "", e.Result.Trials?.ToString(CultureInfo.InvariantCulture) ?? "", e.Conserved ? "true" : "false"]);
            if (withTimes) cells.Add(e.WallSeconds.ToString("0.000", CultureInfo.InvariantCulture));
            return (IReadOnlyList<string>)cells;
        }).ToList();
        return (header, rows);
    }

    /// <summary>The chart's legend: the statistic and the bound in a few words.</summary>
    private static (string Statistic, string Bound) Legend(OptimizeConstraint c)
    {
        string level = c.Confidence is { } v ? v.ToString(CultureInfo.InvariantCulture) : "";
        return c.Metric switch
        {
            OptimizeConstraint.Survival => ($"{c.Population}: share never liquidated (pooled)", c.Confidence is null ? "bound: the share" : $"Clopper–Pearson lower bound ({level})"),
            OptimizeConstraint.Liquidated => ($"{c.Population}: share liquidated (pooled)", c.Confidence is null ? "bound: the share" : $"Clopper–Pearson upper bound ({level})"),
            _ => ("mean of badDebtMax", $"VaR {(c.Level!.Value * 100).ToString(CultureInfo.InvariantCulture)} % of badDebtMax"),
        };
    }

    /// <summary>A decimal as a JSON number written as typed, without trailing zeros (1.05, not 1.050).</summary>
    private static JsonNode? Json(decimal? v) => v is { } d ? JsonNode.Parse(Text(d)) : null;

    private static string Goal(OptimizeGoal goal) => goal == OptimizeGoal.Lowest ? "lowest" : "highest";

    private static string Text(decimal v) => OptimizeParameter.Text(v);

    /// <summary>A statistic to 10 significant digits: readable, and the same text on every machine.</summary>
    private static string Number(double v) => v.ToString("G10", CultureInfo.InvariantCulture);

    private static void WriteAtomic(string path, string text)
    {
        File.WriteAllText(path + ".tmp", text);
        File.Move(path + ".tmp", path, overwrite: true);
    }
}

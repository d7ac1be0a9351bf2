using System.Globalization;
using System.Text.Json;
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

    public static void Write(string dir, string scenarioName, OptimizeResult result, bool plots, bool html)
    {
        Directory.CreateDirectory(dir);
        var (header, rows) = Table(result, withTimes: true);
        WriteAtomic(Path.Combine(dir, Evaluations), ReportWriter.CsvLine(header) + string.Concat(rows.Select(ReportWriter.CsvLine)));
        WriteAtomic(Path.Combine(dir, Frontier), FrontierJson(scenarioName, result));
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

    /// <summary>frontier.json, written field by field (a typed writer, not a JSON tree): readable text, not \\u escapes.</summary>
    private static byte[] FrontierJson(string scenarioName, OptimizeResult r)
    {
        var q = r.Request;
        var (statistic, bound) = q.Constraint.Describe();
        var iv = r.Search.Interval;
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("scenario", scenarioName);
            w.WriteString("parameter", q.Parameter.Path);
            w.WriteStartArray("movedWith");
            foreach (var f in q.Parameter.Fields.Skip(1))
            {
                w.WriteStartObject();
                w.WriteString("path", f.Path);
                w.WriteString("expression", f.Expression);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("range");
            Decimal(w, q.Low);
            Decimal(w, q.High);
            w.WriteEndArray();
            w.WriteString("goal", Goal(q.Goal));
            w.WriteStartObject("constraint");
            w.WriteString("text", q.Constraint.Text);
            w.WriteString("metric", q.Constraint.Metric);
            w.WriteString("population", q.Constraint.Population);
            w.WriteNumber("threshold", q.Constraint.Threshold);
            Nullable(w, "confidence", q.Constraint.Confidence);
            Nullable(w, "level", q.Constraint.Level);
            w.WriteString("statistic", statistic);
            w.WriteString("bound", bound);
            w.WriteEndObject();
            w.WriteBoolean("found", r.Search.Found);
            Decimal(w, "answer", r.Search.Answer);
            if (iv is { } i)
            {
                w.WriteStartArray("interval");
                Decimal(w, i.Low);
                Decimal(w, i.High);
                w.WriteEndArray();
            }
            else w.WriteNull("interval");
            Decimal(w, "lastFailing", r.Search.Failing);
            Decimal(w, "firstPassing", r.Search.Passing);
            w.WriteBoolean("monotone", r.Search.Monotone);
            w.WriteString("method", q.Method.ToString().ToLowerInvariant());
            Decimal(w, "tolerance", q.Tolerance);
            if (q.Method == SearchMethod.Grid) w.WriteNumber("gridPoints", q.GridPoints);
            else w.WriteNull("gridPoints");
            w.WriteStartObject("seeds");
            w.WriteNumber("first", q.FirstSeed);
            w.WriteNumber("count", q.Seeds);
            w.WriteEndObject();
            w.WriteString("engine", q.Engine.ToString().ToLowerInvariant());
            w.WriteNumber("evaluations", r.Evaluations.Count);
            w.WriteNumber("runs", r.Runs);
            w.WriteBoolean("allConserved", r.Evaluations.All(e => e.Conserved));
            w.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    /// <summary>A decimal as a JSON number written as typed, without trailing zeros (1.05, not 1.050).</summary>
    private static void Decimal(Utf8JsonWriter w, decimal v) => w.WriteRawValue(Text(v));

    private static void Decimal(Utf8JsonWriter w, string name, decimal? v)
    {
        w.WritePropertyName(name);
        if (v is { } d) Decimal(w, d);
        else w.WriteNullValue();
    }

    private static void Nullable(Utf8JsonWriter w, string name, double? v)
    {
        if (v is { } d) w.WriteNumber(name, d);
        else w.WriteNull(name);
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

    private static string Goal(OptimizeGoal goal) => goal == OptimizeGoal.Lowest ? "lowest" : "highest";

    private static string Text(decimal v) => OptimizeParameter.Text(v);

    /// <summary>A statistic to 10 significant digits: readable, and the same text on every machine.</summary>
    private static string Number(double v) => v.ToString("G10", CultureInfo.InvariantCulture);

    private static void WriteAtomic(string path, string text) => WriteAtomic(path, new System.Text.UTF8Encoding(false).GetBytes(text));

    private static void WriteAtomic(string path, byte[] bytes)
    {
        File.WriteAllBytes(path + ".tmp", bytes);
        File.Move(path + ".tmp", path, overwrite: true);
    }
}

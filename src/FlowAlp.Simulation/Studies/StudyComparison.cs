using System.Globalization;
using System.Text;
using FlowAlp.Simulation.Scenarios;
using FlowAlp.Simulation.Sweeps;

namespace FlowAlp.Simulation.Studies;

/// <summary>One line of a study's comparison: the published figure beside FlowAlp's over the seeds (95 % interval when there are two or more).</summary>
public sealed record StudyRow(PublishedFigure Figure, double Mean, double? Low, double? High, int Seeds)
{
    /// <summary>FlowAlp's figure over the published one (null when the published figure is 0).</summary>
    public double? Ratio => Figure.Published == 0 || double.IsNaN(Mean) ? null : Mean / Figure.Published;
}

/// <summary>
/// Puts each published figure beside the same quantity measured in the study's runs, and writes the table as
/// comparison.csv (for tools) and comparison.md (for people; the study README quotes it).
/// </summary>
public static class StudyComparison
{
    public static IReadOnlyList<StudyRow> Compare(StudySpec study, IReadOnlyList<SweepRun> runs)
    {
        var rows = new List<StudyRow>();
        for (int i = 0; i < study.Reference.Figures.Count; i++)
        {
            var f = study.Reference.Figures[i];
            double[] values = Values(runs, f.Metric, $"reference.figures[{i}].metric");
            if (f.Per is null)
            {
                if (values.Length == 0) { rows.Add(new StudyRow(f, double.NaN, null, null, 0)); continue; }
                var ci = SweepTable.Interval(values.Select(v => v * f.Scale).ToArray());
                rows.Add(new StudyRow(f, ci.Mean, ci.Low, ci.High, values.Length));
                continue;
            }
            // a ratio of totals over the seeds (slippage per rebalance over every rebalance, not a mean of per-run ratios)
            double[] per = Values(runs, f.Per, $"reference.figures[{i}].per");
            double den = per.Sum();
            double mean = den == 0 ? double.NaN : Math.Round(values.Sum() / den * f.Scale, 8);
            rows.Add(new StudyRow(f, mean, null, null, values.Length));
        }
        return rows;
    }

    private static double[] Values(IReadOnlyList<SweepRun> runs, string metric, string field)
    {
        var values = runs.Select(r => r.Metrics.FirstOrDefault(m => m.Name == metric)).Where(m => m is not null).Select(m => m!.Value).ToArray();
        // a figure the summaries hold as null in every run (a loss per liquidated borrower where none was liquidated) is
        // "n/a"; a name no summary has is a mistake in study.json
        if (values.Length == 0 && !runs.Any(r => Holds(r.Summary, metric)))
            throw new ScenarioException(field, $"'{metric}' is in no run summary (a metric of runs.csv, e.g. {string.Join(", ", runs[0].Metrics.Take(3).Select(m => m.Name))})");
        return values;
    }

    private static bool Holds(System.Text.Json.Nodes.JsonObject summary, string metric)
    {
        System.Text.Json.Nodes.JsonNode? node = summary;
        foreach (string part in metric.Split('.'))
        {
            if (node is not System.Text.Json.Nodes.JsonObject o || !o.ContainsKey(part)) return false;
            node = o[part];
        }
        return true;
    }

    public static void Write(string dir, StudySpec study, IReadOnlyList<StudyRow> rows)
    {
        var csv = new StringBuilder("figure,unit,published,flowalp,flowalpCi95Low,flowalpCi95High,seeds,ratio,metric,difference\n");
        foreach (var r in rows)
            csv.AppendJoin(',', Cell(r.Figure.Label), Cell(r.Figure.Unit), N(r.Figure.Published), N(r.Mean), N(r.Low), N(r.High),
                r.Seeds.ToString(CultureInfo.InvariantCulture), N(r.Ratio), Cell(r.Figure.Per is null ? r.Figure.Metric : $"{r.Figure.Metric} / {r.Figure.Per}"),
                Cell(r.Figure.Difference)).Append('\n');
        SweepRunner.WriteAtomic(Path.Combine(dir, "comparison.csv"), csv.ToString());
        SweepRunner.WriteAtomic(Path.Combine(dir, "comparison.md"), Markdown(study, rows));
    }

    /// <summary>The comparison as a Markdown table with the source and the model difference behind each figure.</summary>
    public static string Markdown(StudySpec study, IReadOnlyList<StudyRow> rows)
    {
        var md = new StringBuilder($"# {study.Name}: FlowAlp beside the published figures\n\n");
        md.Append($"Published: {study.Reference.Source}{(study.Reference.Address is null ? "" : $" ({study.Reference.Address})")}. ");
        md.Append($"FlowAlp: {rows.Select(r => r.Seeds).DefaultIfEmpty(0).Max()} seeds; mean [95 % interval].\n\n");
        md.Append("| figure | published | FlowAlp | FlowAlp / published | why they differ |\n|---|---:|---:|---:|---|\n");
        foreach (var r in rows)
        {
            string flow = MeanWithInterval(r);
            md.Append($"| {Escape(r.Figure.Label)} ({Escape(r.Figure.Unit)}) | {Show(r.Figure.Published)} | {flow} | {(r.Ratio is { } x ? Show(x) : "n/a")} | {Escape(r.Figure.Difference)} |\n");
        }
        return md.ToString();
    }

    /// <summary>FlowAlp's figure of a row: "mean [low, high]", or the mean alone without an interval.</summary>
    public static string MeanWithInterval(StudyRow r) => r.Low is null ? Show(r.Mean) : $"{Show(r.Mean)} [{Show(r.Low.Value)}, {Show(r.High!.Value)}]";

    /// <summary>A figure as the tables show it: thousands grouped from 1,000, else up to 4 decimals; "n/a" for none.</summary>
    public static string Show(double v) => double.IsNaN(v) ? "n/a" : Math.Abs(v) >= 1000 ? v.ToString("#,0", CultureInfo.InvariantCulture) : v.ToString("0.####", CultureInfo.InvariantCulture);
    private static string N(double? v) => v is null || double.IsNaN(v.Value) ? "" : v.Value.ToString("R", CultureInfo.InvariantCulture);
    private static string Escape(string s) => s.Replace("|", "\\|").Replace("\n", " ");
    private static string Cell(string s) => s.IndexOfAny([',', '"', '\n']) < 0 ? s : $"\"{s.Replace("\"", "\"\"")}\"";
}

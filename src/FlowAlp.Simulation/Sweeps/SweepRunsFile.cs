using System.Globalization;
using System.Text;
using FlowAlp.Reporting;

namespace FlowAlp.Simulation.Sweeps;

/// <summary>
/// A sweep's runs as a table, one row per run: a column per grid parameter (named by its <c>--set</c> path), the seed,
/// every metric of the summary (<see cref="SweepMetrics"/>, named by its path in summary.json), whether tokens were
/// conserved, and the event log's SHA-256. <c>runs.csv</c> has the summary's exact text; <c>runs.parquet</c> the same
/// table typed: a parameter whose values are all whole numbers is Int64, all numbers Double, otherwise String; the seed
/// Int64; metrics Double; <c>conserved</c> Bool; an absent value is empty (CSV) or null (Parquet).
/// </summary>
public static class SweepRunsFile
{
    public const string Csv = "runs.csv", Parquet = "runs.parquet";
    public const string SeedColumn = "seed", ConservedColumn = "conserved", HashColumn = "eventLogSha256";

    public static void Write(string dir, SweepTable table, IReadOnlyList<SweepRun> runs)
    {
        var parameters = table.Axes.Select(a => a.Path).ToList();
        var header = Unique(parameters.Append(SeedColumn).Concat(table.MetricNames).Append(ConservedColumn).Append(HashColumn));
        var byName = runs.Select(r => r.Metrics.GroupBy(m => m.Name).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal)).ToList();

        var csv = new StringBuilder();
        csv.Append(ReportWriter.CsvLine(header));
        for (int i = 0; i < runs.Count; i++)
        {
            var r = runs[i];
            var cells = r.Parameters.Select(p => p.Value).Append(r.Seed.ToString(CultureInfo.InvariantCulture))
                .Concat(table.MetricNames.Select(n => byName[i].TryGetValue(n, out var m) ? m.Text : ""))
                .Append(r.Conserved ? "true" : "false").Append(r.Summary["eventLogSha256"]?.ToString() ?? "").ToList();
            csv.Append(ReportWriter.CsvLine(cells));
        }
        SweepRunner.WriteAtomic(Path.Combine(dir, Csv), csv.ToString());

        var types = parameters.Select((_, k) => ParameterType(runs.Select(r => r.Parameters[k].Value)))
            .Append(runs.All(r => r.Seed <= long.MaxValue) ? ParquetColumnType.Int64 : ParquetColumnType.String)
            .Concat(table.MetricNames.Select(_ => ParquetColumnType.Double))
            .Append(ParquetColumnType.Bool).Append(ParquetColumnType.String).ToList();
        var columns = new List<Array>();
        for (int k = 0; k < parameters.Count; k++)
            columns.Add(Typed(types[k], runs.Select(r => r.Parameters[k].Value)));
        columns.Add(types[parameters.Count] == ParquetColumnType.Int64
            ? runs.Select(r => (long?)(long)r.Seed).ToArray()
            : runs.Select(r => (string?)r.Seed.ToString(CultureInfo.InvariantCulture)).ToArray());
        foreach (string n in table.MetricNames)
            columns.Add(byName.Select(m => m.TryGetValue(n, out var v) ? v.Value : (double?)null).ToArray());
        columns.Add(runs.Select(r => (bool?)r.Conserved).ToArray());
        columns.Add(runs.Select(r => r.Summary["eventLogSha256"]?.ToString()).ToArray());
        using var file = new ParquetTableWriter(Path.Combine(dir, Parquet), header.Zip(types).ToList());
        file.WriteRowGroup(columns);
        file.Commit();
    }

    /// <summary>Column names as given, a repeated one (`--set seed=…`, an axis given twice) suffixed "#2", "#3", … so every column can be addressed.</summary>
    internal static List<string> Unique(IEnumerable<string> names)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<string>();
        foreach (string n in names)
        {
            string name = n;
            for (int k = 2; !seen.Add(name); k++) name = $"{n}#{k}";
            result.Add(name);
        }
        return result;
    }

    /// <summary>A grid parameter's column type: Int64 when every value is a whole number, Double when every value is a number, else String.</summary>
    private static ParquetColumnType ParameterType(IEnumerable<string> values)
    {
        var list = values.ToList();
        if (list.All(v => long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))) return ParquetColumnType.Int64;
        if (list.All(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && double.IsFinite(d))) return ParquetColumnType.Double;
        return ParquetColumnType.String;
    }

    private static Array Typed(ParquetColumnType type, IEnumerable<string> values) => type switch
    {
        ParquetColumnType.Int64 => values.Select(v => (long?)long.Parse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)).ToArray(),
        ParquetColumnType.Double => values.Select(v => (double?)double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray(),
        _ => values.Select(v => (string?)v).ToArray(),
    };
}

using System.Text;
using System.Text.Json;
using FlowAlp.Reporting;
using FlowAlp.Simulation.Reports;
using FlowAlp.Simulation.Running;
using FlowAlp.Simulation.Scenarios;
using FlowAlp.Simulation.Tests.Scenarios;

namespace FlowAlp.Simulation.Tests.Reports;

/// <summary>
/// A run's outputs without repeated work: outputs.plots / outputs.html off render no PNG and write no page anywhere
/// (the comparison included); positions.parquet written from positions.csv's cells is the file converting the CSV
/// gives; events.jsonl read in blocks gives the rows a line-by-line JsonDocument parse gives; each phase is timed.
/// </summary>
public class OutputPartsTests
{
    private static readonly Lazy<Task<SimulationResult>> Run = new(() => SimulationRunner.Run(TestScenarios.Parse(), EngineKind.Plain));

    private static SimulationResult With(SimulationResult r, bool plots, bool html) =>
        r with { Scenario = r.Scenario with { Outputs = r.Scenario.Outputs with { Plots = plots, Html = html } } };

    private static string[] Files(string dir, string pattern) =>
        Directory.GetFiles(dir, pattern, SearchOption.AllDirectories).Select(f => Path.GetRelativePath(dir, f)).Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public async Task Plots_and_html_off_write_the_data_files_and_no_png_or_page_anywhere()
    {
        var r = await Run.Value;
        string dir = Path.Combine(Path.GetTempPath(), $"flowalp-parts-{Guid.NewGuid():N}");
        try
        {
            RunReport.Write(r, dir); // everything first: a later run without plots must not leave these behind
            Assert.Equal(8, Files(dir, "*.png").Count(f => f.StartsWith("plots", StringComparison.Ordinal)));
            Assert.Equal(["comparison/report.html", "report.html"], Files(dir, "*.html"));
            var timings = new OutputTimings();
            RunReport.Write(With(r, plots: false, html: false), dir, timings: timings);
            Assert.Empty(Files(dir, "*.png"));
            Assert.Empty(Files(dir, "*.html"));
            Assert.False(Directory.Exists(Path.Combine(dir, "plots")));
            Assert.Equal(["comparison/comparison.csv", "events.jsonl", "positions.csv", "positions.parquet", "summary.json", "timeseries-populations.csv", "timeseries.csv"],
                Directory.GetFiles(dir, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(dir, f)).Order(StringComparer.Ordinal));
            var phases = timings.Phases.Select(p => p.Phase).ToList();
            Assert.Contains("csv", phases);
            Assert.Contains("parquet positions", phases);
            Assert.DoesNotContain("html", phases);

            // html on, plots off: the pages without a figure
            RunReport.Write(With(r, plots: false, html: true), dir);
            Assert.Empty(Files(dir, "*.png"));
            Assert.Equal(["comparison/report.html", "report.html"], Files(dir, "*.html"));
            Assert.DoesNotContain("<img", File.ReadAllText(Path.Combine(dir, "report.html")));
            Assert.DoesNotContain("<img", File.ReadAllText(Path.Combine(dir, "comparison", "report.html")));
        }
        finally { if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public async Task Positions_parquet_from_the_cells_is_the_file_converting_the_csv_gives()
    {
        var r = await Run.Value;
        string dir = Path.Combine(Path.GetTempPath(), $"flowalp-cells-{Guid.NewGuid():N}");
        try
        {
            RunReport.Write(With(r, plots: false, html: false), dir);
            CsvParquet.Convert(Path.Combine(dir, PositionTable.FileName), Path.Combine(dir, "converted.parquet"));
            byte[] fromCells = File.ReadAllBytes(Path.Combine(dir, ParquetOutputs.PositionsFile));
            Assert.True(fromCells.Length > 1000);
            Assert.Equal(File.ReadAllBytes(Path.Combine(dir, "converted.parquet")), fromCells);
            Assert.Equal(PositionTable.Csv(PositionTable.Build(r)), File.ReadAllText(Path.Combine(dir, PositionTable.FileName)));
        }
        finally { if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true); }
    }

    /// <summary>The reading before blocks and Utf8JsonReader: a line at a time through JsonDocument.</summary>
    private static EventRow Reference(string line, ulong stepSeconds)
    {
        using var doc = JsonDocument.Parse(line);
        var root = doc.RootElement;
        var e = root.GetProperty("event");
        static double Num(JsonElement v) => v.ValueKind == JsonValueKind.Number ? v.GetDouble() : double.Parse(v.GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        static bool F(JsonElement e, string k, out JsonElement v) => e.TryGetProperty(k, out v) && v.ValueKind != JsonValueKind.Null;
        double? N(string k) => F(e, k, out var v) ? Num(v) : null;
        string? S(string k) => F(e, k, out var v) ? v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText() : null;
        double t = Num(root.GetProperty("t"));
        return new EventRow
        {
            Seq = root.GetProperty("seq").GetInt64(), Time = t, Step = (long)Math.Floor(t / stepSeconds), Type = e.GetProperty("type").GetString()!,
            Position = F(e, "position", out var p) ? p.GetInt64() : null, Token = S("token"), Amount = N("amount"),
            Rebalancer = F(e, "rebalancer", out var rb) ? rb.GetInt64() : null, Rebalanced = F(e, "rebalanced", out var rd) ? rd.GetBoolean() : null,
            AtHealth = N("atHealth"), FromUnder = F(e, "fromUnder", out var fu) ? fu.GetBoolean() : null, DebtToken = S("debtToken"),
            RepayAmount = N("repayAmount"), SeizeToken = S("seizeToken"), SeizeAmount = N("seizeAmount"), NewHealth = N("newHealth"),
            Liquidator = S("liquidator"), Reason = S("reason"), Event = e.GetRawText(),
        };
    }

    [Fact]
    public async Task Events_read_in_blocks_are_the_rows_a_line_by_line_parse_gives()
    {
        var r = await Run.Value;
        // the run's own lines, and lines of every odd shape the log may take: numbers as numbers, a liquidator id as a
        // number, null fields, unknown fields and nested objects, escapes, non-ASCII text, a "\r\n" line end
        string[] odd =
        [
            """{"seq":0,"t":120,"event":{"type":"LiquidationExecuted","position":7,"debtToken":"MOET","repayAmount":"12.50000000","seizeToken":"BTC","seizeAmount":1e-8,"newHealth":"1.05","liquidator":3,"extra":{"a":[1,{"b":null}]}}}""",
            """{"event":{"reason":"no \"funds\" — ü","type":"RebalanceFailed","position":null,"token":null,"amount":null},"t":"59.99999999","seq":1}""",
            """{"seq":2,"t":"3600.00000000","event":{"type":"Rebalanced","position":1,"rebalanced":true,"fromUnder":false,"atHealth":"1.09999999","rebalancer":0}}""",
        ];
        var lines = r.EventLog.Concat(odd).ToList();
        // repeated past one block (4 MiB), so lines cross block ends
        var all = Enumerable.Range(0, 1 + (5 << 20) / lines.Sum(l => l.Length + 1)).SelectMany(_ => lines).ToList();
        string dir = Path.Combine(Path.GetTempPath(), $"flowalp-events-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            string log = Path.Combine(dir, "events.jsonl");
            var text = new StringBuilder();
            for (int i = 0; i < all.Count; i++) text.Append(all[i]).Append(i == 5 ? "\r\n" : "\n");
            File.WriteAllText(log, text.ToString(), new UTF8Encoding(false));
            var read = EventRows.Read(log, 60).ToList();
            Assert.Equal(all.Count, read.Count);
            for (int i = 0; i < all.Count; i++)
                Assert.Equal(JsonSerializer.Serialize(Reference(all[i], 60)), JsonSerializer.Serialize(read[i]));

            // no line end after the last line, and a bad line: the rows before it still come, then the file and line
            File.WriteAllText(log, string.Join("\n", lines) + "\n{\"seq\":1,\"t\":\"x\",\"event\":{\"type\":\"Opened\"}}\n" + odd[0], new UTF8Encoding(false));
            using var rows = EventRows.Read(log, 60).GetEnumerator();
            for (int i = 0; i < lines.Count; i++) Assert.True(rows.MoveNext());
            var e = Assert.Throws<InvalidDataException>(() => rows.MoveNext());
            Assert.StartsWith($"events.jsonl:{lines.Count + 1}: not an event-log line (", e.Message);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}

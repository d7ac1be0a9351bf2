using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using FlowAlp.Reporting;
using FlowAlp.Simulation.Reports;
using FlowAlp.Simulation.Tests.RunFolders;
using FlowAlp.Simulation.Tests.Scenarios;
using static FlowAlp.Simulation.Tests.RunFolders.RunFolderKit;

namespace FlowAlp.Simulation.Tests.Data;

/// <summary>
/// The Parquet copies of a run's outputs: timeseries.parquet and events.parquet hold exactly what timeseries.csv and
/// events.jsonl hold, with typed columns, and writing them leaves the event log (and its SHA-256) as it was; the
/// reusable writers (POCO rows, run-time schemas, CSV copies) across row groups, empty tables and bad input.
/// </summary>
public class ParquetOutputTests
{
    private static double D(string s) => double.Parse(s, CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_run_writes_typed_parquet_copies_equal_to_its_timeseries_csv_and_event_log()
    {
        string root = TempRoot();
        try
        {
            string file = Path.Combine(root, "crash.json"), dir = Path.Combine(root, "run");
            File.WriteAllText(file, TestScenarios.Crash);
            using (var p = CliProcess.Start("run", file, "--quiet", "--engine", "plain", "--out", dir)) Assert.Equal(0, (await p.Exit()).Code);

            // the log is the source of truth: its bytes still hash to the summary's fingerprint
            var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "summary.json")))!;
            Assert.Equal(summary["eventLogSha256"]!.GetValue<string>(), Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(Path.Combine(dir, "events.jsonl")))).ToLowerInvariant());
            Assert.False(File.Exists(Path.Combine(dir, "timeseries.parquet.tmp")) || File.Exists(Path.Combine(dir, "events.parquet.tmp")));

            // timeseries: 6 h of 60 s steps sampled every 5 steps = 72 samples + the start
            var (header, rows) = ParquetRead.Csv(Path.Combine(dir, "timeseries.csv"));
            var ts = await ParquetRead.Read(Path.Combine(dir, "timeseries.parquet"));
            Assert.Equal(73, rows.Count);
            Assert.Equal(73, ts.Rows);
            Assert.Equal(header, ts.Fields.Select(f => f.Name));
            Assert.Equal((typeof(long), typeof(double), typeof(double), typeof(long), typeof(long), typeof(double)),
                (ts.TypeOf("time"), ts.TypeOf("price_FLOW"), ts.TypeOf("health_p50"), ts.TypeOf("indebted"), ts.TypeOf("liquidations"), ts.TypeOf("badDebt")));
            for (int c = 0; c < header.Length; c++)
                for (int r = 0; r < rows.Count; r++)
                    Assert.Equal(ts.TypeOf(header[c]) == typeof(long) ? long.Parse(rows[r][c], CultureInfo.InvariantCulture) : (object)D(rows[r][c]), ts.Columns[c][r]);
            Assert.Equal(21600L, ts["time"][^1]);
            Assert.Equal(0.66, (double)ts["price_FLOW"][^1]!);

            // events: one row per line, in order, typed fields equal to the line's, the event object itself kept whole
            var lines = File.ReadAllLines(Path.Combine(dir, "events.jsonl"));
            var events = ParquetTables.ReadRows<EventRow>(Path.Combine(dir, "events.parquet"));
            Assert.Equal(lines.Length, events.Count);
            Assert.Equal(Enumerable.Range(0, lines.Length).Select(i => (long)i), events.Select(e => e.Seq));
            for (int i = 0; i < lines.Length; i++)
            {
                var line = JsonNode.Parse(lines[i])!;
                var e = events[i];
                Assert.Equal(D(line["t"]!.GetValue<string>()), e.Time);
                Assert.Equal((long)(e.Time / 60), e.Step);
                Assert.Equal(line["event"]!["type"]!.GetValue<string>(), e.Type);
                Assert.Equal(line["event"]!["position"]?.GetValue<long>(), e.Position);
                Assert.Equal(line["event"]!["token"]?.GetValue<string>(), e.Token);
                Assert.Equal(line["event"]!["amount"] is { } a ? D(a.GetValue<string>()) : null, e.Amount);
                Assert.Equal(lines[i][(lines[i].IndexOf("\"event\":", StringComparison.Ordinal) + 8)..^1], e.Event);
            }
            var liquidation = events.First(e => e.Type == "LiquidationExecuted");
            var raw = JsonNode.Parse(liquidation.Event)!;
            Assert.Equal((D(raw["repayAmount"]!.GetValue<string>()), D(raw["seizeAmount"]!.GetValue<string>()), "MOET", "FLOW"),
                (liquidation.RepayAmount, liquidation.SeizeAmount, liquidation.DebtToken, liquidation.SeizeToken));
            Assert.True(liquidation.Step >= 120, $"the crash starts at hour 2 (step 120); the first liquidation is at step {liquidation.Step}");
            Assert.Equal(summary["totals"]!["liquidations"]!.GetValue<int>(), events.Count(e => e.Type == "LiquidationExecuted"));

            // the columns are typed for Arrow: integers, doubles, flags and text, nullable where an event may lack the field
            var schema = await ParquetRead.Read(Path.Combine(dir, "events.parquet"));
            Assert.Equal(["seq", "time", "step", "type", "position", "token", "amount", "rebalancer", "rebalanced", "atHealth", "fromUnder", "debtToken",
                "repayAmount", "seizeToken", "seizeAmount", "newHealth", "liquidator", "reason", "event"], schema.Fields.Select(f => f.Name));
            Assert.Equal((typeof(long), typeof(double), typeof(long), typeof(double), typeof(bool)),
                (schema.TypeOf("seq"), schema.TypeOf("time"), schema.TypeOf("position"), schema.TypeOf("amount"), schema.TypeOf("rebalanced")));
            Assert.True(schema.Fields.Single(f => f.Name == "position").IsNullable);
        }
        finally { Directory.Delete(root, true); }
    }

    [Fact]
    public async Task A_folder_with_a_positions_table_gets_its_typed_copy_and_one_without_a_log_no_events_copy()
    {
        string root = TempRoot();
        try
        {
            File.WriteAllText(Path.Combine(root, "timeseries.csv"), "time,price_FLOW\n0,1.00000000\n60,0.99000000\n");
            File.WriteAllText(Path.Combine(root, "positions.csv"), "position,population,liquidations,pnl\n0,hightide,0,-12.50000000\n1,passive,2,-530.00000000\n");
            File.WriteAllText(Path.Combine(root, "events.parquet"), "an earlier run's copy");
            ParquetOutputs.Write(root, 60);
            var positions = await ParquetRead.Read(Path.Combine(root, "positions.parquet"));
            Assert.Equal((typeof(long), typeof(string), typeof(long), typeof(double)),
                (positions.TypeOf("position"), positions.TypeOf("population"), positions.TypeOf("liquidations"), positions.TypeOf("pnl")));
            Assert.Equal(["hightide", "passive"], positions["population"]);
            Assert.Equal([-12.5, -530.0], positions["pnl"]);
            Assert.Equal([0L, 60L], (await ParquetRead.Read(Path.Combine(root, "timeseries.parquet")))["time"]);
            Assert.Equal(["positions.csv", "positions.parquet", "timeseries.csv", "timeseries.parquet"], Directory.GetFiles(root).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        }
        finally { Directory.Delete(root, true); }
    }

    public sealed class Row
    {
        public long Id { get; set; }
        public string Name { get; set; } = "";
        public double? Value { get; set; }
        public bool Flag { get; set; }
    }

    [Fact]
    public async Task WriteRows_streams_poco_rows_in_row_groups_and_reads_back_equal_and_byte_identical()
    {
        string root = TempRoot();
        try
        {
            string a = Path.Combine(root, "a.parquet"), b = Path.Combine(root, "b.parquet"), empty = Path.Combine(root, "empty.parquet");
            int n = ParquetTables.RowGroupRows + 3;
            IEnumerable<Row> Rows() => Enumerable.Range(0, n).Select(i => new Row { Id = i, Name = $"p{i % 7}", Value = i % 5 == 0 ? null : i / 4.0, Flag = i % 2 == 1 });
            ParquetTables.WriteRows(a, Rows());
            ParquetTables.WriteRows(b, Rows());
            var back = ParquetTables.ReadRows<Row>(a);
            Assert.Equal(n, back.Count);
            Assert.Equal((100_002L, "p0", 25_000.5, false), (back[^1].Id, back[^1].Name, back[^1].Value!.Value, back[^1].Flag));
            Assert.Null(back[100_000].Value);
            Assert.Equal(Rows().Select(r => (r.Id, r.Name, r.Value, r.Flag)), back.Select(r => (r.Id, r.Name, r.Value, r.Flag)));
            Assert.Equal(File.ReadAllBytes(a), File.ReadAllBytes(b)); // same rows, same bytes (no timestamps)
            Assert.Equal(2, (await ParquetRead.Read(a)).RowGroups);

            ParquetTables.WriteRows(empty, Array.Empty<Row>());
            var none = await ParquetRead.Read(empty);
            Assert.Equal((0, "Id,Name,Value,Flag"), (none.Rows, string.Join(",", none.Fields.Select(f => f.Name))));
            Assert.Equal(["a.parquet", "b.parquet", "empty.parquet"], Directory.GetFiles(root).Select(Path.GetFileName).Order());
        }
        finally { Directory.Delete(root, true); }
    }

    [Fact]
    public async Task A_csv_copy_types_each_column_from_all_its_cells_and_a_ragged_row_names_the_line()
    {
        string root = TempRoot();
        try
        {
            string csv = Path.Combine(root, "t.csv"), pq = Path.Combine(root, "t.parquet");
            File.WriteAllText(csv, "count,price,name,later,flag,mixed\n1,2.50000000,\"a, b\",,true,true\n-2,3,\"say \"\"hi\"\"\",7,,1\n3,,plain,8.5,false,false\n");
            var types = CsvParquet.Convert(csv, pq);
            Assert.Equal([("count", ParquetColumnType.Int64), ("price", ParquetColumnType.Double), ("name", ParquetColumnType.String), ("later", ParquetColumnType.Double),
                ("flag", ParquetColumnType.Bool), ("mixed", ParquetColumnType.String)], types);
            var t = await ParquetRead.Read(pq);
            Assert.Equal([1L, -2L, 3L], t["count"]);
            Assert.Equal([2.5, 3.0, null], t["price"]);
            Assert.Equal(["a, b", "say \"hi\"", "plain"], t["name"]);
            Assert.Equal([null, 7.0, 8.5], t["later"]);
            Assert.Equal([true, null, false], t["flag"]);
            Assert.Equal(["true", "1", "false"], t["mixed"]);

            File.WriteAllText(csv, "a,b,c\n1,2,3\n4,5\n");
            File.Delete(pq);
            var e = Assert.Throws<InvalidDataException>(() => CsvParquet.Convert(csv, pq));
            Assert.Equal("t.csv:3: 2 cells, the header has 3", e.Message);
            Assert.Equal(["t.csv"], Directory.GetFiles(root).Select(Path.GetFileName)); // nothing half-written
        }
        finally { Directory.Delete(root, true); }
    }

    [Fact]
    public void A_line_that_is_not_the_event_logs_shape_names_the_file_and_line()
    {
        string root = TempRoot();
        try
        {
            string log = Path.Combine(root, "events.jsonl");
            File.WriteAllText(log, "{\"seq\":0,\"t\":\"0.00000000\",\"event\":{\"type\":\"Opened\",\"position\":0}}\n{\"seq\":1,\"t\":\"x\",\"event\":{\"type\":\"Opened\"}}\n");
            var e = Assert.Throws<InvalidDataException>(() => EventRows.Read(log, 60).ToList());
            Assert.StartsWith("events.jsonl:2: not an event-log line (", e.Message);
            Assert.Equal(("Opened", 0L, 0L), EventRows.Read(log, 60).Take(1).Select(r => (r.Type, r.Position!.Value, r.Step)).Single());
        }
        finally { Directory.Delete(root, true); }
    }
}

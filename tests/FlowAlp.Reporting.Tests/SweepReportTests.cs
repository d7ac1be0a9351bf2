namespace FlowAlp.Reporting.Tests;

/// <summary>sweep.html's numbers for reading and its refusals; the run-time-schema Parquet writer's refusals and its all-or-nothing file.</summary>
public class SweepReportTests
{
    [Theory]
    [InlineData(0.05145, "0.05145")]
    [InlineData(1641818.75576914, "1641819")]
    [InlineData(1.3, "1.3")]
    [InlineData(0.327777777, "0.327778")]
    [InlineData(-12.5, "-12.5")]
    [InlineData(0.0, "0")]
    [InlineData(-0.0000000001, "-0.0000000001")]
    [InlineData(340282366920938.463, "340282366920938")]
    [InlineData(3.4e20, "3.4E+20")]
    public void Numbers_are_rounded_to_six_significant_digits_for_reading(double v, string text) => Assert.Equal(text, SweepReport.Number(v));

    [Fact]
    public void A_cell_reads_as_mean_and_interval_or_the_mean_alone()
    {
        Assert.Equal("1.14613 [1.13756, 1.15469]", SweepReport.Format(new SweepCell(1.146127, 1.137562, 1.154692)));
        Assert.Equal("1.14613 ± 0.00857", SweepReport.PlusMinus(new SweepCell(1.146127, 1.137562, 1.154692)));
        Assert.Equal("0.01995", SweepReport.Format(new SweepCell(0.01995, null, null)));
    }

    [Fact]
    public void A_page_needs_a_cell_per_grid_point_and_writes_nothing_otherwise()
    {
        using var dir = new TempDir();
        var e = Assert.Throws<ArgumentException>(() => SweepReport.Write(dir.Path, "t", [], [("base", [])], 2, [new SweepReportMetric("m", "m", [])]));
        Assert.StartsWith("metrics: every metric needs one cell per grid point", e.Message);
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
        SweepReport.Write(dir.Path, "t", [], [("base", [])], 2, [new SweepReportMetric("m", "a: m", [new SweepCell(2, 1, 3)])]);
        string html = File.ReadAllText(dir.Sub("sweep.html"));
        Assert.Contains("<tr><th>a: m</th><td class=\"num\">2 [1, 3]</td></tr>", html);
        Assert.Equal(1, html.Split("<img src=\"data:image/png;base64,").Length - 1);
        Assert.Equal(["sweep.html"], Directory.GetFileSystemEntries(dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void The_table_writer_refuses_wrong_columns_and_leaves_no_file_without_commit()
    {
        using var dir = new TempDir();
        Assert.Equal("columns: \"a\" is named twice (Parameter 'columns')",
            Assert.Throws<ArgumentException>(() => new ParquetTableWriter(dir.Sub("x.parquet"), [("a", ParquetColumnType.Int64), ("a", ParquetColumnType.Double)])).Message);
        using (var w = new ParquetTableWriter(dir.Sub("t.parquet"), [("n", ParquetColumnType.Int64), ("s", ParquetColumnType.String)]))
        {
            Assert.Equal("columns: \"n\" is Int64 but was given Double?[] (Parameter 'columns')",
                Assert.Throws<ArgumentException>(() => w.WriteRowGroup([new double?[] { 1 }, new string?[] { "a" }])).Message);
            Assert.Equal("columns: \"s\" has 2 values, the first column 1 (Parameter 'columns')",
                Assert.Throws<ArgumentException>(() => w.WriteRowGroup([new long?[] { 1 }, new string?[] { "a", "b" }])).Message);
        }
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path)); // disposed without Commit: neither the file nor its .tmp
        using (var w = new ParquetTableWriter(dir.Sub("t.parquet"), [("n", ParquetColumnType.Int64), ("s", ParquetColumnType.String)]))
        {
            w.WriteRowGroup([new long?[] { 1, null }, new string?[] { "a", null }]);
            w.Commit();
        }
        Assert.Equal(["t.parquet"], Directory.GetFileSystemEntries(dir.Path).Select(Path.GetFileName));
    }
}

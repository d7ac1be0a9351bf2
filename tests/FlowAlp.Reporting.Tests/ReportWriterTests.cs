using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace FlowAlp.Reporting.Tests;

public class ReportWriterTests
{
    private static readonly byte[] PngMagic = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static void WriteSample(string dir) =>
        ReportWriter.Write(dir, "Crash <30%> run", Samples.Series(), Samples.Summary(), Samples.Plots(), Samples.Notes());

    [Fact]
    public void Csv_is_exact()
    {
        using var tmp = new TempDir();
        string dir = tmp.Sub("report");
        WriteSample(dir);
        Assert.Equal(
            "time,debt,collateral,health\n" +
            "0,0,1000,1000\n" +
            "3600,615.38461538,1000.5,1.3\n" +
            "7200,700.25,980,1.12\n" +
            "10800,650,1010.125,1.25\n",
            File.ReadAllText(Path.Combine(dir, "timeseries.csv")));
        Assert.False(File.ReadAllBytes(Path.Combine(dir, "timeseries.csv")).AsSpan().StartsWith(new byte[] { 0xEF, 0xBB, 0xBF }));
    }

    [Fact]
    public void Csv_quotes_only_where_needed()
    {
        var s = new TimeSeries("time", "note", "x");
        s.AddRow("0", "a,b", "say \"hi\"");
        Assert.Equal("time,note,x\n0,\"a,b\",\"say \"\"hi\"\"\"\n", ReportWriter.Csv(s));
    }

    [Fact]
    public void Summary_json_keeps_order_and_values()
    {
        using var tmp = new TempDir();
        string dir = tmp.Sub("report");
        WriteSample(dir);
        Assert.Equal(
            """
            {
              "scenario": "crash-30",
              "finalDebt": "615.38461538",
              "liquidations": 3,
              "ratio": 1.25,
              "pool": {
                "reserves": "1234.5",
                "utilization": 0.75
              },
              "events": [
                1,
                2
              ],
              "missing": null
            }

            """.Replace("\r\n", "\n"),
            File.ReadAllText(Path.Combine(dir, "summary.json")));
    }

    [Fact]
    public void Pngs_are_valid_and_html_embeds_them()
    {
        using var tmp = new TempDir();
        string dir = tmp.Sub("report");
        WriteSample(dir);
        Assert.Equal(["health.png", "money.png"], Directory.GetFiles(Path.Combine(dir, "plots")).Select(f => Path.GetFileName(f)!).Order().ToArray());
        foreach (var p in Samples.Plots())
        {
            byte[] png = File.ReadAllBytes(Path.Combine(dir, "plots", p.File + ".png"));
            Assert.True(png.AsSpan().StartsWith(PngMagic), p.File + " is not a PNG");
            Assert.True(png.Length > 10_000, $"{p.File}.png is only {png.Length} bytes");
            // IHDR: width and height big-endian at offsets 16 and 20
            Assert.Equal(1000, (png[16] << 24) | (png[17] << 16) | (png[18] << 8) | png[19]);
            Assert.Equal(500, (png[20] << 24) | (png[21] << 16) | (png[22] << 8) | png[23]);
        }

        string html = File.ReadAllText(Path.Combine(dir, "report.html"));
        Assert.Contains("<title>Crash &lt;30%&gt; run</title>", html);
        Assert.Contains("<h1>Crash &lt;30%&gt; run</h1>", html);
        // human labels, numbers rounded for reading with the exact value as the cell's title, plain values in one table
        Assert.Contains("<h3>Run</h3>\n<div class=\"scroll\"><table class=\"kv\"><tbody><tr><th>Scenario</th><td class=\"word\">crash-30</td></tr>\n"
            + "<tr><th>Final debt</th><td class=\"num\" title=\"615.38461538\">615.3846</td></tr>\n"
            + "<tr><th>Liquidations</th><td class=\"num\">3</td></tr>\n<tr><th>Ratio</th><td class=\"num\">1.25</td></tr>\n", html);
        // a nested object gets its own heading and table
        Assert.Contains("<h3>Pool</h3>\n<div class=\"scroll\"><table class=\"kv\"><tbody><tr><th>Reserves</th><td class=\"num\" title=\"1234.5\">1,234.5</td></tr>\n"
            + "<tr><th>Utilization</th><td class=\"num\">0.75</td></tr>\n</tbody></table></div>", html);
        Assert.DoesNotContain("Missing", html); // null values are left out
        Assert.Contains("price path: &lt;crash&gt;", html);
        Assert.Contains("<h3>config</h3>", html);
        var imgs = Regex.Matches(html, "<img src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"");
        Assert.Equal(2, imgs.Count);
        Assert.Equal(File.ReadAllBytes(Path.Combine(dir, "plots", "money.png")), Convert.FromBase64String(imgs[0].Groups[1].Value));
        Assert.Equal(File.ReadAllBytes(Path.Combine(dir, "plots", "health.png")), Convert.FromBase64String(imgs[1].Groups[1].Value));
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("http://", html);
        Assert.DoesNotContain("https://", html);
        Assert.DoesNotContain("\r", html);
    }

    [Fact]
    public void Same_inputs_give_byte_identical_files()
    {
        using var tmp = new TempDir();
        string a = tmp.Sub("a"), b = tmp.Sub("b");
        WriteSample(a);
        WriteSample(b);
        var filesA = Snapshot(a);
        var filesB = Snapshot(b);
        Assert.Equal(filesA.Keys.Order(), filesB.Keys.Order());
        Assert.Equal(["plots/health.png", "plots/money.png", "report.html", "summary.json", "timeseries.csv"], filesA.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, bytes) in filesA) Assert.True(bytes.AsSpan().SequenceEqual(filesB[name]), name + " differs");

        // and rewriting in place gives the same bytes again
        WriteSample(a);
        foreach (var (name, bytes) in Snapshot(a)) Assert.True(bytes.AsSpan().SequenceEqual(filesB[name]), name + " differs after rewrite");
    }

    [Fact]
    public void Rewrite_replaces_the_report_keeps_foreign_files_and_leaves_no_temp_folders()
    {
        using var tmp = new TempDir();
        string dir = tmp.Sub("report");
        WriteSample(dir);
        File.WriteAllText(Path.Combine(dir, "run.log"), "kept");
        var s = new TimeSeries("time", "x");
        s.AddRow("0", "1");
        s.AddRow("60", "2");
        ReportWriter.Write(dir, "Second", s, new JsonObject { ["k"] = "v" }, [new PlotSpec("x", "X", "x", ["x"])]);
        Assert.Equal(["plots/x.png", "report.html", "run.log", "summary.json", "timeseries.csv"], Snapshot(dir).Keys.Order(StringComparer.Ordinal));
        Assert.Equal("kept", File.ReadAllText(Path.Combine(dir, "run.log")));
        Assert.Equal("time,x\n0,1\n60,2\n", File.ReadAllText(Path.Combine(dir, "timeseries.csv")));
        Assert.Equal(["report"], Directory.GetFileSystemEntries(tmp.Path).Select(f => Path.GetFileName(f)!).ToArray());
    }

    [Fact]
    public void Tables_render_a_column_per_key_and_a_row_per_object()
    {
        using var tmp = new TempDir();
        string dir = tmp.Sub("report");
        var s = new TimeSeries("time", "x");
        s.AddRow("0", "1");
        var rows = new JsonArray(new JsonObject { ["kind"] = "chainHalt", ["fromSeconds"] = 7200 }, new JsonObject { ["kind"] = "dexDrain <all>", ["count"] = 1 });
        ReportWriter.Write(dir, "Tables", s, new JsonObject(), [], tables: [("Chaos: faults", rows)]);
        string html = File.ReadAllText(Path.Combine(dir, "report.html"));
        Assert.Contains("<nav><a href=\"#chaos-faults\">Chaos: faults</a><a href=\"#summary\">Summary</a><a href=\"#data\">Data</a></nav>", html);
        Assert.Contains("<h2 id=\"chaos-faults\">Chaos: faults</h2>\n<div class=\"scroll\"><table class=\"rows\"><thead><tr><th>Kind</th><th>From (s)</th><th>Count</th></tr></thead><tbody>\n"
            + "<tr><td class=\"word\">chainHalt</td><td class=\"num\">7200</td><td class=\"null\">–</td></tr>\n"
            + "<tr><td class=\"word\">dexDrain &lt;all&gt;</td><td class=\"null\">–</td><td class=\"num\">1</td></tr>\n</tbody></table></div>", html);
    }

    [Fact]
    public void Report_without_plots_or_notes()
    {
        using var tmp = new TempDir();
        string dir = tmp.Sub("nested/deeper/report");
        var s = new TimeSeries("time", "x");
        s.AddRow("0", "not a number is fine when not plotted");
        ReportWriter.Write(dir, "Bare", s, new JsonObject(), []);
        Assert.False(Directory.Exists(Path.Combine(dir, "plots"))); // no PNG, no empty folder
        Assert.Equal("{}\n", File.ReadAllText(Path.Combine(dir, "summary.json")));
        Assert.DoesNotContain("<img", File.ReadAllText(Path.Combine(dir, "report.html")));
    }

    [Fact]
    public void Log_plot_skips_non_positive_values()
    {
        using var tmp = new TempDir();
        string dir = tmp.Sub("report");
        var s = new TimeSeries("time", "x");
        s.AddRow("0", "0");
        s.AddRow("3600", "10");
        s.AddRow("7200", "1000");
        ReportWriter.Write(dir, "Log", s, new JsonObject(), [new PlotSpec("x", "X", "x", ["x"], LogY: true)]);
        Assert.True(new FileInfo(Path.Combine(dir, "plots", "x.png")).Length > 5_000);
    }

    [Fact]
    public void Degenerate_plots_still_render()
    {
        using var tmp = new TempDir();
        string dir = tmp.Sub("report");
        var s = new TimeSeries("time", "zero", "flat");
        s.AddRow("0", "0", "5");
        ReportWriter.Write(dir, "One row", s, new JsonObject(),
            [new PlotSpec("log-all-zero", "nothing positive", "x", ["zero"], LogY: true), new PlotSpec("single", "one point", "x", ["zero", "flat"])]);
        foreach (string f in new[] { "log-all-zero", "single" })
            Assert.True(File.ReadAllBytes(Path.Combine(dir, "plots", f + ".png")).AsSpan().StartsWith(PngMagic));
    }

    public static TheoryData<string, Action<string>> BadInputs() => new()
    {
        { "outputDir:", dir => ReportWriter.Write("", "t", Samples.Series(), new JsonObject(), []) },
        { "title:", dir => ReportWriter.Write(dir, " ", Samples.Series(), new JsonObject(), []) },
        { "series: has no rows", dir => ReportWriter.Write(dir, "t", new TimeSeries("time", "a"), new JsonObject(), []) },
        { "series: is null", dir => ReportWriter.Write(dir, "t", null!, new JsonObject(), []) },
        { "summary: is null", dir => ReportWriter.Write(dir, "t", Samples.Series(), null!, []) },
        { "plots: is null", dir => ReportWriter.Write(dir, "t", Samples.Series(), new JsonObject(), null!) },
        { "plots: plots[0].Columns: unknown column \"nope\"", dir => ReportWriter.Write(dir, "t", Samples.Series(), new JsonObject(), [new PlotSpec("p", "P", "y", ["debt", "nope"])]) },
        { "plots: plots[0].Columns: \"time\"", dir => ReportWriter.Write(dir, "t", Samples.Series(), new JsonObject(), [new PlotSpec("p", "P", "y", ["time"])]) },
        { "plots: plots[0].Columns is empty", dir => ReportWriter.Write(dir, "t", Samples.Series(), new JsonObject(), [new PlotSpec("p", "P", "y", [])]) },
        { "plots: plots[0].File \"../x\"", dir => ReportWriter.Write(dir, "t", Samples.Series(), new JsonObject(), [new PlotSpec("../x", "P", "y", ["debt"])]) },
        { "plots: plots[1].File \"P\" is used twice", dir => ReportWriter.Write(dir, "t", Samples.Series(), new JsonObject(), [new PlotSpec("p", "P", "y", ["debt"]), new PlotSpec("P", "P", "y", ["debt"])]) },
        { "notes: note 0 has an empty name", dir => ReportWriter.Write(dir, "t", Samples.Series(), new JsonObject(), [], [("", "x")]) },
        { "series: row 0 column \"a\" value \"abc\"", dir =>
            {
                var s = new TimeSeries("time", "a");
                s.AddRow("0", "abc");
                ReportWriter.Write(dir, "t", s, new JsonObject(), [new PlotSpec("p", "P", "y", ["a"])]);
            }
        },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void Bad_inputs_throw_naming_the_field_and_write_nothing(string expected, Action<string> write)
    {
        using var tmp = new TempDir();
        string dir = tmp.Sub("report");
        var e = Assert.Throws<ArgumentException>(() => write(dir));
        Assert.StartsWith(expected, e.Message);
        Assert.Empty(Directory.GetFileSystemEntries(tmp.Path));
    }

    [Fact]
    public void OutputDir_that_is_a_file_is_refused()
    {
        using var tmp = new TempDir();
        string file = tmp.Sub("f");
        File.WriteAllText(file, "x");
        var e = Assert.Throws<ArgumentException>(() => WriteSample(file));
        Assert.StartsWith("outputDir:", e.Message);
    }

    internal static Dictionary<string, byte[]> Snapshot(string dir) =>
        Directory.GetFiles(dir, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(dir, f).Replace('\\', '/'), File.ReadAllBytes);
}

/// <summary>The presentation of a run's page: links at the top, shaded windows, a note instead of a flat plot, "no debt", populations side by side.</summary>
public class ReportPresentationTests
{
    private static TimeSeries Flat()
    {
        var s = new TimeSeries("time", "badDebt", "price_FLOW");
        s.AddRow("0", "0", "1");
        s.AddRow("3600", "0", "0.9");
        s.AddRow("7200", "0.000000", "0.8");
        return s;
    }

    [Fact]
    public void A_plot_that_is_zero_throughout_shows_its_note_and_still_writes_the_png()
    {
        using var tmp = new TempDir();
        string dir = tmp.Sub("r");
        ReportWriter.Write(dir, "Z", Flat(), new JsonObject(),
            [new PlotSpec("bad-debt", "Bad debt", "bad debt (MOET)", ["badDebt"], ZeroNote: "No bad debt: 0 MOET throughout the run."),
             new PlotSpec("prices", "Prices", "price (MOET)", ["price_FLOW"], ZeroNote: "never shown: prices are not 0")]);
        string html = File.ReadAllText(Path.Combine(dir, "report.html"));
        Assert.Contains("<h2 id=\"plots\">Plots</h2>\n<p class=\"note\">No bad debt: 0 MOET throughout the run.</p>\n<figure><img", html);
        Assert.Single(Regex.Matches(html, "<img "));
        Assert.Contains("alt=\"Prices\"", html);
        Assert.True(new FileInfo(Path.Combine(dir, "plots", "bad-debt.png")).Length > 5_000);
    }

    [Fact]
    public void Shaded_windows_change_the_plot_and_bad_windows_are_refused()
    {
        using var tmp = new TempDir();
        var plain = new PlotSpec("p", "Prices", "price (MOET)", ["price_FLOW"]);
        ReportWriter.Write(tmp.Sub("a"), "S", Flat(), new JsonObject(), [plain]);
        ReportWriter.Write(tmp.Sub("b"), "S", Flat(), new JsonObject(), [plain with { Spans = [new PlotSpan(1800, 5400, "oracle freeze")] }]);
        ReportWriter.Write(tmp.Sub("c"), "S", Flat(), new JsonObject(), [plain with { Spans = [new PlotSpan(1800, 5400, "oracle freeze")] }]);
        byte[] a = File.ReadAllBytes(tmp.Sub("a/plots/p.png")), b = File.ReadAllBytes(tmp.Sub("b/plots/p.png"));
        Assert.False(a.AsSpan().SequenceEqual(b), "the shaded window left the plot unchanged");
        Assert.True(b.AsSpan().SequenceEqual(File.ReadAllBytes(tmp.Sub("c/plots/p.png"))), "same window, different bytes");
        var e = Assert.Throws<ArgumentException>(() => ReportWriter.Write(tmp.Sub("d"), "S", Flat(), new JsonObject(), [plain with { Spans = [new PlotSpan(5400, 1800, "backwards")] }]));
        Assert.Equal("plots: plots[0].Spans: a span needs finite From ≤ Until and a label (Parameter 'plots')", e.Message);
        Assert.False(Directory.Exists(tmp.Sub("d")));
    }

    [Fact]
    public void The_page_links_other_pages_and_shows_populations_side_by_side_with_no_debt()
    {
        using var tmp = new TempDir();
        string dir = tmp.Sub("r");
        var summary = new JsonObject
        {
            ["scenario"] = "s",
            ["populations"] = new JsonObject
            {
                ["lp"] = new JsonObject { ["positions"] = 1, ["finalHealthMin"] = Display.UFix128Max },
                ["passive"] = new JsonObject { ["positions"] = 100, ["finalHealthMin"] = "1.246302311539158441023808", ["liquidations"] = 100 },
            },
            ["chaos"] = new JsonObject { ["windows"] = new JsonArray() },
        };
        ReportWriter.Write(dir, "L", Flat(), summary, [], links: [("Populations side by side", "comparison/report.html")], omitFromSummary: ["chaos"]);
        string html = File.ReadAllText(Path.Combine(dir, "report.html"));
        Assert.Contains("<nav><a href=\"comparison/report.html\">Populations side by side</a><a href=\"#summary\">Summary</a><a href=\"#data\">Data</a></nav>", html);
        Assert.Contains("<h3>Populations</h3>\n<div class=\"scroll\"><table class=\"cols\"><thead><tr><th></th><th>lp</th><th>passive</th></tr></thead><tbody>\n"
            + "<tr><th>Positions</th><td class=\"num\">1</td><td class=\"num\">100</td></tr>\n"
            + $"<tr><th>Final health min</th><td class=\"nodebt\" title=\"{Display.UFix128Max}\">no debt</td><td class=\"num\" title=\"1.246302311539158441023808\">1.2463</td></tr>\n"
            + "<tr><th>Liquidations</th><td class=\"null\">–</td><td class=\"num\">100</td></tr>\n</tbody></table></div>", html);
        Assert.DoesNotContain("Chaos", html); // shown by its own tables, not in the summary
        Assert.DoesNotContain("340282366920938.46</td>", html);
    }
}

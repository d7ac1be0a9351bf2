using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace FlowAlp.Reporting.Tests;

public class ComparisonReportTests
{
    private static (string, JsonObject)[] Runs() =>
    [
        ("baseline", new JsonObject { ["finalDebt"] = "615.38461538", ["liquidations"] = 3, ["pool"] = new JsonObject { ["reserves"] = "100" } }),
        ("aggressive", new JsonObject { ["finalDebt"] = "700.5", ["liquidations"] = 7, ["pool"] = new JsonObject { ["reserves"] = "80.25" } }),
        ("no-pool", new JsonObject { ["finalDebt"] = 12.5m, ["liquidations"] = 0, ["extra"] = "only here" }),
    ];

    private static readonly string[] Metrics = ["finalDebt", "liquidations", "pool.reserves"];

    [Fact]
    public void Writes_table_csv_and_one_chart_per_metric()
    {
        using var tmp = new TempDir();
        string dir = tmp.Sub("cmp");
        ComparisonReport.Write(dir, "Sweep & compare", Runs(), Metrics);
        Assert.Equal(
            "metric,baseline,aggressive,no-pool\n" +
            "finalDebt,615.38461538,700.5,12.5\n" +
            "liquidations,3,7,0\n" +
            "pool.reserves,100,80.25,\n",
            File.ReadAllText(Path.Combine(dir, "comparison.csv")));
        Assert.Equal(["comparison.csv", "plots/01_finalDebt.png", "plots/02_liquidations.png", "plots/03_pool.reserves.png", "report.html"],
            ReportWriterTests.Snapshot(dir).Keys.Order(StringComparer.Ordinal));
        foreach (var f in Directory.GetFiles(Path.Combine(dir, "plots")))
        {
            byte[] png = File.ReadAllBytes(f);
            Assert.Equal(0x89, png[0]);
            Assert.Equal((byte)'P', png[1]);
            Assert.True(png.Length > 5_000);
        }
        string html = File.ReadAllText(Path.Combine(dir, "report.html"));
        Assert.Contains("<h1>Sweep &amp; compare</h1>", html);
        Assert.Contains("<th>baseline</th><th>aggressive</th><th>no-pool</th>", html);
        Assert.Contains("615.38461538", html);
        Assert.Contains("only here", html);
        Assert.Contains("n/a", html);
        Assert.Equal(3, Regex.Matches(html, "<img src=\"data:image/png;base64,").Count);
    }

    [Fact]
    public void Metrics_read_with_their_units_links_on_top_and_no_debt_has_no_bar()
    {
        using var tmp = new TempDir();
        string dir = tmp.Sub("cmp");
        (string, JsonObject)[] runs =
        [
            ("rebalancing", new JsonObject { ["rebalancerFeesPerPosition"] = "0.15225000", ["finalHealthMedian"] = "1.384615386663640221407370" }),
            ("passive", new JsonObject { ["rebalancerFeesPerPosition"] = "0.00000000", ["finalHealthMedian"] = Display.UFix128Max }),
        ];
        ComparisonReport.Write(dir, "P", runs, ["rebalancerFeesPerPosition", "finalHealthMedian"], [("Run report", "../report.html")]);
        string html = File.ReadAllText(Path.Combine(dir, "report.html"));
        Assert.Contains("<nav><a href=\"../report.html\">Run report</a><a href=\"#metrics\">Metrics</a>", html);
        Assert.Contains("<tr><th>Rebalancer fees per position (MOET)</th><td class=\"num\" title=\"0.15225000\">0.1523</td><td class=\"num\" title=\"0.00000000\">0</td></tr>", html);
        Assert.Contains($"<tr><th>Final health median (health factor)</th><td class=\"num\" title=\"1.384615386663640221407370\">1.3846</td><td class=\"nodebt\" title=\"{Display.UFix128Max}\">no debt</td></tr>", html);
        Assert.Contains("alt=\"Final health median (health factor)\"", html);
        // the exact values stay in the data file
        Assert.Contains($"finalHealthMedian,1.384615386663640221407370,{Display.UFix128Max}\n", File.ReadAllText(Path.Combine(dir, "comparison.csv")));
        Assert.True(new FileInfo(Path.Combine(dir, "plots", "02_finalHealthMedian.png")).Length > 5_000);
    }

    [Fact]
    public void Same_inputs_give_byte_identical_files()
    {
        using var tmp = new TempDir();
        ComparisonReport.Write(tmp.Sub("a"), "C", Runs(), Metrics);
        ComparisonReport.Write(tmp.Sub("b"), "C", Runs(), Metrics);
        var a = ReportWriterTests.Snapshot(tmp.Sub("a"));
        var b = ReportWriterTests.Snapshot(tmp.Sub("b"));
        Assert.Equal(a.Keys.Order(), b.Keys.Order());
        foreach (var (name, bytes) in a) Assert.True(bytes.AsSpan().SequenceEqual(b[name]), name + " differs");
    }

    public static TheoryData<string, Action<string>> BadInputs() => new()
    {
        { "runs: no runs", dir => ComparisonReport.Write(dir, "t", [], Metrics) },
        { "runs: label \"baseline\" is used twice", dir => ComparisonReport.Write(dir, "t", [Runs()[0], Runs()[0]], Metrics) },
        { "runs: run 0 has an empty label", dir => ComparisonReport.Write(dir, "t", [("", new JsonObject())], Metrics) },
        { "metrics: no metrics", dir => ComparisonReport.Write(dir, "t", Runs(), []) },
        { "metrics: \"nope\" is in none of the runs", dir => ComparisonReport.Write(dir, "t", Runs(), ["nope"]) },
        { "metrics: \"extra\" in run \"no-pool\" is not a number", dir => ComparisonReport.Write(dir, "t", Runs(), ["extra"]) },
        { "metrics: a metric is listed twice", dir => ComparisonReport.Write(dir, "t", Runs(), ["finalDebt", "finalDebt"]) },
        { "title: is empty", dir => ComparisonReport.Write(dir, "", Runs(), Metrics) },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void Bad_inputs_throw_naming_the_field(string expected, Action<string> write)
    {
        using var tmp = new TempDir();
        var e = Assert.Throws<ArgumentException>(() => write(tmp.Sub("cmp")));
        Assert.StartsWith(expected, e.Message);
        Assert.Empty(Directory.GetFileSystemEntries(tmp.Path));
    }
}

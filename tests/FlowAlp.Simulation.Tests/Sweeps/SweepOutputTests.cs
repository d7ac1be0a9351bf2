using System.Text.Json.Nodes;
using FlowAlp.Simulation.Running;
using FlowAlp.Simulation.Sweeps;
using FlowAlp.Simulation.Tests.Data;
using FlowAlp.Simulation.Tests.RunFolders;
using FlowAlp.Simulation.Tests.Scenarios;
using static FlowAlp.Simulation.Tests.RunFolders.RunFolderKit;

namespace FlowAlp.Simulation.Tests.Sweeps;

/// <summary>
/// A sweep's outputs can be read: a column per grid parameter in runs.csv and runs.parquet (typed), every summary number
/// as a metric whether summary.json holds it as a string or a number, and the console and sweep.html show every metric
/// that differs between grid points (here: the rebalancing fees, which move with the interval while survival does not)
/// with its 95 % interval; a two-axis grid gets heat maps.
/// </summary>
public class SweepOutputTests
{
    private const string Fees = "populations.rebalancing.rebalancerFeesPerPosition";

    [Fact]
    public async Task Runs_files_have_a_column_per_grid_parameter_and_the_page_shows_the_fees_that_differ()
    {
        string root = TempRoot();
        try
        {
            var runs = await SweepRunner.Run(TestScenarios.Crash, Repo.Root, [("rebalancers.intervalSeconds", ["600", "1200"])], 1, 2, 2, EngineKind.Plain);
            var aggregate = SweepRunner.Write(root, "crash-test", runs);

            var (header, rows) = ParquetRead.Csv(Path.Combine(root, "runs.csv"));
            Assert.Equal(["rebalancers.intervalSeconds", "seed", "populations.lp.positions"], header[..3]);
            Assert.Equal(["conserved", "eventLogSha256"], header[^2..]);
            Assert.Contains("totals.badDebtMax", header);
            Assert.Equal([("600", "1"), ("600", "2"), ("1200", "1"), ("1200", "2")], rows.Select(r => (r[0], r[1])));
            int fees = Array.IndexOf(header, Fees);
            // 6 h / 600 s = 36 runs + the booking = 37 fees of 0.00105; at 1200 s 18 + 1 = 19 (exact decimals as in summary.json, trailing zeros dropped)
            Assert.Equal(["0.03885", "0.03885", "0.01995", "0.01995"], rows.Select(r => r[fees]));
            Assert.All(rows, r => Assert.Equal("true", r[^2]));
            Assert.Equal(runs.Select(r => r.Summary["eventLogSha256"]!.GetValue<string>()), rows.Select(r => r[^1]));

            var pq = await ParquetRead.Read(Path.Combine(root, "runs.parquet"));
            Assert.Equal(header, pq.Fields.Select(f => f.Name));
            Assert.Equal(4, pq.Rows);
            Assert.Equal((typeof(long), typeof(long), typeof(double), typeof(bool), typeof(string)),
                (pq.TypeOf("rebalancers.intervalSeconds"), pq.TypeOf("seed"), pq.TypeOf(Fees), pq.TypeOf("conserved"), pq.TypeOf("eventLogSha256")));
            Assert.Equal([600L, 600L, 1200L, 1200L], pq["rebalancers.intervalSeconds"]);
            Assert.Equal([0.03885, 0.03885, 0.01995, 0.01995], pq[Fees]);
            for (int c = 2; c < header.Length - 2; c++)
                Assert.Equal(rows.Select(r => r[c].Length == 0 ? null : (object)double.Parse(r[c], System.Globalization.CultureInfo.InvariantCulture)), pq.Columns[c]);

            var table = SweepTable.From(runs);
            Assert.Contains(Fees, table.Differing);
            Assert.DoesNotContain("populations.passive.rebalancerFeesPerPosition", table.Differing);
            Assert.Contains("populations.passive.rebalancerFeesPerPosition", table.Shown); // a headline metric, shown though equal
            Assert.DoesNotContain("populations.lp.survivalRate", table.Shown);     // an LP has no debt: a constant, not a headline
            Assert.Equal(("600", 0.03885, 0.03885, 0.03885), (table.Points[0].Parameters[0].Value, table.Points[0].Metrics[Fees].Mean, table.Points[0].Metrics[Fees].Low, table.Points[0].Metrics[Fees].High));

            string html = File.ReadAllText(Path.Combine(root, "sweep.html"));
            Assert.Contains("<tr><th>rebalancing: rebalancerFeesPerPosition</th><td class=\"num\">0.03885 [0.03885, 0.03885]</td><td class=\"num\">0.01995 [0.01995, 0.01995]</td></tr>", html);
            Assert.Contains("<tr><th>passive: rebalancerFeesPerPosition</th><td class=\"num\">0 [0, 0]</td><td class=\"num\">0 [0, 0]</td></tr>", html);
            Assert.Contains("<th>metric</th><th>600</th><th>1200</th>", html);
            Assert.DoesNotContain("Heat maps", html); // one axis
            Assert.Equal(table.Shown.Count, CountImages(html));

            var point = aggregate["rebalancers.intervalSeconds=1200"]!;
            Assert.Equal("1200", point["parameters"]!["rebalancers.intervalSeconds"]!.GetValue<string>());
            Assert.Equal(0.01995, point["metrics"]![Fees]!["mean"]!.GetValue<double>());
            Assert.Equal(0.01995, point["populations"]!["rebalancing"]!["rebalancerFeesPerPosition"]!["mean"]!.GetValue<double>());
        }
        finally { Directory.Delete(root, true); }
    }

    [Fact]
    public async Task A_two_axis_grid_gets_a_heat_map_per_shown_metric()
    {
        string root = TempRoot();
        try
        {
            var runs = await SweepRunner.Run(TestScenarios.Crash, Repo.Root, [("rebalancers.intervalSeconds", ["600", "1200"]), ("liquidators[0].discountBps", ["50", "300"])], 1, 1, 2, EngineKind.Plain);
            SweepRunner.Write(root, "crash-test", runs);
            var table = SweepTable.From(runs);
            Assert.Equal(["rebalancers.intervalSeconds=600,1200", "liquidators[0].discountBps=50,300"], table.Axes.Select(a => $"{a.Path}={string.Join(",", a.Values)}"));
            var (header, rows) = ParquetRead.Csv(Path.Combine(root, "runs.csv"));
            Assert.Equal(["rebalancers.intervalSeconds", "liquidators[0].discountBps", "seed"], header[..3]);
            Assert.Equal([("600", "50"), ("600", "300"), ("1200", "50"), ("1200", "300")], rows.Select(r => (r[0], r[1])));
            string html = File.ReadAllText(Path.Combine(root, "sweep.html"));
            Assert.Contains("<h2>Heat maps: rebalancers.intervalSeconds × liquidators[0].discountBps</h2>", html);
            Assert.Contains("<th>metric</th><th>600, 50</th><th>600, 300</th><th>1200, 50</th><th>1200, 300</th>", html);
            // a single seed has no interval: the mean alone
            Assert.Contains("<tr><th>rebalancing: rebalancerFeesPerPosition</th><td class=\"num\">0.03885</td><td class=\"num\">0.03885</td><td class=\"num\">0.01995</td><td class=\"num\">0.01995</td></tr>", html);
            Assert.Equal(2 * table.Shown.Count, CountImages(html)); // an error-bar chart and a heat map each
        }
        finally { Directory.Delete(root, true); }
    }

    [Fact]
    public void Metrics_are_read_the_same_from_exact_strings_and_json_numbers_nested_objects_included()
    {
        var asStrings = JsonNode.Parse("""{"populations":{"a":{"kind":"passive borrower","positions":3,"fees":"0.05145000","health":null,"pnl":{"mean":"-12.5"}}},"totals":{"badDebtMax":"0.00000000","flag":true}}""")!.AsObject();
        var asNumbers = JsonNode.Parse("""{"populations":{"a":{"kind":"passive borrower","positions":3,"fees":0.05145,"health":null,"pnl":{"mean":-12.5}}},"totals":{"badDebtMax":0,"flag":true}}""")!.AsObject();
        Assert.Equal([("populations.a.positions", 3.0, "3"), ("populations.a.fees", 0.05145, "0.05145000"), ("populations.a.pnl.mean", -12.5, "-12.5"), ("totals.badDebtMax", 0.0, "0.00000000")],
            SweepMetrics.Of(asStrings).Select(m => (m.Name, m.Value, m.Text)));
        Assert.Equal(SweepMetrics.Of(asStrings).Select(m => (m.Name, m.Value)), SweepMetrics.Of(asNumbers).Select(m => (m.Name, m.Value)));
        Assert.Equal(["a: fees", "a: pnl.mean", "totals: badDebtMax"], new[] { "populations.a.fees", "populations.a.pnl.mean", "totals.badDebtMax" }.Select(SweepMetrics.Label));
    }

    [Fact]
    public async Task The_console_table_shows_the_fee_difference_with_intervals()
    {
        string root = TempRoot();
        try
        {
            string file = Path.Combine(root, "crash.json");
            File.WriteAllText(file, TestScenarios.Crash);
            using var p = CliProcess.Start("sweep", file, "--seeds", "2", "--set", "rebalancers.intervalSeconds=600,1200", "--engine", "plain", "--out", Path.Combine(root, "sweep"));
            var (code, stdout, stderr) = await p.Exit();
            Assert.Equal(0, code);
            var line = Lines(stdout).Single(l => l.Contains("rebalancing: rebalancerFeesPerPosition"));
            Assert.True(System.Text.RegularExpressions.Regex.IsMatch(line, @"│ rebalancing: rebalancerFeesPerPosition\s+│\s+0\.03885 ± 0 │\s+0\.01995 ± 0 │"), line);
            Assert.Contains(Lines(stdout), l => l.StartsWith("│ passive: survivalRate", StringComparison.Ordinal));
            Assert.Contains("mean ± 95 % interval half-width over the seeds, per rebalancers.intervalSeconds", stdout);
            Assert.Contains(Lines(stderr), l => l.EndsWith("metric(s) differ between the grid points; all of them per run in runs.csv / runs.parquet, the page in sweep.html", StringComparison.Ordinal));
            Assert.True(File.Exists(Path.Combine(root, "sweep", "runs.parquet")) && File.Exists(Path.Combine(root, "sweep", "sweep.html")));
        }
        finally { Directory.Delete(root, true); }
    }

    [Fact]
    public async Task A_grid_over_the_seed_field_itself_keeps_every_column_addressable()
    {
        string root = TempRoot();
        try
        {
            // the run's seed column and a `--set seed=…` axis share a name: the later one is suffixed
            var runs = await SweepRunner.Run(TestScenarios.Crash, Repo.Root, [("seed", ["5", "6"])], 3, 1, 2, EngineKind.Plain);
            SweepRunner.Write(root, "crash-test", runs);
            var (header, rows) = ParquetRead.Csv(Path.Combine(root, "runs.csv"));
            Assert.Equal(["seed", "seed#2"], header[..2]);
            Assert.Equal([("5", "3"), ("6", "3")], rows.Select(r => (r[0], r[1])));
            var pq = await ParquetRead.Read(Path.Combine(root, "runs.parquet"));
            Assert.Equal([5L, 6L], pq["seed"]);
            Assert.Equal([3L, 3L], pq["seed#2"]);
        }
        finally { Directory.Delete(root, true); }
    }

    private static int CountImages(string html) => html.Split("<img src=\"data:image/png;base64,").Length - 1;
}

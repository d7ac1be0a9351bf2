using System.Text.Json.Nodes;

namespace FlowAlp.Reporting.Tests;

/// <summary>
/// Only the parts a scenario asks for (outputs.plots / outputs.html): no PNG rendered or written without plots, no page
/// without html, and an earlier report's plots or page in the same folder removed rather than left stale. Plots rendered
/// side by side give the bytes of plots rendered one at a time.
/// </summary>
public class ReportPartsTests
{
    private static readonly (string, JsonObject)[] Runs =
        [("hightide", new JsonObject { ["survivalRate"] = 1, ["fees"] = "0.01365" }), ("passive", new JsonObject { ["survivalRate"] = "0.375", ["fees"] = 0 })];

    private static ReportLead Lead(List<string> rendered) => new ReportLead().Heading("Headline")
        .Figure("by-population", "Health per population", () =>
        {
            lock (rendered) rendered.Add("by-population");
            return BandPlot.Render("Health", "health", [new BandSeries("a", [0, 1, 2], [1.3, 1.1, 1.2], [1.2, 1.0, 1.1], [1.4, 1.2, 1.3])]);
        })
        .File("positions.csv", "id\n0\n");

    [Fact]
    public void Without_plots_no_png_is_rendered_and_the_page_has_no_figures()
    {
        using var tmp = new TempDir();
        string dir = tmp.Sub("r");
        var rendered = new List<string>();
        ReportWriter.Write(dir, "T", Samples.Series(), Samples.Summary(), Samples.Plots(), lead: Lead(rendered), parts: new ReportParts(Plots: false));
        Assert.Empty(rendered);
        Assert.Equal(["positions.csv", "report.html", "summary.json", "timeseries.csv"], ReportWriterTests.Snapshot(dir).Keys.Order(StringComparer.Ordinal));
        string html = File.ReadAllText(Path.Combine(dir, "report.html"));
        Assert.DoesNotContain("<img", html);
        Assert.DoesNotContain("href=\"#plots\"", html);
        Assert.Contains("<h2>Headline</h2>", html);
    }

    [Fact]
    public void Without_html_the_plots_and_data_are_written_and_no_page()
    {
        using var tmp = new TempDir();
        string dir = tmp.Sub("r");
        var rendered = new List<string>();
        ReportWriter.Write(dir, "T", Samples.Series(), Samples.Summary(), Samples.Plots(), lead: Lead(rendered), parts: new ReportParts(Html: false));
        Assert.Equal(["by-population"], rendered);
        Assert.Equal(["plots/by-population.png", "plots/health.png", "plots/money.png", "positions.csv", "summary.json", "timeseries.csv"],
            ReportWriterTests.Snapshot(dir).Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_report_without_plots_or_page_removes_an_earlier_reports_plots_and_page_and_keeps_other_files()
    {
        using var tmp = new TempDir();
        string dir = tmp.Sub("r");
        ReportWriter.Write(dir, "T", Samples.Series(), Samples.Summary(), Samples.Plots());
        File.WriteAllText(Path.Combine(dir, "run.log"), "kept");
        ReportWriter.Write(dir, "T", Samples.Series(), Samples.Summary(), Samples.Plots(), parts: new ReportParts(false, false));
        Assert.Equal(["run.log", "summary.json", "timeseries.csv"], ReportWriterTests.Snapshot(dir).Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["r"], Directory.GetFileSystemEntries(tmp.Path).Select(f => Path.GetFileName(f)!).ToArray()); // no .old or .tmp folder left
    }

    [Fact]
    public void The_comparison_renders_no_chart_without_plots_and_writes_no_page_without_html()
    {
        using var tmp = new TempDir();
        ComparisonReport.Write(tmp.Sub("all"), "C", Runs, ["survivalRate", "fees"]);
        ComparisonReport.Write(tmp.Sub("no-plots"), "C", Runs, ["survivalRate", "fees"], null, new ReportParts(Plots: false));
        ComparisonReport.Write(tmp.Sub("none"), "C", Runs, ["survivalRate", "fees"], null, new ReportParts(false, false));
        Assert.Equal(["comparison.csv", "plots/01_survivalRate.png", "plots/02_fees.png", "report.html"], ReportWriterTests.Snapshot(tmp.Sub("all")).Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["comparison.csv", "report.html"], ReportWriterTests.Snapshot(tmp.Sub("no-plots")).Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["comparison.csv"], ReportWriterTests.Snapshot(tmp.Sub("none")).Keys.Order(StringComparer.Ordinal));
        string page = File.ReadAllText(Path.Combine(tmp.Sub("no-plots"), "report.html"));
        Assert.DoesNotContain("<img", page);
        Assert.DoesNotContain("Charts", page);
        Assert.Contains("<h2 id=\"metrics\">Metrics</h2>", page);
        Assert.Equal(File.ReadAllText(Path.Combine(tmp.Sub("all"), "comparison.csv")), File.ReadAllText(Path.Combine(tmp.Sub("none"), "comparison.csv")));

        // and a rewrite without plots or page removes the earlier ones
        ComparisonReport.Write(tmp.Sub("all"), "C", Runs, ["survivalRate", "fees"], null, new ReportParts(false, false));
        Assert.Equal(["comparison.csv"], ReportWriterTests.Snapshot(tmp.Sub("all")).Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Plots_rendered_side_by_side_are_the_bytes_of_plots_rendered_one_at_a_time()
    {
        var series = Samples.Series();
        double[] hours = series.GetDoubles("time").Select(s => s / 3600.0).ToArray();
        var jobs = new List<Func<byte[]>>();
        for (int round = 0; round < 3; round++)
        {
            foreach (var p in Samples.Plots())
                jobs.Add(() => PlotRenderer.LinePlot(p.Title, p.YLabel, hours, p.Columns.Select(c => (c, series.GetDoubles(c))).ToList(), p.LogY));
            jobs.Add(() => PlotRenderer.BarChart("Fees", "MOET", ["a", "b", "c"], [(1.5, "1.5"), null, (0.25, "0.25")]));
            jobs.Add(() => BandPlot.Render("Health", "health", [new BandSeries("a", [0, 1, 2], [1.3, 1.1, 1.2], [1.2, 1.0, 1.1], [1.4, 1.2, 1.3])], [(1.0, "health 1")]));
        }
        byte[][] parallel = PlotBatch.Render(jobs);
        byte[][] sequential = jobs.Select(j => j()).ToArray();
        Assert.Equal(jobs.Count, parallel.Length);
        for (int i = 0; i < jobs.Count; i++) Assert.True(parallel[i].AsSpan().SequenceEqual(sequential[i]), $"plot {i} differs");
        Assert.True(parallel[0].AsSpan().SequenceEqual(parallel[4]), "the same plot in another round differs");
    }

    [Fact]
    public void A_failing_plot_throws_its_own_exception()
    {
        var e = Assert.Throws<InvalidOperationException>(() => PlotBatch.Render([() => [1], () => throw new InvalidOperationException("bad plot")]));
        Assert.Equal("bad plot", e.Message);
    }

    [Fact]
    public void Timings_add_up_per_phase_in_first_measured_order()
    {
        var t = new OutputTimings();
        t.Add("csv", TimeSpan.FromMilliseconds(12));
        t.Add("plots", TimeSpan.FromMilliseconds(200));
        t.Add("csv", TimeSpan.FromMilliseconds(3.4));
        Assert.Equal(42, t.Measure("html", () => 42));
        Assert.Equal(["csv", "plots", "html"], t.Phases.Select(p => p.Phase));
        Assert.StartsWith("csv 15 ms, plots 200 ms, html ", t.ToString());
        OutputTimings? none = null;
        Assert.Equal(7, none.Time("csv", () => 7)); // nothing to measure into: the work still runs
    }
}

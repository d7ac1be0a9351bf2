namespace FlowAlp.Reporting.Tests;

/// <summary>A report's lead (headline table, figures, data files): rendered before the summary, written with the report, names checked.</summary>
public class ReportLeadTests
{
    private static byte[] Band() => BandPlot.Render("Health per population", "health",
        [new BandSeries("a", [0, 1, 2], [1.3, 1.1, 1.2], [1.2, 1.0, 1.1], [1.4, 1.2, 1.3]), new BandSeries("b", [0, 1, 2], [1.3, double.NaN, 1.05], Dashed: true)],
        [(1.0, "health 1")]);

    [Fact]
    public void The_lead_comes_first_and_its_figures_and_files_are_written_with_the_report()
    {
        using var tmp = new TempDir();
        string dir = tmp.Sub("r");
        var lead = new ReportLead().Heading("Headline")
            .Table("headline", ["", "rebalancing", "passive"], [("Survived", ["100.0 % (2 of 2)", "0.0 % (0 of 2)"]), ("Kind", ["rebalancing borrower", "passive borrower"])], "caption <1>")
            .Figure("health-by-population", "Health per population", Band())
            .File("positions.csv", "id,population\n0,a\n");
        ReportWriter.Write(dir, "T", Samples.Series(), Samples.Summary(), Samples.Plots(), Samples.Notes(), null, lead: lead);

        string html = File.ReadAllText(Path.Combine(dir, "report.html"));
        int table = html.IndexOf("<table id=\"headline\" class=\"headline\"><caption>caption &lt;1&gt;</caption>", StringComparison.Ordinal);
        Assert.True(table > 0 && table < html.IndexOf("<h2 id=\"summary\">Summary</h2>", StringComparison.Ordinal));
        Assert.Contains("<tr><th scope=\"row\">Survived</th><td class=\"num\">100.0 % (2 of 2)</td><td class=\"num\">0.0 % (0 of 2)</td></tr>", html);
        Assert.Contains("<tr><th scope=\"row\">Kind</th><td>rebalancing borrower</td><td>passive borrower</td></tr>", html);
        Assert.Contains("(plots/health-by-population.png)</figcaption>", html);
        Assert.Equal("id,population\n0,a\n", File.ReadAllText(Path.Combine(dir, "positions.csv")));
        var png = File.ReadAllBytes(Path.Combine(dir, "plots", "health-by-population.png"));
        Assert.Equal(Band(), png); // same inputs, same bytes
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        Assert.True(File.Exists(Path.Combine(dir, "plots", "money.png")));
    }

    [Fact]
    public void Bad_names_are_refused_before_anything_is_written()
    {
        Assert.Equal("id: \"a b\" must be letters, digits, '.', '_', '-' (Parameter 'id')",
            Assert.Throws<ArgumentException>(() => new ReportLead().Table("a b", ["", "x"], [])).Message);
        Assert.Equal("rows: \"r\" has 2 cells for 1 columns (Parameter 'rows')",
            Assert.Throws<ArgumentException>(() => new ReportLead().Table("t", ["", "x"], [("r", ["1", "2"])])).Message);
        Assert.Equal("file: \"f\" is used twice (Parameter 'file')",
            Assert.Throws<ArgumentException>(() => new ReportLead().Figure("f", "c", [1]).Figure("f", "d", [2])).Message);

        using var tmp = new TempDir();
        string dir = tmp.Sub("r");
        var clash = Assert.Throws<ArgumentException>(() => ReportWriter.Write(dir, "T", Samples.Series(), Samples.Summary(), Samples.Plots(), null, null, lead:
            new ReportLead().Figure("money", "c", [1])));
        Assert.Equal("lead: figure \"money\" has the name of a plot (Parameter 'lead')", clash.Message);
        var owned = Assert.Throws<ArgumentException>(() => ReportWriter.Write(dir, "T", Samples.Series(), Samples.Summary(), Samples.Plots(), null, null, lead:
            new ReportLead().File("summary.json", "{}")));
        Assert.Equal("lead: file \"summary.json\" is the report's own or given twice (Parameter 'lead')", owned.Message);
        Assert.False(Directory.Exists(dir));
    }
}

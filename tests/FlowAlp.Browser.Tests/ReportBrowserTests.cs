using System.Text.Json;
using Microsoft.Playwright;

namespace FlowAlp.Browser.Tests;

/// <summary>
/// The HTML reports of real runs opened in headless Chromium at 1,000 and 1,600 px: no console errors, every image
/// decoded, no horizontal scrolling of the page, every link leads somewhere. Skipped (one line) where Chromium is missing.
/// With FLOWALP_SCREENSHOTS=DIR each page is also saved as DIR/report-NAME-WIDTH.png (full page) to look at.
/// </summary>
public class ReportBrowserTests(ReportPages pages) : IClassFixture<ReportPages>
{
    private static readonly int[] Widths = [1000, 1600];

    [SkippableFact]
    public async Task Run_comparison_and_chaos_reports_load_cleanly_at_1000_and_1600_px()
    {
        Skip.IfNot(ReportPages.HasChromium, ReportPages.SkipReason);
        var problems = new List<string>();
        // (name, page, images at least): 5 plots less the flat bad-debt one (a note instead); 5 bar charts
        var reports = new (string Name, string File, int MinImages)[]
        {
            ("run", Path.Combine(pages.Default, "report.html"), 4),
            ("comparison", Path.Combine(pages.Default, "comparison", "report.html"), 5),
            ("chaos", Path.Combine(pages.Chaos, "report.html"), 4),
            ("chaos-comparison", Path.Combine(pages.Chaos, "comparison", "report.html"), 5),
        };
        foreach (var (name, file, minImages) in reports)
            foreach (int width in Widths)
                problems.AddRange(await Check(name, file, width, minImages));
        Assert.Empty(problems);
    }

    [SkippableFact]
    public async Task Run_report_links_the_population_comparison_and_the_chaos_section()
    {
        Skip.IfNot(ReportPages.HasChromium, ReportPages.SkipReason);
        var run = await Open(Path.Combine(pages.Default, "report.html"), 1000);
        Assert.Equal("comparison/report.html", await run.Page.GetAttributeAsync("nav a[href$='report.html']", "href"));
        Assert.Equal(0, await run.Page.Locator("#chaos-faults").CountAsync()); // no faults, no chaos section
        var chaos = await Open(Path.Combine(pages.Chaos, "report.html"), 1000);
        Assert.Equal(1, await chaos.Page.Locator("nav a[href='#chaos-faults']").CountAsync());
        Assert.Equal("Chaos: faults", await chaos.Page.Locator("h2#chaos-faults").InnerTextAsync());
        // the fault table's row: the freeze from 11.5 h to 13 h; it fits the page at 1,000 px
        Assert.Equal("Oracle freeze", await chaos.Page.Locator("#chaos-faults + .scroll tbody tr td:nth-child(2)").InnerTextAsync());
        Assert.Equal("11.5\u00a0–\u00a013", await chaos.Page.Locator("#chaos-faults + .scroll tbody tr td:nth-child(3)").InnerTextAsync());
        Assert.True(await chaos.Page.EvaluateAsync<bool>("() => { const s = document.querySelector('#chaos-faults + .scroll'); return s.scrollWidth <= s.clientWidth; }"),
            "the chaos fault table scrolls at 1,000 px");
        var cmp = await Open(Path.Combine(pages.Default, "comparison", "report.html"), 1000);
        Assert.Equal("../report.html", await cmp.Page.GetAttributeAsync("nav a[href$='report.html']", "href"));
        foreach (var o in new[] { run, chaos, cmp }) await o.Page.CloseAsync();
    }

    /// <summary>Needs the headline of issue 17 (a table#headline per population, first thing after the title and links).</summary>
    [SkippableFact]
    public async Task Run_report_opens_with_the_headline_table_of_the_populations()
    {
        Skip.IfNot(ReportPages.HasChromium, ReportPages.SkipReason);
        var run = await Open(Path.Combine(pages.Default, "report.html"), 1600);
        Assert.Equal(1, await run.Page.Locator("table#headline").CountAsync());
        string text = await run.Page.Locator("table#headline").InnerTextAsync();
        Assert.Contains("rebalancing", text);
        Assert.Contains("passive", text);
        // it comes before any plot
        Assert.True(await run.Page.EvaluateAsync<bool>(
            "() => { const h = document.querySelector('table#headline'), img = document.querySelector('img');"
            + " return !img || (h.compareDocumentPosition(img) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0; }"), "the headline table comes after a plot");
        await run.Page.CloseAsync();
    }

    private sealed record Opened(IPage Page, List<string> Errors);

    /// <summary>Opens a report file at a viewport width, collecting console errors, page errors and failed requests.</summary>
    private async Task<Opened> Open(string file, int width)
    {
        Assert.True(File.Exists(file), file + " was not written");
        var page = await pages.Browser.NewPageAsync(new() { ViewportSize = new() { Width = width, Height = 900 } });
        var errors = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") errors.Add("console error: " + m.Text); };
        page.PageError += (_, e) => errors.Add("page error: " + e);
        page.RequestFailed += (_, r) => errors.Add($"request failed: {r.Url[..Math.Min(80, r.Url.Length)]} {r.Failure}");
        var response = await page.GotoAsync(new Uri(file).AbsoluteUri, new() { WaitUntil = WaitUntilState.Load });
        Assert.NotNull(response);
        return new Opened(page, errors);
    }

    private async Task<List<string>> Check(string name, string file, int width, int minImages)
    {
        var (page, errors) = await Open(file, width);
        var problems = errors.Select(e => $"{name} @ {width}px: {e}").ToList();
        var facts = await page.EvaluateAsync<JsonElement>("""
            () => ({
              images: document.images.length,
              broken: [...document.images].filter(i => !i.complete || i.naturalWidth === 0).map(i => i.alt),
              pageWidth: document.documentElement.scrollWidth,
              viewWidth: document.documentElement.clientWidth,
              deadAnchors: [...document.querySelectorAll('a[href^="#"]')].map(a => a.getAttribute('href')).filter(h => !document.getElementById(h.slice(1))),
              files: [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href')).filter(h => !h.startsWith('#')),
            })
            """);
        int images = facts.GetProperty("images").GetInt32();
        if (images < minImages) problems.Add($"{name} @ {width}px: {images} images, expected at least {minImages}");
        foreach (var alt in facts.GetProperty("broken").EnumerateArray()) problems.Add($"{name} @ {width}px: image \"{alt}\" did not load");
        int pageWidth = facts.GetProperty("pageWidth").GetInt32(), viewWidth = facts.GetProperty("viewWidth").GetInt32();
        if (pageWidth > viewWidth) problems.Add($"{name} @ {width}px: the page is {pageWidth} px wide in a {viewWidth} px viewport (horizontal scrolling)");
        foreach (var a in facts.GetProperty("deadAnchors").EnumerateArray()) problems.Add($"{name} @ {width}px: link {a} has no target on the page");
        foreach (var f in facts.GetProperty("files").EnumerateArray())
        {
            string target = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, f.GetString()!));
            if (!File.Exists(target)) problems.Add($"{name} @ {width}px: link {f} leads to a missing file");
        }
        if (Environment.GetEnvironmentVariable("FLOWALP_SCREENSHOTS") is { Length: > 0 } shots)
        {
            await page.ScreenshotAsync(new() { Path = Path.Combine(shots, $"report-{name}-{width}.png"), FullPage = true });
            int height = await page.EvaluateAsync<int>("() => document.documentElement.scrollHeight");
            for (int y = 0, part = 1; y < height; y += 1200, part++) // slices small enough to read
                await page.ScreenshotAsync(new() { Path = Path.Combine(shots, $"report-{name}-{width}-part{part}.png"), FullPage = true,
                    Clip = new() { X = 0, Y = y, Width = width, Height = Math.Min(1200, height - y) } });
        }
        await page.CloseAsync();
        return problems;
    }
}

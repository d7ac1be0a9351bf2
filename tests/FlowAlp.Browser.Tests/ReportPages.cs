using FlowAlp.Simulation.Reports;
using FlowAlp.Simulation.Running;
using FlowAlp.Simulation.Scenarios;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace FlowAlp.Browser.Tests;

/// <summary>
/// Real report folders, written once for the browser tests: the default scenario (its report.html and
/// comparison/report.html) and a chaos scenario (an oracle freeze during the crash), each run with the plain engine;
/// and one headless Debian Chromium driven by Playwright. Nothing is set up where Chromium is missing.
/// </summary>
public sealed class ReportPages(IMessageSink diagnostics) : IAsyncLifetime
{
    /// <summary>Where Chromium is looked for: FLOWALP_CHROMIUM, else Debian's /usr/bin/chromium.</summary>
    public static string ChromiumPath { get; } = Environment.GetEnvironmentVariable("FLOWALP_CHROMIUM") is { Length: > 0 } p ? p : "/usr/bin/chromium";

    /// <summary>The one line a skipped browser test shows.</summary>
    public static string SkipReason => $"no Chromium at {ChromiumPath}: install it with scripts/install-chromium.sh (Debian: apt-get install chromium) to run the browser test of the HTML reports";

    public static bool HasChromium => File.Exists(ChromiumPath);

    public string Root { get; } = Path.Combine(Path.GetTempPath(), $"flowalp-browser-{Guid.NewGuid():N}");
    public string Default => Path.Combine(Root, "default");
    public string Chaos => Path.Combine(Root, "chaos");
    public IBrowser Browser => _browser ?? throw new InvalidOperationException("no browser: Chromium is missing");

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public async Task InitializeAsync()
    {
        if (!HasChromium)
        {
            // once per run, shown by the runner (xunit.runner.json: diagnosticMessages), which lists skipped tests by name only
            diagnostics.OnMessage(new Xunit.Sdk.DiagnosticMessage("browser tests skipped: " + SkipReason));
            return;
        }
        await Write(Path.Combine(Repo.Root, "config", "scenarios", "default.json"), Default);
        await Write(Path.Combine(Repo.Root, "config", "scenarios", "chaos", "oracle-freeze-during-crash.json"), Chaos);
        _playwright = await Playwright.CreateAsync();
        // Playwright's own browser builds cannot be downloaded here: it drives the system Chromium (as root: no sandbox).
        _browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = ChromiumPath, Headless = true, Args = ["--no-sandbox"] });
    }

    private static async Task Write(string scenario, string dir)
    {
        var result = await SimulationRunner.Run(ScenarioParser.Load(scenario), EngineKind.Plain);
        RunReport.Write(result, dir);
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.CloseAsync();
        _playwright?.Dispose();
        if (Directory.Exists(Root)) Directory.Delete(Root, recursive: true);
    }
}

/// <summary>The repository root (where FlowAlp.sln is), found from the test binary's folder.</summary>
internal static class Repo
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "FlowAlp.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("FlowAlp.sln not found above " + AppContext.BaseDirectory);
    }
}

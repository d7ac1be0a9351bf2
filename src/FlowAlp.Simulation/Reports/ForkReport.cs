using System.Globalization;
using System.Text.Json.Nodes;
using FlowAlp.Reporting;
using FlowAlp.Simulation.Persistence;
using FlowAlp.Simulation.Scenarios;

namespace FlowAlp.Simulation.Reports;

/// <summary>
/// What a fork is a fork of: the source run's folder and scenario, the step after which its future changed (and that
/// step's time), and the changes (<c>--set</c>, new faults). Read from the fork folder's run.json.
/// </summary>
public sealed record ForkOrigin(string SourceDir, string SourceScenario, long AtStep, ulong AtSeconds, IReadOnlyList<string> Changes)
{
    /// <summary>The fork's origin, or null for a run that is not a fork.</summary>
    public static ForkOrigin? Of(RunFolder folder, Scenario s)
    {
        if (folder.Fork is not { } f) return null;
        string source = f.Source ?? "(unknown source)";
        long at = f.AtStep;
        var changes = f.Set.Select(text => $"--set {text}").ToList();
        if (f.Faults is { } faults)
        {
            int count = System.Text.Json.JsonDocument.Parse(faults).RootElement.GetArrayLength();
            changes.Add($"{count} new fault{(count == 1 ? "" : "s")}{(f.ReplaceFaults == true ? " (replacing the source's later ones)" : "")}");
        }
        return new ForkOrigin(source, s.Name, at, (ulong)at * s.StepSeconds, changes);
    }

    /// <summary>"step 720 (t = 12 h)".</summary>
    public string Where => $"step {AtStep} (t = {(AtSeconds / 3600.0).ToString("0.##", CultureInfo.InvariantCulture)} h)";

    public JsonObject ToJson() => new()
    {
        ["source"] = SourceDir,
        ["sourceScenario"] = SourceScenario,
        ["atStep"] = AtStep,
        ["atSeconds"] = AtSeconds,
        ["changes"] = new JsonArray(Changes.Select(c => (JsonNode)c).ToArray()),
    };
}

/// <summary>
/// A fork's report: its title and header say what it is a fork of, and <c>fork/report.html</c> sets the headline numbers
/// of the source run and the fork side by side (per borrower population and in total), so what the change did is read
/// at a glance. The source's numbers come from its summary.json (the source folder is only read).
/// </summary>
public static class ForkReport
{
    /// <summary>The folder of the side-by-side page inside the fork's run folder.</summary>
    public const string Folder = "fork";

    public static string Title(ForkOrigin o, Scenario s) =>
        $"FlowAlp fork — {s.Name} (seed {s.Seed}), a fork of {o.SourceDir} at {o.Where}";

    /// <summary>The header lines of the fork's report.html.</summary>
    public static IReadOnlyList<(string Name, string Text)> Notes(ForkOrigin o) =>
    [
        ("Fork of", $"{o.SourceDir} (scenario {o.SourceScenario}): identical up to {o.Where}, then changed"),
        ("Changes", o.Changes.Count == 0 ? "(none recorded)" : string.Join("; ", o.Changes)),
        ("Source and fork", $"side by side in {Folder}/report.html"),
    ];

    /// <summary>The headline metrics compared: per borrower population, then totals (those present in the fork's summary).</summary>
    public static IReadOnlyList<string> Metrics(Scenario s, JsonObject forkSummary)
    {
        var metrics = new List<string>();
        foreach (var p in s.Populations.Where(p => !p.IsLp))
            foreach (var m in new[] { "survivalRate", "liquidatedPositions", "liquidations", "rebalancerFeesPerPosition" })
                metrics.Add($"populations.{p.Name}.{m}");
        metrics.AddRange(["totals.liquidations", "totals.rebalances", "totals.badDebtMax", "totals.badDebtFinal", "events"]);
        return metrics.Where(m => IsNumber(Find(forkSummary, m))).ToList();
    }

    /// <summary>
    /// Writes <c>DIR/fork/</c>: source and fork side by side (charts and page as the scenario's outputs ask). Without the source's summary.json (moved or deleted since)
    /// nothing is written and the reason is returned, for the log.
    /// </summary>
    public static string? Write(string dir, ForkOrigin o, Scenario s, JsonObject forkSummary)
    {
        var source = ReadSummary(Path.Combine(o.SourceDir, "summary.json"));
        if (source is null) return $"no side-by-side page: the source's summary.json ({Path.Combine(o.SourceDir, "summary.json")}) cannot be read";
        var metrics = Metrics(s, forkSummary).Where(m => IsNumber(Find(source, m))).ToList();
        if (metrics.Count == 0) return "no side-by-side page: the source's summary has none of the headline metrics";
        ComparisonReport.Write(Path.Combine(dir, Folder), $"Fork vs source — {s.Name} at {o.Where}: {string.Join("; ", o.Changes)}",
            [("source", source), ("fork", forkSummary)], metrics, null, new ReportParts(s.Outputs.Plots, s.Outputs.Html));
        return null;
    }

    private static JsonObject? ReadSummary(string file)
    {
        try { return File.Exists(file) ? JsonNode.Parse(File.ReadAllText(file)) as JsonObject : null; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.Json.JsonException) { return null; }
    }

    /// <summary>A number, or a string holding one (the summary's exact decimals): what the comparison can chart.</summary>
    private static bool IsNumber(JsonNode? node) => node is JsonValue v &&
        (v.TryGetValue<double>(out _) || v.TryGetValue<long>(out _) || v.TryGetValue<int>(out _)
         || (v.TryGetValue<string>(out var text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _)));

    private static JsonNode? Find(JsonObject o, string path)
    {
        JsonNode? node = o;
        foreach (var part in path.Split('.'))
            node = node is JsonObject obj && obj.TryGetPropertyValue(part, out var next) ? next : null;
        return node;
    }
}

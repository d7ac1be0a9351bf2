using System.Text.Json.Nodes;

namespace FlowAlp.Fuzzing;

/// <summary>
/// The seeds the fuzzer mutates: the shipped scenarios (config/scenarios/**, presets and chaos included) made cheap to run
/// (few agents, 10-minute steps, no plots or persistence, so a valid mutant finishes in about a second), one scenario that
/// replays a CSV price file in each time format, and the protocol scripts (the conformance vectors and the example).
/// </summary>
public sealed class FuzzCorpus
{
    public IReadOnlyList<(string Name, string Json)> Scenarios { get; }
    public IReadOnlyList<(string Name, string Json, string Csv)> CsvScenarios { get; }
    public IReadOnlyList<(string Name, string Json)> Scripts { get; }

    private FuzzCorpus(List<(string, string)> scenarios, List<(string, string, string)> csv, List<(string, string)> scripts) =>
        (Scenarios, CsvScenarios, Scripts) = (scenarios, csv, scripts);

    public static FuzzCorpus Load(string repoRoot, IEnumerable<string>? extraScriptDirs = null)
    {
        var scenarios = Directory.EnumerateFiles(Path.Combine(repoRoot, "config", "scenarios"), "*.json", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(f => (Path.GetRelativePath(repoRoot, f), Cheap(JsonNode.Parse(File.ReadAllText(f))!.AsObject()).ToJsonString()))
            .ToList();
        var csvBase = Cheap(JsonNode.Parse(File.ReadAllText(Path.Combine(repoRoot, "config", "scenarios", "default.json")))!.AsObject());
        csvBase["durationHours"] = 2;
        var csv = new List<(string, string, string)>
        {
            CsvSeed(csvBase, "seconds", "timestamp,token,price\n0,FLOW,1.0\n1800,FLOW,0.95\n3600,FLOW,0.7\n5400,FLOW,0.8\n"),
            CsvSeed(csvBase, "unix", "1700000000,FLOW,1.0\n1700001800,FLOW,0.95\n1700003600,FLOW,0.7\n1700005400,FLOW,0.8\n"),
            CsvSeed(csvBase, "iso8601", "2021-05-19T00:00:00Z,FLOW,1.0\n2021-05-19T00:30:00Z,FLOW,0.95\n2021-05-19T01:00:00Z,FLOW,0.7\n2021-05-19T01:30:00Z,FLOW,0.8\n"),
        };
        var dirs = new List<string> { Path.Combine(repoRoot, "tests", "FlowAlp.Protocol.Tests", "vectors"), Path.Combine(repoRoot, "config", "scripts") };
        dirs.AddRange(extraScriptDirs ?? []);
        var scripts = dirs.Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateFiles(d, "*.json").Where(f => !f.EndsWith(".expect.json", StringComparison.Ordinal)))
            .Order(StringComparer.Ordinal)
            .Select(f => (Path.GetFileName(f), File.ReadAllText(f)))
            .DistinctBy(s => s.Item2)
            .ToList();
        return new FuzzCorpus(scenarios, csv, scripts);
    }

    private static (string, string, string) CsvSeed(JsonObject baseScenario, string format, string csv)
    {
        var s = baseScenario.DeepClone().AsObject();
        s["name"] = $"csv-{format}";
        var price = new JsonObject { ["process"] = "csv", ["start"] = 1.0, ["file"] = "prices.csv" };
        if (format != "seconds") price["timeFormat"] = format;
        s["prices"] = new JsonObject { ["FLOW"] = price };
        return ($"csv-{format}", s.ToJsonString(), csv);
    }

    /// <summary>The same market, cheap: at most 3 agents a population, 10-minute steps, at most 72 h, no plots, html, event log or journal.</summary>
    private static JsonObject Cheap(JsonObject s)
    {
        if (s["populations"] is JsonArray pops)
            foreach (var p in pops.OfType<JsonObject>())
                if (p["count"] is JsonValue c && c.TryGetValue(out int n) && n > 3) p["count"] = 3;
        s["stepSeconds"] = 600;
        if (s["durationHours"] is JsonValue d && d.TryGetValue(out double h) && h > 72) s["durationHours"] = 72;
        s["sampleEverySteps"] = 1;
        s["outputs"] = new JsonObject { ["plots"] = false, ["html"] = false, ["eventLog"] = false };
        s["persistence"] = new JsonObject { ["mode"] = "off" };
        return s;
    }
}

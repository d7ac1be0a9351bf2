using System.Text.Json;
using FlowAlp.Scripting;
using FlowAlp.Simulation.Scenarios;

namespace FlowAlp.Simulation.Studies;

/// <summary>
/// Reads study.json strictly (unknown fields are errors; every error names the field). The study may be given as its
/// folder (study.json inside) or as the file; the scenario it names is resolved beside it.
/// </summary>
public static class StudyFile
{
    public const string FileName = "study.json";
    private const int MaxSeeds = 10_000, MaxFigures = 200;

    /// <summary>The study file of a folder or a file path.</summary>
    public static string Locate(string path) => Directory.Exists(path) ? Path.Combine(path, FileName) : path;

    public static StudySpec Parse(string json)
    {
        using var doc = StrictJson.Parse(json, problem => new ScenarioException("study", problem));
        var r = new JsonReader(doc.RootElement, "");
        string name = r.String("name");
        string scenario = r.String("scenario");
        if (Path.IsPathRooted(scenario) || scenario.Split('/', '\\').Contains("..")) throw r.Error("scenario", $"must be a file beside study.json or below it, got '{scenario}'");
        int seeds = (int)r.Integer("seeds", min: 1, max: MaxSeeds);
        ulong? first = r.Has("firstSeed") ? (ulong)r.Integer("firstSeed", min: 0) : null;
        var overrides = r.Array("set", required: false, maxCount: 100).Select(x =>
        {
            if (x.Item.ValueKind != JsonValueKind.String) throw new ScenarioException(x.Path, "must be a string path=value");
            try { return ScenarioOverrides.ParseOne(x.Item.GetString()!); }
            catch (ScenarioException e) { throw new ScenarioException(x.Path, e.Reason); }
        }).ToList();
        var refReader = r.Object("reference");
        string source = refReader.String("source");
        string? address = refReader.Has("address") ? refReader.String("address") : null;
        var figures = refReader.Array("figures", minCount: 1, maxCount: MaxFigures).Select(x => Figure(new JsonReader(x.Item, x.Path))).ToList();
        refReader.Done();
        r.Done();
        return new StudySpec(name, scenario, seeds, first, overrides, new StudyReference(source, address, figures));
    }

    private static PublishedFigure Figure(JsonReader f)
    {
        var figure = new PublishedFigure(
            f.String("label"),
            Metric(f, "metric")!,
            f.Has("per") ? Metric(f, "per") : null,
            f.Double("scale", 1, min: 1e-12, max: 1e12),
            f.Double("published"),
            f.String("unit"),
            f.String("difference"));
        f.Done();
        return figure;
    }

    /// <summary>A metric name as runs.csv spells it: dotted words under populations or totals.</summary>
    private static string? Metric(JsonReader f, string field)
    {
        string m = f.String(field);
        bool ok = (m.StartsWith("populations.", StringComparison.Ordinal) || m.StartsWith("totals.", StringComparison.Ordinal))
                  && m.Split('.').All(p => p.Length > 0 && p.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'));
        if (!ok) throw f.Error(field, $"must name a run metric under populations. or totals. (as in runs.csv), got '{m}'");
        return m;
    }
}

using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using FlowAlp.Simulation.Running;
using FlowAlp.Simulation.Scenarios;

namespace FlowAlp.Simulation.Persistence;

/// <summary>
/// A persistent run's folder: the scenario as run (scenario.json, with any command-line overrides applied), run.json
/// (engine, seed), journal.db, and the outputs. <c>flowalp resume</c> needs nothing else.
/// </summary>
public sealed record RunFolder(string Dir, string ScenarioJson, string Engine, string BaseDir, JsonObject? Fork = null, string? JournalId = null)
{
    public const string ScenarioFile = "scenario.json";
    public const string MetaFile = "run.json";

    public string ScenarioSha256 => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(ScenarioJson))).ToLowerInvariant();
    public EngineKind EngineKind => Engine == "plain" ? EngineKind.Plain : EngineKind.Actors;

    /// <summary>Writes scenario.json and run.json (atomically) unless they are already there with the same content.</summary>
    public void Save()
    {
        Directory.CreateDirectory(Dir);
        WriteAtomic(Path.Combine(Dir, ScenarioFile), ScenarioJson);
        var meta = new JsonObject { ["engine"] = Engine, ["format"] = JournalFormat.Current, ["baseDir"] = BaseDir, ["journalId"] = JournalId };
        if (Fork is not null) meta["fork"] = Fork.DeepClone();
        WriteAtomic(Path.Combine(Dir, MetaFile), meta.ToJsonString() + "\n");
    }

    public static RunFolder Load(string dir)
    {
        string scenario = Path.Combine(dir, ScenarioFile), meta = Path.Combine(dir, MetaFile);
        if (!File.Exists(scenario) || !File.Exists(meta)) throw new SimulationException($"{dir}: not a persistent run folder (no {ScenarioFile} / {MetaFile})");
        var m = JsonNode.Parse(File.ReadAllText(meta))!;
        int format = m["format"]?.GetValue<int>() ?? 0;
        if (format > JournalFormat.Current) throw new SimulationException($"{dir}: written by a newer format ({format}); use a newer flowalp");
        return new RunFolder(dir, File.ReadAllText(scenario), m["engine"]?.GetValue<string>() ?? "actors", m["baseDir"]?.GetValue<string>() ?? dir,
            m["fork"]?.AsObject()?.DeepClone().AsObject(), m["journalId"]?.GetValue<string>());
    }

    /// <summary>The scenario as run, with its outputs pointing at this folder.</summary>
    public Scenario Scenario() => ScenarioParser.Parse(ScenarioJson, BaseDir);

    /// <summary>A fork's future (from the recorded overrides and faults); null for a run that is not a fork.</summary>
    public ForkSpec? ForkSpec()
    {
        if (Fork is null) return null;
        long at = Fork["atStep"]!.GetValue<long>();
        var overrides = Fork["set"]!.AsArray().Select(x => ScenarioOverrides.ParseOne(x!.GetValue<string>())).ToList();
        return ForkPlanner.Plan(ScenarioJson, BaseDir, at, overrides, Fork["faults"]?.AsArray(), Fork["replaceFaults"]?.GetValue<bool>() ?? false);
    }

    /// <summary>A fork that changes prices only (see <see cref="ForkPlanner.Plan"/> for parameters and faults).</summary>
    public static ForkSpec ForkSpecFrom(string scenarioJson, string baseDir, long at, IReadOnlyList<(string Path, string Value)> overrides) =>
        ForkPlanner.Plan(scenarioJson, baseDir, at, overrides);

    private static void WriteAtomic(string path, string text)
    {
        if (File.Exists(path) && File.ReadAllText(path) == text) return;
        File.WriteAllText(path + ".tmp", text);
        File.Move(path + ".tmp", path, overwrite: true);
    }
}

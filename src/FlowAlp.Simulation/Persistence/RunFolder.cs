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

    /// <summary>
    /// Reads a run folder's scenario.json and run.json; anything missing, unreadable or malformed (a run folder may come
    /// from someone else) is a <see cref="SimulationException"/> naming the file and field, never a crash.
    /// </summary>
    public static RunFolder Load(string dir)
    {
        string scenario = Path.Combine(dir, ScenarioFile), meta = Path.Combine(dir, MetaFile);
        if (!File.Exists(scenario) || !File.Exists(meta)) throw new SimulationException($"{dir}: not a persistent run folder (no {ScenarioFile} / {MetaFile})");
        OutputFolder.RefuseLinks(dir);
        string scenarioJson = ReadSmall(scenario), metaJson = ReadSmall(meta);
        JsonObject m;
        try { m = JsonNode.Parse(metaJson, documentOptions: new System.Text.Json.JsonDocumentOptions { MaxDepth = 16 }) as JsonObject ?? throw new SimulationException($"{meta}: not a JSON object"); }
        catch (System.Text.Json.JsonException e) { throw new SimulationException($"{meta}: not valid JSON: {e.Message.Split('\n')[0]}"); }
        int format = Field<int?>(m["format"], meta, "format", n => n.GetValue<int>(), "an integer") ?? 0;
        if (format > JournalFormat.Current) throw new SimulationException($"{dir}: written by a newer format ({format}); use a newer flowalp");
        if (format < JournalFormat.Current)
            throw new SimulationException($"{dir}: written by an older flowalp (run format {format}; this one resumes and forks format {JournalFormat.Current}): start it again with flowalp run");
        string engine = Field(m["engine"], meta, "engine", n => n.GetValue<string>(), "a string") ?? "actors";
        if (engine is not ("actors" or "plain" or "cluster")) throw new SimulationException($"{meta}: engine: must be \"actors\", \"plain\" or \"cluster\", not \"{engine}\"");
        string baseDir = Field(m["baseDir"], meta, "baseDir", n => n.GetValue<string>(), "a string") ?? dir;
        string? journalId = Field(m["journalId"], meta, "journalId", n => n.GetValue<string>(), "a string");
        if (journalId is not null && (journalId.Length is 0 or > 100 || !journalId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
            throw new SimulationException($"{meta}: journalId: must be 1 to 100 letters, digits, '-' or '_'");
        JsonObject? fork = m["fork"] switch
        {
            null => null,
            JsonObject o => (JsonObject)o.DeepClone(),
            _ => throw new SimulationException($"{meta}: fork: must be an object"),
        };
        try { JsonNode.Parse(scenarioJson); }
        catch (System.Text.Json.JsonException e) { throw new SimulationException($"{scenario}: not valid JSON: {e.Message.Split('\n')[0]}"); }
        return new RunFolder(dir, scenarioJson, engine, baseDir, fork, journalId);
    }

    /// <summary>A run folder's metadata file, refused when it is not a small regular file (a device, a huge file).</summary>
    private static string ReadSmall(string path)
    {
        const long Max = 16 << 20;
        try
        {
            var info = new FileInfo(path);
            if (info.Length > Max) throw new SimulationException($"{path}: {info.Length} bytes, more than a run folder's {Max >> 20} MiB limit");
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new SimulationException($"{path}: cannot be read: {e.Message}"); }
    }

    /// <summary>An optional field of run.json, converted; a value of the wrong kind names the file and the field.</summary>
    private static T? Field<T>(JsonNode? value, string file, string name, Func<JsonNode, T> get, string kind)
    {
        if (value is not { } node) return default;
        try { return get(node); }
        catch (Exception e) when (e is InvalidOperationException or FormatException or OverflowException or NullReferenceException) { throw new SimulationException($"{file}: {name}: must be {kind}"); }
    }

    /// <summary>The scenario as run, with its outputs pointing at this folder.</summary>
    public Scenario Scenario() => ScenarioParser.Parse(ScenarioJson, BaseDir);

    /// <summary>A fork's future (from the recorded overrides and faults); null for a run that is not a fork.</summary>
    public ForkSpec? ForkSpec()
    {
        if (Fork is null) return null;
        string file = Path.Combine(Dir, MetaFile);
        if (Fork["atStep"] is null) throw new SimulationException($"{file}: fork.atStep: missing");
        long at = Field(Fork["atStep"], file, "fork.atStep", n => n.GetValue<long>(), "an integer");
        List<string> sets = Fork["set"] switch
        {
            null => [],
            JsonArray a => Field(a, file, "fork.set", n => n.AsArray().Select(x => x!.GetValue<string>()).ToList(), "an array of strings")!,
            _ => throw new SimulationException($"{file}: fork.set: must be an array of strings"),
        };
        var faults = Fork["faults"] switch
        {
            null => null,
            JsonArray a => a,
            _ => throw new SimulationException($"{file}: fork.faults: must be an array"),
        };
        bool replace = Field(Fork["replaceFaults"], file, "fork.replaceFaults", n => n.GetValue<bool>(), "true or false");
        var overrides = sets.Select(ScenarioOverrides.ParseOne).ToList();
        return ForkPlanner.Plan(ScenarioJson, BaseDir, at, overrides, faults, replace);
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

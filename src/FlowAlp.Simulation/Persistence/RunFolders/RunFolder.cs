using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FlowAlp.Simulation.Running;
using FlowAlp.Simulation.Scenarios;

namespace FlowAlp.Simulation.Persistence;

/// <summary>
/// A persistent run's folder: the scenario as run (scenario.json, with any command-line overrides applied), run.json
/// (engine, seed), journal.db, and the outputs. <c>flowalp resume</c> needs nothing else.
/// </summary>
public sealed record RunFolder(string Dir, string ScenarioJson, string Engine, string BaseDir, ForkRecord? Fork = null, string? JournalId = null)
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
        string meta = JsonText.String(w =>
        {
            w.WriteStartObject();
            w.WriteString("engine", Engine);
            w.WriteNumber("format", JournalFormat.Current);
            w.WriteString("baseDir", BaseDir);
            if (JournalId is null) w.WriteNull("journalId");
            else w.WriteString("journalId", JournalId);
            if (Fork is not null)
            {
                w.WritePropertyName("fork");
                Fork.Write(w);
            }
            w.WriteEndObject();
        });
        WriteAtomic(Path.Combine(Dir, MetaFile), meta + "\n");
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
        JsonDocument doc;
        try { doc = JsonDocument.Parse(metaJson, new JsonDocumentOptions { MaxDepth = 16, AllowDuplicateProperties = false }); }
        catch (JsonException e) { throw new SimulationException($"{meta}: not valid JSON: {e.Message.Split('\n')[0]}"); }
        using (doc)
        {
            var m = doc.RootElement;
            if (m.ValueKind != JsonValueKind.Object) throw new SimulationException($"{meta}: not a JSON object");
            int format = JsonRow.Optional(m, "format") is not { } f ? 0
                : f.ValueKind == JsonValueKind.Number && f.TryGetInt32(out int n) ? n : throw new SimulationException($"{meta}: format: must be an integer");
            if (format > JournalFormat.Current) throw new SimulationException($"{dir}: written by a newer format ({format}); use a newer flowalp");
            if (format < JournalFormat.Current)
                throw new SimulationException($"{dir}: written by an older flowalp (run format {format}; this one resumes and forks format {JournalFormat.Current}): start it again with flowalp run");
            string engine = Text(m, meta, "engine") ?? "actors";
            if (engine is not ("actors" or "plain" or "cluster")) throw new SimulationException($"{meta}: engine: must be \"actors\", \"plain\" or \"cluster\", not \"{engine}\"");
            string baseDir = Text(m, meta, "baseDir") ?? dir;
            string? journalId = Text(m, meta, "journalId");
            if (journalId is not null && (journalId.Length is 0 or > 100 || !journalId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
                throw new SimulationException($"{meta}: journalId: must be 1 to 100 letters, digits, '-' or '_'");
            ForkRecord? fork;
            try
            {
                fork = JsonRow.Optional(m, "fork") switch
                {
                    null => null,
                    { ValueKind: JsonValueKind.Object } o => ForkRecord.Read(o),
                    _ => throw new FormatException("fork: must be an object"),
                };
            }
            catch (FormatException e) { throw new SimulationException($"{meta}: {e.Message}"); }
            try { using var _ = JsonDocument.Parse(scenarioJson); }
            catch (JsonException e) { throw new SimulationException($"{scenario}: not valid JSON: {e.Message.Split('\n')[0]}"); }
            return new RunFolder(dir, scenarioJson, engine, baseDir, fork, journalId);
        }
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

    /// <summary>An optional string field of run.json (absent or null: null); a value of another kind names the file and the field.</summary>
    private static string? Text(JsonElement m, string file, string name) => JsonRow.Optional(m, name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.String } v => v.GetString(),
        _ => throw new SimulationException($"{file}: {name}: must be a string"),
    };

    /// <summary>The scenario as run, with its outputs pointing at this folder.</summary>
    public Scenario Scenario() => ScenarioParser.Parse(ScenarioJson, BaseDir);

    /// <summary>A fork's future (from the recorded overrides and faults); null for a run that is not a fork.</summary>
    public ForkSpec? ForkSpec()
    {
        if (Fork is null) return null;
        var overrides = Fork.Set.Select(ScenarioOverrides.ParseOne).ToList();
        return ForkPlanner.Plan(ScenarioJson, BaseDir, Fork.AtStep, overrides, Fork.Faults, Fork.ReplaceFaults ?? false);
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

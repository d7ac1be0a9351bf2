using System.Runtime.Serialization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Akka.Actor;
using Akka.Serialization;

namespace FlowAlp.Simulation.Persistence;

/// <summary>Marker of what the run journal, the position and pool actors persist (events and snapshots): bound to <see cref="PersistedEventSerializer"/>.</summary>
public interface IPersistedEvent;

/// <summary>
/// JSON with a stable manifest per type ("position-refreshed.v1", …) and exact fixed-point values as text, so a rename of
/// a CLR type or namespace never breaks replay (the default serializer stores assembly-qualified type names). Reading is
/// strict: the manifest picks one of FlowAlp's own records (never a type named by the row), and a row that is not what
/// FlowAlp writes is refused with a one-line <see cref="SerializationException"/> naming the manifest and the field.
/// </summary>
public sealed class PersistedEventSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public const int Id = 4711;
    public override int Identifier => Id;

    /// <summary>Every manifest a journal row of FlowAlp may carry (the row check refuses any other before a row is read).</summary>
    public static readonly IReadOnlySet<string> Manifests = new HashSet<string>(StringComparer.Ordinal)
    {
        "position-refreshed.v1", "position-decided.v1", "position-state.v1", "pool-command.v1", "run-snapshot.v1", "pool-snapshot.v1",
        "journal-opened.v1", "step-journaled.v1", "run-completed.v1",
    };

    private static readonly JsonDocumentOptions Strict = new() { MaxDepth = 64, AllowDuplicateProperties = false };

    public override string Manifest(object o) => o switch
    {
        PositionReplicaRefreshed => "position-refreshed.v1",
        PositionDecided => "position-decided.v1",
        PositionState => "position-state.v1",
        PoolCommandJournaled => "pool-command.v1",
        RunSnapshotStored => "run-snapshot.v1",
        PoolSnapshotStored => "pool-snapshot.v1",
        JournalOpened => "journal-opened.v1",
        StepJournaled => "step-journaled.v1",
        RunCompleted => "run-completed.v1",
        _ => throw new ArgumentException($"{o.GetType().Name}: not a persisted FlowAlp event"),
    };

    public override byte[] ToBinary(object o)
    {
        if (o is RunSnapshotStored stored) return stored.Bytes; // already framed and checksummed (RunSnapshot)
        if (o is PoolSnapshotStored pool) return pool.Bytes; // ObjectGraph bytes: checksummed
        JsonObject j = o switch
        {
            PositionReplicaRefreshed e => new() { ["position"] = e.Position, ["replica"] = ReplicaCodec.ToJson(e.Replica) },
            PositionDecided e => new() { ["position"] = e.Position, ["tick"] = e.Tick, ["rebalancer"] = e.RebalancerId, ["replica"] = e.Replica is null ? null : ReplicaCodec.ToJson(e.Replica) },
            PositionState s => new() { ["position"] = s.Position, ["decisions"] = s.Decisions, ["replica"] = s.Replica is null ? null : ReplicaCodec.ToJson(s.Replica) },
            PoolCommandJournaled e => new() { ["command"] = JsonNode.Parse(e.Command), ["events"] = e.EventCount, ["sha256"] = e.LogSha256 },
            JournalOpened e => new() { ["scenarioSha256"] = e.ScenarioSha256, ["format"] = e.Format, ["engine"] = e.Engine },
            StepJournaled e => new()
            {
                ["step"] = e.Step, ["time"] = e.Time, ["events"] = e.EventCount, ["sha256"] = e.LogSha256,
                ["lines"] = e.Events is null ? null : new JsonArray(e.Events.Select(l => (JsonNode?)JsonValue.Create(l)).ToArray()),
            },
            RunCompleted e => new() { ["steps"] = e.Steps, ["sha256"] = e.LogSha256 },
            _ => throw new ArgumentException($"{o.GetType().Name}: not a persisted FlowAlp event"),
        };
        return Encoding.UTF8.GetBytes(j.ToJsonString());
    }

    public override object FromBinary(byte[] bytes, string manifest)
    {
        if (manifest == "run-snapshot.v1") return new RunSnapshotStored(bytes);
        if (manifest == "pool-snapshot.v1") return new PoolSnapshotStored(bytes);
        if (!Manifests.Contains(manifest))
            throw new SerializationException($"journal row: unknown manifest '{Cut(manifest)}' (written by a newer flowalp, or not by flowalp)");
        try
        {
            var j = JsonNode.Parse(bytes, documentOptions: Strict) as JsonObject ?? throw new FormatException("not a JSON object");
            return manifest switch
            {
                "position-refreshed.v1" => new PositionReplicaRefreshed(Json.Long(j, "position"), ReplicaCodec.FromJson(Json.Object(j, "replica"))),
                "position-decided.v1" => new PositionDecided(Json.Long(j, "position"), Json.Long(j, "tick"), Json.Long(j, "rebalancer"), Replica(j)),
                "position-state.v1" => new PositionState(Json.Long(j, "position"), Replica(j), Json.Long(j, "decisions")),
                "pool-command.v1" => new PoolCommandJournaled(Json.Object(j, "command").ToJsonString(), Json.Int(j, "events"), Json.String(j, "sha256")),
                "journal-opened.v1" => new JournalOpened(Json.String(j, "scenarioSha256"), Json.Int(j, "format"), Json.String(j, "engine")),
                "step-journaled.v1" => new StepJournaled(Json.Long(j, "step"), Json.ULong(j, "time"), Json.Int(j, "events"), Json.String(j, "sha256"), Lines(j)),
                "run-completed.v1" => new RunCompleted(Json.Long(j, "steps"), Json.String(j, "sha256")),
                _ => throw new FormatException("no reader"),
            };
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or ArgumentException or OverflowException)
        {
            throw new SerializationException($"journal row ({manifest}): {e.Message.Split('\n')[0]}");
        }
    }

    private static FlowAlp.Engine.Positions.PositionReplica? Replica(JsonObject j) => j["replica"] is null ? null : ReplicaCodec.FromJson(Json.Object(j, "replica"));

    private static string[]? Lines(JsonObject j) => j["lines"] is null ? null
        : Json.Array(j, "lines").Select((n, i) => n is JsonValue v && v.TryGetValue<string>(out var s) ? s : throw new FormatException($"'lines[{i}]': must be a string")).ToArray();

    private static string Cut(string s) => s.Length <= 80 ? s : s[..80] + "…";
}

/// <summary>Reads a journal row's JSON fields strictly: a missing field or one of the wrong kind is a FormatException naming it.</summary>
internal static class Json
{
    public static JsonNode Field(JsonObject j, string name) => j[name] ?? throw new FormatException($"'{name}': missing");
    public static JsonObject Object(JsonObject j, string name) => Field(j, name) as JsonObject ?? throw new FormatException($"'{name}': must be a JSON object");
    public static JsonArray Array(JsonObject j, string name) => Field(j, name) as JsonArray ?? throw new FormatException($"'{name}': must be a JSON array");
    public static string String(JsonObject j, string name) => Field(j, name) is JsonValue v && v.TryGetValue<string>(out var s) ? s : throw new FormatException($"'{name}': must be a string");
    public static long Long(JsonObject j, string name) => Field(j, name) is JsonValue v && v.TryGetValue<long>(out var x) ? x : throw new FormatException($"'{name}': must be an integer");
    public static ulong ULong(JsonObject j, string name) => Field(j, name) is JsonValue v && v.TryGetValue<ulong>(out var x) ? x : throw new FormatException($"'{name}': must be a non-negative integer");
    public static int Int(JsonObject j, string name) => Field(j, name) is JsonValue v && v.TryGetValue<int>(out var x) ? x : throw new FormatException($"'{name}': must be an integer");
}

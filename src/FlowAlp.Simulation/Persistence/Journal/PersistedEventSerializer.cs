using System.Runtime.Serialization;
using System.Text.Json;
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
        if (!Writes(o)) throw new ArgumentException($"{o.GetType().Name}: not a persisted FlowAlp event");
        return JsonText.Bytes(w =>
        {
            w.WriteStartObject();
            switch (o)
            {
                case PositionReplicaRefreshed e:
                    w.WriteNumber("position", e.Position);
                    w.WritePropertyName("replica");
                    ReplicaCodec.Write(w, e.Replica);
                    break;
                case PositionDecided e:
                    w.WriteNumber("position", e.Position);
                    w.WriteNumber("tick", e.Tick);
                    w.WriteNumber("rebalancer", e.RebalancerId);
                    WriteReplica(w, e.Replica);
                    break;
                case PositionState s:
                    w.WriteNumber("position", s.Position);
                    w.WriteNumber("decisions", s.Decisions);
                    WriteReplica(w, s.Replica);
                    break;
                case PoolCommandJournaled e:
                    w.WritePropertyName("command");
                    JsonText.WriteValue(w, e.Command);
                    w.WriteNumber("events", e.EventCount);
                    w.WriteString("sha256", e.LogSha256);
                    break;
                case JournalOpened e:
                    w.WriteString("scenarioSha256", e.ScenarioSha256);
                    w.WriteNumber("format", e.Format);
                    w.WriteString("engine", e.Engine);
                    break;
                case StepJournaled e:
                    w.WriteNumber("step", e.Step);
                    w.WriteNumber("time", e.Time);
                    w.WriteNumber("events", e.EventCount);
                    w.WriteString("sha256", e.LogSha256);
                    w.WritePropertyName("lines");
                    if (e.Events is null) w.WriteNullValue();
                    else
                    {
                        w.WriteStartArray();
                        foreach (var line in e.Events) w.WriteStringValue(line);
                        w.WriteEndArray();
                    }
                    break;
                case RunCompleted e:
                    w.WriteNumber("steps", e.Steps);
                    w.WriteString("sha256", e.LogSha256);
                    break;
            }
            w.WriteEndObject();
        });
    }

    private static bool Writes(object o) => o is PositionReplicaRefreshed or PositionDecided or PositionState or PoolCommandJournaled or JournalOpened or StepJournaled or RunCompleted;

    private static void WriteReplica(System.Text.Json.Utf8JsonWriter w, FlowAlp.Engine.Positions.PositionReplica? r)
    {
        w.WritePropertyName("replica");
        if (r is null) w.WriteNullValue();
        else ReplicaCodec.Write(w, r);
    }

    public override object FromBinary(byte[] bytes, string manifest)
    {
        if (manifest == "run-snapshot.v1") return new RunSnapshotStored(bytes);
        if (manifest == "pool-snapshot.v1") return new PoolSnapshotStored(bytes);
        if (!Manifests.Contains(manifest))
            throw new SerializationException($"journal row: unknown manifest '{Cut(manifest)}' (written by a newer flowalp, or not by flowalp)");
        try
        {
            using var doc = JsonDocument.Parse(bytes, Strict);
            var j = doc.RootElement.ValueKind == JsonValueKind.Object ? doc.RootElement : throw new FormatException("not a JSON object");
            return manifest switch
            {
                "position-refreshed.v1" => new PositionReplicaRefreshed(JsonRow.Long(j, "position"), ReplicaCodec.Read(JsonRow.Object(j, "replica"))),
                "position-decided.v1" => new PositionDecided(JsonRow.Long(j, "position"), JsonRow.Long(j, "tick"), JsonRow.Long(j, "rebalancer"), Replica(j)),
                "position-state.v1" => new PositionState(JsonRow.Long(j, "position"), Replica(j), JsonRow.Long(j, "decisions")),
                "pool-command.v1" => new PoolCommandJournaled(JsonText.Compact(JsonRow.Object(j, "command")), JsonRow.Int(j, "events"), JsonRow.String(j, "sha256")),
                "journal-opened.v1" => new JournalOpened(JsonRow.String(j, "scenarioSha256"), JsonRow.Int(j, "format"), JsonRow.String(j, "engine")),
                "step-journaled.v1" => new StepJournaled(JsonRow.Long(j, "step"), JsonRow.ULong(j, "time"), JsonRow.Int(j, "events"), JsonRow.String(j, "sha256"), Lines(j)),
                "run-completed.v1" => new RunCompleted(JsonRow.Long(j, "steps"), JsonRow.String(j, "sha256")),
                _ => throw new FormatException("no reader"),
            };
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or ArgumentException or OverflowException)
        {
            throw new SerializationException($"journal row ({manifest}): {e.Message.Split('\n')[0]}");
        }
    }

    private static FlowAlp.Engine.Positions.PositionReplica? Replica(JsonElement j) =>
        JsonRow.Optional(j, "replica") is null ? null : ReplicaCodec.Read(JsonRow.Object(j, "replica"));

    private static string[]? Lines(JsonElement j) => JsonRow.Optional(j, "lines") is null ? null
        : JsonRow.Array(j, "lines").EnumerateArray().Select((n, i) => n.ValueKind == JsonValueKind.String ? n.GetString()! : throw new FormatException($"'lines[{i}]': must be a string")).ToArray();

    private static string Cut(string s) => s.Length <= 80 ? s : s[..80] + "…";
}

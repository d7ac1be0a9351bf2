using System.Text;
using System.Text.Json.Nodes;
using Akka.Actor;
using Akka.Serialization;

namespace FlowAlp.Simulation.Persistence;

/// <summary>Marker of what the position and pool actors persist (events and snapshots): bound to <see cref="PersistedEventSerializer"/>.</summary>
public interface IPersistedEvent;

/// <summary>
/// JSON with a stable manifest per type ("position-refreshed.v1", …) and exact fixed-point values as text, so a rename of
/// a CLR type or namespace never breaks replay (the default serializer stores assembly-qualified type names).
/// </summary>
public sealed class PersistedEventSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public override int Identifier => 4711;

    public override string Manifest(object o) => o switch
    {
        PositionReplicaRefreshed => "position-refreshed.v1",
        PositionDecided => "position-decided.v1",
        PositionState => "position-state.v1",
        PoolCommandJournaled => "pool-command.v1",
        RunSnapshotStored => "run-snapshot.v1",
        PoolSnapshotStored => "pool-snapshot.v1",
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
            _ => throw new ArgumentException($"{o.GetType().Name}: not a persisted FlowAlp event"),
        };
        return Encoding.UTF8.GetBytes(j.ToJsonString());
    }

    public override object FromBinary(byte[] bytes, string manifest)
    {
        if (manifest == "run-snapshot.v1") return new RunSnapshotStored(bytes);
        if (manifest == "pool-snapshot.v1") return new PoolSnapshotStored(bytes);
        var j = JsonNode.Parse(bytes)!.AsObject();
        return manifest switch
        {
            "position-refreshed.v1" => new PositionReplicaRefreshed(j["position"]!.GetValue<long>(), ReplicaCodec.FromJson(j["replica"]!.AsObject())),
            "position-decided.v1" => new PositionDecided(j["position"]!.GetValue<long>(), j["tick"]!.GetValue<long>(), j["rebalancer"]!.GetValue<long>(),
                j["replica"] is JsonObject r ? ReplicaCodec.FromJson(r) : null),
            "position-state.v1" => new PositionState(j["position"]!.GetValue<long>(), j["replica"] is JsonObject s ? ReplicaCodec.FromJson(s) : null, j["decisions"]!.GetValue<long>()),
            "pool-command.v1" => new PoolCommandJournaled(j["command"]!.ToJsonString(), j["events"]!.GetValue<int>(), j["sha256"]!.GetValue<string>()),
            _ => throw new System.Runtime.Serialization.SerializationException($"manifest: unknown '{manifest}' (written by a newer flowalp?)"),
        };
    }
}

using Akka.Actor;
using Akka.Serialization;
using FlowAlp.Actors.Positions;
using FlowAlp.Actors.Rebalancing;

namespace FlowAlp.Actors.Cluster;

/// <summary>
/// The binary serializer of the messages that cross nodes in cluster mode (between the pool supervisor and the position
/// entities). Akka's default JSON serializer cannot rebuild UFix64/UFix128 (read-only raw fields, private
/// constructors) or a snapshot's dictionaries of them, and it embeds CLR type names; this one writes raw integers and
/// short, stable manifests. Bound per message type in <see cref="ClusterConfig"/>.
/// </summary>
public sealed class EngineMessageSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public const int Id = 7130;
    public override int Identifier => Id;

    /// <summary>The message types this serializer is bound to (one HOCON binding each).</summary>
    public static readonly Type[] Bound =
    [
        typeof(PositionEnvelope), typeof(RebalanceDue), typeof(RebalancerReady), typeof(RebalanceDecision), typeof(PositionRefreshed),
        typeof(PositionRestarted), typeof(GetReplica), typeof(Replica), typeof(CrashOnNextMessage),
    ];

    public override string Manifest(object o) => o switch
    {
        PositionEnvelope => "E",
        RebalanceDue => "D",
        RebalancerReady => "R",
        RebalanceDecision => "C",
        PositionRefreshed => "F",
        PositionRestarted => "S",
        GetReplica => "G",
        Replica => "P",
        CrashOnNextMessage => "X",
        _ => throw new ArgumentException($"{GetType().Name}: cannot serialize {o.GetType().FullName}"),
    };

    public override byte[] ToBinary(object o)
    {
        using var stream = new MemoryStream(64);
        using (var w = new BinaryWriter(stream)) Write(w, o);
        return stream.ToArray();
    }

    public override object FromBinary(byte[] bytes, string manifest)
    {
        using var r = new BinaryReader(new MemoryStream(bytes));
        return manifest switch
        {
            "E" => new PositionEnvelope(r.ReadInt64(), ReadPayload(r)),
            "D" => new RebalanceDue(r.ReadInt64(), r.ReadInt64(), r.ReadBoolean(), r.ReadBoolean() ? r.ReadSnapshot() : null, ReadRef(r), r.ReadUFix64()),
            "R" => new RebalancerReady(r.ReadInt64(), r.ReadInt64(), ReadDecision(r), r.ReadUFix64()),
            "C" => ReadDecision(r),
            "F" => new PositionRefreshed(r.ReadSnapshot()),
            "S" => new PositionRestarted(r.ReadInt64()),
            "G" => new GetReplica(),
            "P" => new Replica(r.ReadInt64(), r.ReadBoolean() ? ReadReplica(r) : null, r.ReadInt64()),
            "X" => new CrashOnNextMessage(),
            _ => throw new System.Runtime.Serialization.SerializationException($"{GetType().Name}: unknown manifest '{manifest}'"),
        };
    }

    private void Write(BinaryWriter w, object o)
    {
        switch (o)
        {
            case PositionEnvelope e: w.Write(e.Position); WritePayload(w, e.Message); break;
            case RebalanceDue d:
                w.Write(d.Tick); w.Write(d.RebalancerId); w.Write(d.Force);
                w.Write(d.Snapshot is not null);
                if (d.Snapshot is not null) w.Write(d.Snapshot);
                w.Write(Akka.Serialization.Serialization.SerializedActorPath(d.ReplyTo));
                w.Write(d.NextIfPaid);
                break;
            case RebalancerReady r: w.Write(r.Tick); w.Write(r.RebalancerId); WriteDecision(w, r.Decision); w.Write(r.NextIfPaid); break;
            case RebalanceDecision c: WriteDecision(w, c); break;
            case PositionRefreshed f: w.Write(f.Snapshot); break;
            case PositionRestarted s: w.Write(s.Position); break;
            case GetReplica or CrashOnNextMessage: break;
            case Replica p:
                w.Write(p.Position);
                w.Write(p.State is not null);
                if (p.State is not null) WriteReplica(w, p.State);
                w.Write(p.Decisions);
                break;
            default: throw new ArgumentException($"{GetType().Name}: cannot serialize {o.GetType().FullName}");
        }
    }

    private static void WriteDecision(BinaryWriter w, RebalanceDecision c)
    {
        w.Write(c.Tick); w.Write(c.RebalancerId); w.Write(c.Position); w.Write(c.Plan); w.Write(c.Needed);
    }

    private static RebalanceDecision ReadDecision(BinaryReader r) => new(r.ReadInt64(), r.ReadInt64(), r.ReadInt64(), r.ReadPlan(), r.ReadBoolean());

    private static void WriteReplica(BinaryWriter w, PositionReplica s)
    {
        w.Write(s.Balances.Length);
        foreach (var (token, balance) in s.Balances) { w.Write(token); w.Write(balance); }
        w.Write(s.MinHealth); w.Write(s.TargetHealth); w.Write(s.MaxHealth); w.Write(s.Health);
    }

    private static PositionReplica ReadReplica(BinaryReader r)
    {
        var balances = new (string, Protocol.Positions.InternalBalance)[r.ReadInt32()];
        for (int i = 0; i < balances.Length; i++) balances[i] = (r.ReadString(), r.ReadBalance());
        return new PositionReplica(balances, r.ReadUFix128(), r.ReadUFix128(), r.ReadUFix128(), r.ReadUFix128());
    }

    private IActorRef ReadRef(BinaryReader r) => system.Provider.ResolveActorRef(r.ReadString());

    /// <summary>An envelope's payload with whichever serializer the system binds to it (ours for engine messages).</summary>
    private void WritePayload(BinaryWriter w, object message)
    {
        var serializer = system.Serialization.FindSerializerFor(message);
        var bytes = serializer.ToBinary(message);
        w.Write(serializer.Identifier);
        w.Write(Akka.Serialization.Serialization.ManifestFor(serializer, message));
        w.Write(bytes.Length);
        w.Write(bytes);
    }

    private object ReadPayload(BinaryReader r)
    {
        int serializerId = r.ReadInt32();
        string manifest = r.ReadString();
        var bytes = r.ReadBytes(r.ReadInt32());
        return system.Serialization.Deserialize(bytes, serializerId, manifest);
    }
}

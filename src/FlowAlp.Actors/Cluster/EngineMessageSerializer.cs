using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Serialization;
using FlowAlp.Actors.Positions;
using FlowAlp.Actors.Rebalancing;
using FlowAlp.Engine.Positions;
using FlowAlp.Engine.Rebalancing;

namespace FlowAlp.Actors.Cluster;

/// <summary>
/// The binary serializer of the messages that cross nodes in cluster mode (between the pool supervisor and the position
/// entities). Akka's default JSON serializer cannot rebuild UFix64/UFix128 (read-only raw fields, private
/// constructors) or a snapshot's dictionaries of them, and it embeds CLR type names; this one writes raw integers and
/// short, stable manifests. Bound per message type in <see cref="ClusterConfig"/>.
/// A frame from the wire is untrusted: it is read with a <see cref="FrameReader"/> (lengths bounded by the bytes left,
/// read whole), an envelope may carry only one of this serializer's own position messages (never another serializer,
/// so never one that instantiates a type named in the data, and never another envelope), and any frame that does not
/// decode is a <see cref="SerializationException"/> of one line, which Akka's remoting logs before dropping the message.
/// </summary>
public sealed class EngineMessageSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public const int Id = 7130;
    public override int Identifier => Id;

    /// <summary>The message types this serializer is bound to (one HOCON binding each).</summary>
    public static readonly Type[] Bound =
    [
        typeof(PositionEnvelope), typeof(RebalanceDue), typeof(RebalancerReady), typeof(RebalanceDecision), typeof(PositionRefreshed),
        typeof(PositionRestarted), typeof(GetReplica), typeof(Replica), typeof(CrashOnNextMessage), typeof(RestoreDecisions),
    ];

    /// <summary>What an envelope may carry: the messages a position entity handles (the allow-list of payload manifests).</summary>
    private static readonly HashSet<string> EnvelopePayloads = ["D", "F", "G", "Q", "X"];

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
        RestoreDecisions => "Q",
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
        try
        {
            var r = new FrameReader(bytes);
            var message = Read(r, manifest);
            r.End($"'{Printable(manifest)}'");
            return message;
        }
        catch (MalformedFrameException e) { throw Refused(bytes, manifest, e.Message); }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or OverflowException or FormatException)
        { throw Refused(bytes, manifest, e.Message); } // a value the message's own constructor refuses
    }

    private SerializationException Refused(byte[] bytes, string manifest, string reason) =>
        new($"{GetType().Name}: refused a '{Printable(manifest)}' frame of {bytes.Length} bytes: {reason.ReplaceLineEndings(" ")}");

    // a manifest comes from the wire too: keep the line short and printable
    private static string Printable(string manifest) =>
        new(manifest.Take(32).Select(c => char.IsControl(c) ? '?' : c).ToArray());

    private object Read(FrameReader r, string manifest) => manifest switch
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
        "Q" => new RestoreDecisions(r.ReadInt64()),
        _ => throw new MalformedFrameException("unknown manifest"),
    };

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
            case RestoreDecisions q: w.Write(q.Count); break;
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

    private static RebalanceDecision ReadDecision(FrameReader r) => new(r.ReadInt64(), r.ReadInt64(), r.ReadInt64(), r.ReadPlan(), r.ReadBoolean());

    private static void WriteReplica(BinaryWriter w, PositionReplica s)
    {
        w.Write(s.Balances.Length);
        foreach (var (token, balance) in s.Balances) { w.Write(token); w.Write(balance); }
        w.Write(s.MinHealth); w.Write(s.TargetHealth); w.Write(s.MaxHealth); w.Write(s.Health);
    }

    private static PositionReplica ReadReplica(FrameReader r)
    {
        var balances = new (string, Protocol.Positions.InternalBalance)[r.ReadCount("replica balances", WireFormat.MinBalanceEntry)];
        for (int i = 0; i < balances.Length; i++) balances[i] = (r.ReadString(), r.ReadBalance());
        return new PositionReplica(balances, r.ReadUFix128(), r.ReadUFix128(), r.ReadUFix128(), r.ReadUFix128());
    }

    private IActorRef ReadRef(FrameReader r) => system.Provider.ResolveActorRef(r.ReadString());

    /// <summary>
    /// An envelope's payload: one of this serializer's position messages, framed as Akka frames a payload (serializer id,
    /// manifest, length, bytes) so the layout stays that of Akka's own envelopes.
    /// </summary>
    private void WritePayload(BinaryWriter w, object message)
    {
        string manifest = Manifest(message);
        if (!EnvelopePayloads.Contains(manifest)) throw new ArgumentException($"{GetType().Name}: an envelope cannot carry {message.GetType().Name}");
        using var stream = new MemoryStream(64);
        using (var inner = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true)) Write(inner, message);
        w.Write(Id);
        w.Write(manifest);
        w.Write((int)stream.Length);
        w.Write(stream.GetBuffer(), 0, (int)stream.Length);
    }

    /// <summary>The payload is decoded in place (a window on the same bytes): only this serializer and the allow-listed manifests.</summary>
    private object ReadPayload(FrameReader r)
    {
        int serializerId = r.ReadInt32();
        if (serializerId != Id) throw new MalformedFrameException($"envelope payload: serializer {serializerId} is not allowed (only {Id})");
        string manifest = r.ReadString();
        if (!EnvelopePayloads.Contains(manifest))
            throw new MalformedFrameException($"envelope payload: manifest '{Printable(manifest)}' is not allowed (allowed: {string.Join(", ", EnvelopePayloads.Order(StringComparer.Ordinal))})");
        var payload = r.Window("envelope payload", r.ReadInt32());
        var message = Read(payload, manifest);
        payload.End($"envelope payload '{manifest}'");
        return message;
    }
}

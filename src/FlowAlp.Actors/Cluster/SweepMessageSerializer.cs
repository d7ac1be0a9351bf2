using System.Runtime.Serialization;
using System.Text;
using Akka.Actor;
using Akka.Serialization;

namespace FlowAlp.Actors.Cluster;

/// <summary>
/// The binary serializer of a sweep's messages between the coordinator and the workers (<see cref="SweepJob"/> and its
/// answers), bound per type in <see cref="ClusterConfig"/>. A frame is untrusted input: fixed one-letter manifests (no
/// type names), every text bounded (<see cref="SweepJob.MaxScenarioBytes"/>, <see cref="SweepJob.MaxSummaryBytes"/>,
/// <see cref="SweepJob.MaxReasonBytes"/>, paths and names by <see cref="FrameReader.MaxStringBytes"/>), strict UTF-8,
/// an allow-listed engine, an absolute base folder, a non-negative index, and nothing left over. Anything else is a
/// <see cref="SerializationException"/> of one line, which Akka's remoting logs before dropping the frame.
/// </summary>
public sealed class SweepMessageSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public const int Id = 7132;
    public override int Identifier => Id;

    /// <summary>The message types this serializer is bound to (one HOCON binding each).</summary>
    public static readonly Type[] Bound = [typeof(SweepJob), typeof(SweepJobAccepted), typeof(SweepJobDone), typeof(SweepJobFailed)];

    private static readonly string[] Engines = [SweepJob.Actors, SweepJob.Plain];

    public override string Manifest(object o) => o switch
    {
        SweepJob => "J",
        SweepJobAccepted => "A",
        SweepJobDone => "R",
        SweepJobFailed => "F",
        _ => throw new ArgumentException($"{GetType().Name}: cannot serialize {o.GetType().FullName}"),
    };

    public override byte[] ToBinary(object o)
    {
        using var stream = new MemoryStream(256);
        using (var w = new BinaryWriter(stream))
        {
            switch (o)
            {
                case SweepJob j:
                    w.Write(j.Index); WriteText(w, j.ScenarioJson, SweepJob.MaxScenarioBytes, "scenario"); w.Write(j.BaseDir); w.Write(j.Seed); w.Write(j.Engine);
                    break;
                case SweepJobAccepted a: w.Write(a.Index); break;
                case SweepJobDone d: w.Write(d.Index); WriteText(w, d.SummaryJson, SweepJob.MaxSummaryBytes, "summary"); w.Write(d.Conserved); break;
                case SweepJobFailed f: w.Write(f.Index); w.WriteNullable(f.Field); WriteText(w, Cut(f.Reason), SweepJob.MaxReasonBytes, "reason"); break;
                default: throw new ArgumentException($"{GetType().Name}: cannot serialize {o.GetType().FullName}");
            }
        }
        return stream.ToArray();
    }

    public override object FromBinary(byte[] bytes, string manifest)
    {
        try
        {
            var r = new FrameReader(bytes);
            object message = manifest switch
            {
                "J" => new SweepJob(ReadIndex(r), r.ReadText("scenario", SweepJob.MaxScenarioBytes), ReadBaseDir(r), r.ReadUInt64(), ReadEngine(r)),
                "A" => new SweepJobAccepted(ReadIndex(r)),
                "R" => new SweepJobDone(ReadIndex(r), r.ReadText("summary", SweepJob.MaxSummaryBytes), r.ReadBoolean()),
                "F" => new SweepJobFailed(ReadIndex(r), r.ReadNullableString(), r.ReadText("reason", SweepJob.MaxReasonBytes)),
                _ => throw new MalformedFrameException("unknown manifest (known: J, A, R, F)"),
            };
            r.End($"'{Printable(manifest)}'");
            return message;
        }
        catch (MalformedFrameException e)
        {
            throw new SerializationException($"{GetType().Name}: refused a '{Printable(manifest)}' frame of {bytes.Length} bytes: {e.Message.ReplaceLineEndings(" ")}");
        }
    }

    private static int ReadIndex(FrameReader r)
    {
        int index = r.ReadInt32();
        return index >= 0 ? index : throw new MalformedFrameException($"job index: must not be negative, got {index}");
    }

    // the worker reads the scenario's files relative to it: an absolute folder of printable characters, never a relative one
    private static string ReadBaseDir(FrameReader r)
    {
        string dir = r.ReadString();
        if (dir.Length == 0 || dir.Any(char.IsControl) || !Path.IsPathFullyQualified(dir))
            throw new MalformedFrameException($"base folder: must be an absolute path of printable characters, got '{Printable(dir)}'");
        return dir;
    }

    private static string ReadEngine(FrameReader r)
    {
        string engine = r.ReadString();
        return Engines.Contains(engine) ? engine : throw new MalformedFrameException($"engine: '{Printable(engine)}' is not one of {string.Join(", ", Engines)}");
    }

    private static void WriteText(BinaryWriter w, string text, int maxBytes, string what)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        if (bytes.Length > maxBytes) throw new ArgumentException($"{nameof(SweepMessageSerializer)}: the {what} is {bytes.Length} bytes, over the {maxBytes} a frame may carry");
        w.Write(bytes.Length);
        w.Write(bytes);
    }

    // a failure's reason is one line, cut to what a frame carries (on a character boundary)
    private static string Cut(string reason)
    {
        string line = reason.ReplaceLineEndings(" ");
        while (Encoding.UTF8.GetByteCount(line) > SweepJob.MaxReasonBytes) line = line[..(line.Length * 3 / 4)];
        return line;
    }

    // text from the wire in an error line: short and printable
    private static string Printable(string s) => new(s.Take(64).Select(c => char.IsControl(c) ? '?' : c).ToArray());
}

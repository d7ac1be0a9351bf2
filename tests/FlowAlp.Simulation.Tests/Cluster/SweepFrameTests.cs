using System.Runtime.Serialization;
using FlowAlp.Actors.Cluster;
using FlowAlp.Engine.Loop;
using Xunit.Abstractions;

namespace FlowAlp.Simulation.Tests.Cluster;

/// <summary>
/// A sweep's messages cross nodes through <see cref="SweepMessageSerializer"/> (bound in the cluster's HOCON): each
/// comes back as it was sent, and a malformed frame (a job cut short, a length beyond the frame, a relative base
/// folder, an engine not allow-listed, bytes left over, an unknown manifest) is refused with one line naming the
/// serializer, the manifest, the frame's size and the reason, as Akka's remoting logs it before dropping the frame.
/// </summary>
public class SweepFrameTests(ITestOutputHelper output) : Akka.TestKit.Xunit2.TestKit(
    ClusterConfig.For(new ClusterSettings(SystemName: "sweep-frames", Port: 0), new EngineSettings(), 0, [ClusterSettings.SweepsRole]),
    "sweep-frames", output)
{
    private static readonly string Dir = Path.GetFullPath(Repo.Root);

    private static byte[] Frame(Action<BinaryWriter> write)
    {
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream)) write(w);
        return stream.ToArray();
    }

    public static TheoryData<object> Messages() =>
    [
        new SweepJob(3, """{"name": "x", "note": "é"}""", Path.GetFullPath(Repo.Root), 42, SweepJob.Plain),
        new SweepJobAccepted(7),
        new SweepJobDone(1, """{"eventLogSha256": "ab"}""", Conserved: false),
        new SweepJobFailed(2, "prices.FLOW.csv", "file not found"),
        new SweepJobFailed(2, null, "deposit above capacity"),
    ];

    [Theory]
    [MemberData(nameof(Messages))]
    public void Every_sweep_message_crosses_with_its_own_serializer_and_comes_back_equal(object message)
    {
        var serializer = Sys.Serialization.FindSerializerFor(message);
        Assert.IsType<SweepMessageSerializer>(serializer);
        byte[] bytes = serializer.ToBinary(message);
        string manifest = ((Akka.Serialization.SerializerWithStringManifest)serializer).Manifest(message);
        Assert.Equal(message, Sys.Serialization.Deserialize(bytes, SweepMessageSerializer.Id, manifest));
    }

    public static TheoryData<string, byte[], string> Malformed() => new()
    {
        { "J", Frame(w => w.Write(5)), "needs 4 more byte(s) at offset 4, 0 left" },
        { "J", Frame(w => { w.Write(5); w.Write(int.MaxValue); }), "scenario: a length of 2147483647 is outside 0..1048576 bytes" },
        { "J", Frame(w => { w.Write(-1); w.Write(2); w.Write("{}"u8.ToArray()); }), "job index: must not be negative, got -1" },
        { "J", Frame(w => { w.Write(5); w.Write(2); w.Write("{}"u8.ToArray()); w.Write("config/scenarios"); w.Write(1UL); w.Write("actors"); }),
            "base folder: must be an absolute path of printable characters, got 'config/scenarios'" },
        { "J", Frame(w => { w.Write(5); w.Write(2); w.Write("{}"u8.ToArray()); w.Write(Dir); w.Write(1UL); w.Write("System.Object"); }),
            "engine: 'System.Object' is not one of actors, plain" },
        { "J", Frame(w => { w.Write(5); w.Write(2); w.Write(new byte[] { 0xC3, 0x28 }); w.Write(Dir); w.Write(1UL); w.Write("actors"); }),
            "scenario: not valid UTF-8" },
        { "J", Frame(w => { w.Write(5); w.Write(2); w.Write("{}"u8.ToArray()); w.Write(Dir); w.Write(1UL); w.Write("actors"); w.Write((byte)0); }),
            "'J': 1 byte(s) left over" },
        { "R", Frame(w => { w.Write(1); w.Write(2); w.Write("{}"u8.ToArray()); w.Write((byte)2); }), "a boolean must be 0 or 1, got 2 at offset 10" },
        { "Z", Frame(w => w.Write(1)), "unknown manifest (known: J, A, R, F)" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void A_malformed_frame_is_refused_with_one_line(string manifest, byte[] frame, string reason)
    {
        var e = Assert.Throws<SerializationException>(() => Sys.Serialization.Deserialize(frame, SweepMessageSerializer.Id, manifest));
        Assert.Equal($"SweepMessageSerializer: refused a '{manifest}' frame of {frame.Length} bytes: {reason}", e.Message);
    }

    [Fact]
    public void A_job_whose_scenario_is_over_the_limit_does_not_leave()
    {
        var job = new SweepJob(0, new string(' ', SweepJob.MaxScenarioBytes + 1), Dir, 1, SweepJob.Actors);
        var e = Assert.Throws<ArgumentException>(() => Sys.Serialization.FindSerializerFor(job).ToBinary(job));
        Assert.Equal($"SweepMessageSerializer: the scenario is {SweepJob.MaxScenarioBytes + 1} bytes, over the {SweepJob.MaxScenarioBytes} a frame may carry", e.Message);
    }
}

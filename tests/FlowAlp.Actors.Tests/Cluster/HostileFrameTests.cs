using System.Runtime.Serialization;
using System.Text;
using Akka.Actor;
using Akka.Serialization;
using FlowAlp.Actors.Cluster;
using FlowAlp.Actors.Engine;
using FlowAlp.Actors.Positions;
using Xunit.Abstractions;
using FlowAlp.Engine.Loop;
using FlowAlp.Engine.Positions;

namespace FlowAlp.Actors.Tests.Cluster;

/// <summary>A type a hostile frame names: constructing it would count, so a test can assert that nothing named ran.</summary>
public sealed class Tripwire
{
    public static int Constructed;
    public Tripwire() => Interlocked.Increment(ref Constructed);
}

/// <summary>Same, for the control test that shows what Akka's JSON serializer does with "$type".</summary>
public sealed class ControlTripwire
{
    public static int Constructed;
    public ControlTripwire() => Interlocked.Increment(ref Constructed);
}

/// <summary>
/// Crafted cluster frames, one per attack: lengths and counts far beyond the frame, envelopes nested deep, an envelope
/// that selects Akka's JSON serializer with a "$type". Each is refused with one SerializationException line before
/// anything large is allocated and before any type named in the frame is built.
/// </summary>
public class HostileFrameTests(ITestOutputHelper output) : Akka.TestKit.Xunit2.TestKit(
    ClusterConfig.For(new ClusterSettings(SystemName: "hostile-frames", Port: 0), new EngineSettings(), 0, [ClusterSettings.PositionsRole]),
    "hostile-frames", output)
{
    private const int EngineId = EngineMessageSerializer.Id;

    private static byte[] Frame(Action<BinaryWriter> write)
    {
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream)) write(w);
        return stream.ToArray();
    }

    /// <summary>Deserializes as Akka's remoting does (by serializer id and manifest) and returns the refusal, with the bytes it allocated.</summary>
    private (string Message, long Allocated) Refusal(byte[] frame, string manifest, int serializerId = EngineId)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<SerializationException>(() => Sys.Serialization.Deserialize(frame, serializerId, manifest));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.DoesNotContain('\n', e.Message);
        return (e.Message, allocated);
    }

    [Fact]
    public void An_18_byte_envelope_that_claims_a_2_GiB_payload_is_refused_with_a_few_kilobytes()
    {
        // position, serializer id, manifest "F", then a payload length of int.MaxValue (BinaryReader.ReadBytes allocated it)
        var frame = Frame(w => { w.Write(7L); w.Write(EngineId); w.Write("F"); w.Write(int.MaxValue); });
        Assert.Equal(18, frame.Length);
        var (message, allocated) = Refusal(frame, "E");
        Assert.Equal("EngineMessageSerializer: refused a 'E' frame of 18 bytes: envelope payload: a length of 2147483647 does not fit the 0 byte(s) left", message);
        Assert.InRange(allocated, 0, 64 * 1024);
    }

    [Theory]
    [InlineData("P", "replica balances: a count of 2147483647 does not fit the 0 byte(s) left")]
    [InlineData("F", "snapshot balances: a count of 2147483647 does not fit the 0 byte(s) left")]
    public void Every_count_is_bounded_by_the_bytes_that_remain(string manifest, string reason)
    {
        var frame = manifest == "P"
            ? Frame(w => { w.Write(3L); w.Write(true); w.Write(int.MaxValue); })
            : Frame(w => { w.Write(3L); w.Write(0UL); w.Write(int.MaxValue); });
        var (message, allocated) = Refusal(frame, manifest);
        Assert.Equal($"EngineMessageSerializer: refused a '{manifest}' frame of {frame.Length} bytes: {reason}", message);
        Assert.InRange(allocated, 0, 64 * 1024);
    }

    [Fact]
    public void A_string_length_past_the_frame_or_the_limit_is_refused()
    {
        // a RebalanceDue whose reply-to path claims 2^31-1 bytes (7-bit length 0xFF 0xFF 0xFF 0xFF 0x07)
        var frame = Frame(w => { w.Write(1L); w.Write(2L); w.Write(false); w.Write(false); w.Write([0xFF, 0xFF, 0xFF, 0xFF, 0x07]); });
        var (message, allocated) = Refusal(frame, "D");
        Assert.Equal($"EngineMessageSerializer: refused a 'D' frame of {frame.Length} bytes: a string of 2147483647 bytes is over the 1024-byte limit", message);
        Assert.InRange(allocated, 0, 64 * 1024);
    }

    [Fact]
    public void Envelopes_nested_ten_thousand_deep_are_refused_at_the_first_level_without_copying()
    {
        var inner = Frame(w => w.Write(5L)); // PositionRestarted is not even an envelope payload; the nesting is refused first
        for (int depth = 0; depth < 10_000; depth++)
        {
            var payload = inner;
            inner = Frame(w => { w.Write((long)depth); w.Write(EngineId); w.Write("E"); w.Write(payload.Length); w.Write(payload); });
        }
        Assert.Equal(8 + 10_000 * 18, inner.Length);
        var (message, allocated) = Refusal(inner, "E");
        Assert.Equal($"EngineMessageSerializer: refused a 'E' frame of {inner.Length} bytes: envelope payload: manifest 'E' is not allowed (allowed: D, F, G, Q, X)", message);
        Assert.InRange(allocated, 0, 64 * 1024); // no copy of the nested bytes (each level used to copy the rest: quadratic)
    }

    [Fact]
    public void An_envelope_that_selects_the_json_serializer_with_a_type_name_is_refused_and_builds_nothing()
    {
        string typeName = $"{typeof(Tripwire).FullName}, {typeof(Tripwire).Assembly.GetName().Name}";
        var json = Encoding.UTF8.GetBytes($$"""{"$type":"{{typeName}}"}""");
        var frame = Frame(w => { w.Write(1L); w.Write(1); w.Write(typeName); w.Write(json.Length); w.Write(json); });
        var (message, _) = Refusal(frame, "E");
        Assert.Equal($"EngineMessageSerializer: refused a 'E' frame of {frame.Length} bytes: envelope payload: serializer 1 is not allowed (only {EngineId})", message);

        // nor can a frame name serializer id 1 itself: the cluster node has no JSON serializer to find
        var direct = Assert.Throws<SerializationException>(() => Sys.Serialization.Deserialize(json, 1, typeName));
        Assert.Contains("[1]", direct.Message);
        Assert.Equal(0, Tripwire.Constructed);
    }

    [Fact]
    public void Akkas_json_serializer_would_have_built_the_named_type_which_is_why_it_is_replaced()
    {
        string typeName = $"{typeof(ControlTripwire).FullName}, {typeof(ControlTripwire).Assembly.GetName().Name}";
        var json = new NewtonSoftJsonSerializer((ExtendedActorSystem)Sys);
        json.FromBinary(Encoding.UTF8.GetBytes($$"""{"$type":"{{typeName}}"}"""), typeof(object));
        Assert.Equal(1, ControlTripwire.Constructed);

        var unbound = Sys.Serialization.FindSerializerFor(new Uri("http://example.invalid/"));
        Assert.IsType<RefusingSerializer>(unbound);
        var e = Assert.Throws<SerializationException>(() => unbound.ToBinary(new Uri("http://example.invalid/")));
        Assert.Equal("RefusingSerializer: Uri has no serializer binding; only FlowAlp's engine messages and Akka's own cross nodes", e.Message);
    }

    [Theory]
    [InlineData("Z", new byte[0], "unknown manifest")]
    [InlineData("S", new byte[] { 1, 2, 3 }, "needs 8 more byte(s) at offset 0, 3 left")]
    [InlineData("S", new byte[] { 1, 0, 0, 0, 0, 0, 0, 0, 9 }, "'S': 1 byte(s) left over")]
    [InlineData("C", new byte[] { 1, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7 }, "a boolean must be 0 or 1, got 7 at offset 56")]
    public void Short_long_and_odd_frames_are_refused_with_the_reason(string manifest, byte[] frame, string reason)
    {
        var (message, _) = Refusal(frame, manifest);
        Assert.Equal($"EngineMessageSerializer: refused a '{manifest}' frame of {frame.Length} bytes: {reason}", message);
    }

    [Fact]
    public void A_snapshot_naming_a_token_twice_is_refused()
    {
        var frame = Frame(w =>
        {
            w.Write(7L); w.Write(0UL); w.Write(2);
            for (int i = 0; i < 2; i++) { w.Write("FLOW"); w.Write((byte)0); w.Write(0UL); w.Write(0UL); }
        });
        var (message, _) = Refusal(frame, "F");
        Assert.Equal($"EngineMessageSerializer: refused a 'F' frame of {frame.Length} bytes: snapshot balances: token 'FLOW' appears twice", message);
    }

    [Fact]
    public void A_snapshot_with_a_balance_in_a_token_it_has_no_snapshot_of_is_refused()
    {
        // a position decides from the snapshot: a balance without its token's price would fail there, not here
        var frame = Frame(w =>
        {
            w.Write(7L); w.Write(0UL);
            w.Write(1); w.Write("MOET"); w.Write((byte)1); w.Write(0UL); w.Write(0UL);
            w.Write(0);
            for (int i = 0; i < 6; i++) w.Write(0UL);
            w.Write(false); w.Write(false);
        });
        var (message, _) = Refusal(frame, "F");
        Assert.Equal($"EngineMessageSerializer: refused a 'F' frame of {frame.Length} bytes: snapshot: token 'MOET' has no token snapshot", message);
    }

    [Fact]
    public void Restore_decisions_cross_nodes_with_the_engine_serializer()
    {
        var serializer = Sys.Serialization.FindSerializerFor(new PositionEnvelope(4, new RestoreDecisions(12)));
        Assert.IsType<EngineMessageSerializer>(serializer);
        var bytes = serializer.ToBinary(new PositionEnvelope(4, new RestoreDecisions(12)));
        var back = Assert.IsType<PositionEnvelope>(Sys.Serialization.Deserialize(bytes, serializer.Identifier, "E"));
        Assert.Equal(new PositionEnvelope(4, new RestoreDecisions(12)), back);
    }
}

using System.Diagnostics;
using System.Runtime.Serialization;
using Akka.Serialization;
using FlowAlp.Actors.Cluster;
using FlowAlp.Actors.Engine;
using FlowAlp.Actors.Positions;
using FlowAlp.Actors.Rebalancing;
using FlowAlp.Protocol.Health;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Protocol.Positions;
using Xunit.Abstractions;
using FlowAlp.Engine.Loop;
using FlowAlp.Engine.Positions;
using FlowAlp.Engine.Rebalancing;

namespace FlowAlp.Actors.Tests.Cluster;

/// <summary>
/// A bounded mutation fuzz of cluster frames: real frames of every message (flipped, truncated, spliced, lengths
/// rewritten, random bytes), each decoded as Akka's remoting would. Each either decodes or is refused with one
/// SerializationException line; none allocates more than a small multiple of its size; the whole run takes seconds.
/// </summary>
public class FrameFuzzTests : Akka.TestKit.Xunit2.TestKit
{
    private readonly ITestOutputHelper _output;

    public FrameFuzzTests(ITestOutputHelper output)
        : base(ClusterConfig.For(new ClusterSettings(SystemName: "frame-fuzz", Port: 0), new EngineSettings(), 0, [ClusterSettings.PositionsRole]), "frame-fuzz", output)
    {
        _output = output;
    }

    private const int Cases = 4000;

    private IEnumerable<object> Seeds()
    {
        var snapshot = new PositionSnapshot(7, UFix64.FromRaw(3_600_00000000),
            new Dictionary<string, InternalBalance> { ["FLOW"] = new(SignedBalance.Credit(UFix128.Parse("1234.5"))), ["MOET"] = new(SignedBalance.Debit(UFix128.Parse("800"))) },
            new Dictionary<string, TokenSnapshot>
            {
                ["FLOW"] = new(UFix128.Parse("0.65"), UFix128.One, UFix128.One, UFix128.Parse("0.8"), UFix128.One),
                ["MOET"] = new(UFix128.One, UFix128.One, UFix128.One, UFix128.One, UFix128.One),
            },
            UFix128.Parse("1.1"), UFix128.Parse("1.3"), UFix128.Parse("1.5"), "FLOW", null);
        var plan = new RebalancePlan(UFix128.Parse("1.2"), UFix64.FromRaw(123), UFix64.Zero);
        yield return new PositionEnvelope(3, new RebalanceDue(1, 2, false, snapshot, TestActor, UFix64.FromInteger(5)));
        yield return new PositionEnvelope(4, new PositionRefreshed(snapshot));
        yield return new PositionEnvelope(5, new GetReplica());
        yield return new PositionEnvelope(6, new RestoreDecisions(9));
        yield return new RebalancerReady(1, 2, new RebalanceDecision(1, 2, 3, plan, true), UFix64.FromInteger(7));
        yield return new PositionRestarted(11);
        yield return new Replica(7, PositionReplica.From(snapshot), 3);
    }

    [Fact]
    public void Mutated_frames_decode_or_are_refused_with_one_line_within_bounded_memory_and_time()
    {
        var serializer = (SerializerWithStringManifest)Sys.Serialization.FindSerializerFor(new PositionRestarted(0));
        var seeds = Seeds().Select(m => (Bytes: serializer.ToBinary(m), Manifest: serializer.Manifest(m))).ToList();
        string[] manifests = ["E", "D", "R", "C", "F", "S", "G", "P", "X", "Q", "", "Z"];
        var rng = new Random(15);
        int decoded = 0, refused = 0;
        long worstAllocated = 0;
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < Cases; i++)
        {
            var (seed, manifest) = seeds[rng.Next(seeds.Count)];
            var frame = Mutate(seed, rng);
            if (rng.Next(10) == 0) manifest = manifests[rng.Next(manifests.Length)];
            long before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                Assert.NotNull(Sys.Serialization.Deserialize(frame, serializer.Identifier, manifest));
                decoded++;
            }
            catch (SerializationException e)
            {
                Assert.DoesNotContain('\n', e.Message);
                Assert.StartsWith($"{nameof(EngineMessageSerializer)}: refused a '", e.Message);
                refused++;
            }
            worstAllocated = Math.Max(worstAllocated, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        _output.WriteLine($"{Cases} frames: {decoded} decoded, {refused} refused, worst allocation {worstAllocated} bytes, {clock.ElapsedMilliseconds} ms");
        Assert.Equal(Cases, decoded + refused);
        Assert.InRange(refused, Cases / 2, Cases); // the mutations mostly break frames
        Assert.InRange(decoded, 1, Cases);         // and some survive (a flipped amount is still a frame)
        Assert.InRange(worstAllocated, 0, 256 * 1024);
        Assert.InRange(clock.Elapsed.TotalSeconds, 0, 20);
    }

    private static byte[] Mutate(byte[] seed, Random rng)
    {
        var b = seed.ToList();
        int edits = 1 + rng.Next(4);
        for (int e = 0; e < edits && b.Count > 0; e++)
        {
            int at = rng.Next(b.Count);
            switch (rng.Next(6))
            {
                case 0: b[at] ^= (byte)(1 << rng.Next(8)); break;                    // flip a bit
                case 1: b.RemoveRange(at, b.Count - at); break;                       // truncate
                case 2: b.InsertRange(at, RandomBytes(rng, 1 + rng.Next(16))); break; // splice in noise
                case 3: b.RemoveRange(at, Math.Min(b.Count - at, 1 + rng.Next(8))); break;
                case 4:                                                                 // overwrite 4 bytes with a big length
                    var big = BitConverter.GetBytes(rng.Next(2) == 0 ? int.MaxValue - rng.Next(1000) : -1 - rng.Next(1000));
                    for (int k = 0; k < 4 && at + k < b.Count; k++) b[at + k] = big[k];
                    break;
                default: b[at] = (byte)rng.Next(256); break;
            }
        }
        if (rng.Next(50) == 0) return RandomBytes(rng, rng.Next(64));
        return b.ToArray();
    }

    private static byte[] RandomBytes(Random rng, int n)
    {
        var bytes = new byte[n];
        rng.NextBytes(bytes);
        return bytes;
    }
}

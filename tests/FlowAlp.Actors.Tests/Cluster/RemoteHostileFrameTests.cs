using System.Text;
using Akka.Actor;
using Akka.Configuration;
using Akka.Serialization;
using FlowAlp.Actors.Cluster;
using FlowAlp.Actors.Engine;
using Xunit.Abstractions;
using FlowAlp.Engine.Loop;

namespace FlowAlp.Actors.Tests.Cluster;

/// <summary>Bytes a forging peer puts on the wire under the engine serializer's id and a manifest of its choosing.</summary>
public sealed record ForgedFrame(byte[] Bytes, string Manifest);

/// <summary>The forging peer's serializer: it claims the engine serializer's id and writes whatever bytes it is given.</summary>
public sealed class ForgingSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public override int Identifier => EngineMessageSerializer.Id;
    public override string Manifest(object o) => ((ForgedFrame)o).Manifest;
    public override byte[] ToBinary(object obj) => ((ForgedFrame)obj).Bytes;
    public override object FromBinary(byte[] bytes, string manifest) => throw new NotSupportedException();
}

/// <summary>
/// A cluster node that receives hostile frames over real remoting (DotNetty on loopback) drops them (Akka logs the
/// SerializationException) and keeps going: the next message from the same peer arrives, nothing named was built.
/// </summary>
public class RemoteHostileFrameTests(ITestOutputHelper output) : Akka.TestKit.Xunit2.TestKit(
    ClusterConfig.For(new ClusterSettings(SystemName: "hostile-receiver", Port: 0), new EngineSettings(), 0, [ClusterSettings.PositionsRole]),
    "hostile-receiver", output)
{
    private static byte[] Frame(Action<BinaryWriter> write)
    {
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream)) write(w);
        return stream.ToArray();
    }

    [Fact]
    public async Task Hostile_frames_over_the_wire_are_dropped_and_the_node_keeps_receiving()
    {
        var forger = ActorSystem.Create("forger", ConfigurationFactory.ParseString($$"""
            akka.actor.provider = remote
            akka.remote.dot-netty.tcp { hostname = "127.0.0.1", port = 0 }
            akka.actor.serializers.forged = "{{typeof(ForgingSerializer).FullName}}, {{typeof(ForgingSerializer).Assembly.GetName().Name}}"
            akka.actor.serialization-bindings { "{{typeof(ForgedFrame).FullName}}, {{typeof(ForgedFrame).Assembly.GetName().Name}}" = forged }
            akka.loglevel = WARNING
            """));
        try
        {
            var address = ((ExtendedActorSystem)Sys).Provider.DefaultAddress;
            var target = await forger.ActorSelection(TestActor.Path.ToStringWithAddress(address)).ResolveOne(TimeSpan.FromSeconds(10));

            string typeName = $"{typeof(Tripwire).FullName}, {typeof(Tripwire).Assembly.GetName().Name}";
            var json = Encoding.UTF8.GetBytes($$"""{"$type":"{{typeName}}"}""");
            target.Tell(new ForgedFrame(Frame(w => { w.Write(7L); w.Write(EngineMessageSerializer.Id); w.Write("F"); w.Write(int.MaxValue); }), "E"));
            target.Tell(new ForgedFrame(Frame(w => { w.Write(1L); w.Write(1); w.Write(typeName); w.Write(json.Length); w.Write(json); }), "E"));
            target.Tell(new ForgedFrame([1, 2, 3], "S"));
            target.Tell("still receiving");

            ExpectMsg("still receiving", TimeSpan.FromSeconds(10)); // the first message to arrive: the three frames were dropped
            Assert.False(Sys.WhenTerminated.IsCompleted);
            Assert.Equal(0, Tripwire.Constructed);
        }
        finally { await forger.Terminate(); }
    }
}

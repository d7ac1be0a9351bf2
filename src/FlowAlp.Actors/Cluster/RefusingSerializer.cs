using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Serialization;

namespace FlowAlp.Actors.Cluster;

/// <summary>
/// Takes the place of Akka's "json" serializer in a cluster node (see <see cref="ClusterConfig"/>). Akka's JSON
/// serializer (Newtonsoft, id 1) builds whatever CLR type a frame's "$type" names; with this in its place, a frame
/// that names id 1 finds no serializer, and a message with no FlowAlp or Akka binding is refused on the way out
/// instead of leaving as JSON. Every message that crosses nodes has its own binding.
/// </summary>
public sealed class RefusingSerializer : Serializer
{
    public RefusingSerializer(ExtendedActorSystem system) : base(system) { }

    /// <summary>Akka passes the "json" serializer its settings section (akka.actor.serialization-settings.json); none is used.</summary>
    public RefusingSerializer(ExtendedActorSystem system, Akka.Configuration.Config settings) : base(system) { }

    public const int Id = 7131;
    public override int Identifier => Id;
    public override bool IncludeManifest => false;

    public override byte[] ToBinary(object obj) =>
        throw new SerializationException($"{nameof(RefusingSerializer)}: {obj?.GetType().Name ?? "null"} has no serializer binding; only FlowAlp's engine messages and Akka's own cross nodes");

    public override object FromBinary(byte[] bytes, Type type) =>
        throw new SerializationException($"{nameof(RefusingSerializer)}: refused a frame of {bytes.Length} bytes (no data may choose this serializer)");
}

using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Serialization;

namespace FlowAlp.Simulation.Persistence;

/// <summary>
/// Takes the place of Akka's default <c>json</c> serializer (id 1: Newtonsoft with <c>$type</c>, which builds whatever
/// type a row names) in every ActorSystem that reads a FlowAlp journal. It reads and writes nothing: a row that selects
/// it is refused with one line, and a message that is not an <see cref="IPersistedEvent"/> cannot be persisted by accident.
/// A string-manifest serializer, so Akka passes the row's manifest through as text and never resolves it as a type.
/// </summary>
public sealed class TypeNameSerializerRefused(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    /// <summary>The form Akka constructs a serializer with when it has settings (Akka ships some for <c>json</c>: ignored).</summary>
    public TypeNameSerializerRefused(ExtendedActorSystem system, Akka.Configuration.Config _) : this(system) { }

    public override int Identifier => 1;

    public override string Manifest(object o) => throw Refused(o.GetType().Name);

    public override byte[] ToBinary(object o) => throw Refused(o.GetType().Name);

    public override object FromBinary(byte[] bytes, string manifest) =>
        throw new SerializationException("journal row: serializer 1 (JSON with CLR type names) is not read by flowalp (a journal of an older flowalp, or not written by flowalp)");

    private static SerializationException Refused(string type) =>
        new($"{type}: not a persisted FlowAlp event (only IPersistedEvent is journaled, through PersistedEventSerializer)");
}

using System.IO.Compression;
using System.Reflection;
using System.Security.Cryptography;

namespace FlowAlp.Actors.Snapshots;

/// <summary>
/// A whole object graph as bytes and back: the engine's state at a step boundary (see DESIGN "Snapshots"). Every field
/// of every reachable object is written, so state added later is captured without a hand-written codec to forget it;
/// types the snapshot cannot rebuild faithfully are refused by name. <paramref name="externals"/> are objects both
/// sides supply themselves (the scenario's price paths, the event log writer): written as their index only.
/// The payload is compressed and carries its SHA-256 and the builds of the assemblies it names: damage, truncation
/// or another build of flowalp is refused with a <see cref="SnapshotException"/>, never half-read.
/// </summary>
public static class ObjectGraph
{
    private static readonly byte[] Magic = "FASNAP01"u8.ToArray();

    public static byte[] Write(object root, IReadOnlyList<object>? externals = null)
    {
        WellKnown.Refresh();
        using var body = new MemoryStream();
        GraphWriter writer;
        using (var z = new ZLibStream(body, CompressionLevel.Fastest, leaveOpen: true))
        using (var buffered = new BufferedStream(z, 1 << 16))
        using (var w = new BinaryWriter(buffered))
        {
            writer = new GraphWriter(w, externals ?? []);
            writer.WriteRoot(root);
        }
        using var rest = new MemoryStream();
        using (var w = new BinaryWriter(rest, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            var builds = writer.Assemblies.Where(a => !a.IsDynamic).Select(a => (a.GetName().Name!, a.ManifestModule.ModuleVersionId)).Distinct().OrderBy(x => x.Item1, StringComparer.Ordinal).ToList();
            w.Write7BitEncodedInt(builds.Count);
            foreach (var (name, mvid) in builds) { w.Write(name); w.Write(mvid.ToByteArray()); }
            w.Write(body.Length);
            w.Write(body.GetBuffer(), 0, (int)body.Length);
        }
        var payload = rest.ToArray();
        var result = new byte[Magic.Length + 32 + payload.Length];
        Magic.CopyTo(result, 0);
        SHA256.HashData(payload).CopyTo(result, Magic.Length);
        payload.CopyTo(result, Magic.Length + 32);
        return result;
    }

    public static T Read<T>(byte[] data, IReadOnlyList<object>? externals = null)
    {
        if (data.Length < Magic.Length + 32 || !data.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            throw new SnapshotException("not a flowalp state snapshot (or a snapshot format this build does not read)");
        var payload = data.AsMemory(Magic.Length + 32);
        if (!SHA256.HashData(payload.Span).AsSpan().SequenceEqual(data.AsSpan(Magic.Length, 32)))
            throw new SnapshotException("state snapshot is damaged or truncated (its SHA-256 does not match)");
        using var rest = new MemoryStream(data, Magic.Length + 32, data.Length - Magic.Length - 32, writable: false);
        using var br = new BinaryReader(rest);
        int n = br.Read7BitEncodedInt();
        for (int i = 0; i < n; i++)
        {
            string name = br.ReadString();
            var mvid = new Guid(br.ReadBytes(16));
            Assembly asm;
            try { asm = Assembly.Load(name); }
            catch (Exception) { throw new SnapshotException($"state snapshot names assembly {name}, which this build does not have"); }
            if (asm.ManifestModule.ModuleVersionId != mvid)
                throw new SnapshotException($"state snapshot was written by another build of flowalp ({name} differs)");
        }
        long length = br.ReadInt64();
        using var z = new ZLibStream(new MemoryStream(data, (int)rest.Position + Magic.Length + 32, (int)length, writable: false), CompressionMode.Decompress);
        using var buffered = new BufferedStream(z, 1 << 16);
        using var r = new BinaryReader(buffered);
        try
        {
            return (T)(new GraphReader(r, externals ?? []).ReadRoot() ?? throw new SnapshotException("state snapshot is empty"));
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataException or InvalidCastException or ArgumentException or TargetInvocationException)
        {
            throw new SnapshotException($"state snapshot cannot be read: {e.Message.Split('\n')[0]}");
        }
    }
}

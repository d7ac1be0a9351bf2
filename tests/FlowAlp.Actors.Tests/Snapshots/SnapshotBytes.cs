using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace FlowAlp.Actors.Tests.Snapshots;

/// <summary>
/// What an attacker can do to a state snapshot: open its container (build list, lengths, zlib body), change anything,
/// and close it again with a SHA-256 that matches. The hostile-payload tests and the fuzz build their payloads with it.
/// </summary>
internal static class SnapshotBytes
{
    public sealed record Parts(List<(string Name, byte[] Mvid)> Builds, byte[] Body);

    public static Parts Unpack(byte[] data)
    {
        using var r = new BinaryReader(new MemoryStream(data, 40, data.Length - 40));
        int n = r.Read7BitEncodedInt();
        var builds = new List<(string, byte[])>();
        for (int i = 0; i < n; i++) builds.Add((r.ReadString(), r.ReadBytes(16)));
        r.ReadInt32(); // the body's length before compression
        var compressed = r.ReadBytes(r.ReadInt32());
        using var z = new ZLibStream(new MemoryStream(compressed), CompressionMode.Decompress);
        var body = new MemoryStream();
        z.CopyTo(body);
        return new Parts(builds, body.ToArray());
    }

    /// <param name="rawLength">the declared length before compression (the body's own when null)</param>
    public static byte[] Pack(IEnumerable<(string Name, byte[] Mvid)> builds, byte[] body, int? rawLength = null)
    {
        var compressed = new MemoryStream();
        using (var z = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true)) z.Write(body);
        var payload = new MemoryStream();
        using (var w = new BinaryWriter(payload, Encoding.UTF8, leaveOpen: true))
        {
            var list = builds.ToList();
            w.Write7BitEncodedInt(list.Count);
            foreach (var (name, mvid) in list) { w.Write(name); w.Write(mvid); }
            w.Write(rawLength ?? body.Length);
            w.Write((int)compressed.Length);
            w.Write(compressed.ToArray());
        }
        return [.. "FASNAP02"u8, .. SHA256.HashData(payload.ToArray()), .. payload.ToArray()];
    }

    /// <summary>The body with one length-prefixed string (a type name, a registry key) replaced by another.</summary>
    public static byte[] Replace(byte[] body, string from, string to)
    {
        byte[] a = Prefixed(from), b = Prefixed(to);
        int at = body.AsSpan().IndexOf(a);
        if (at < 0) throw new InvalidOperationException($"'{from}' is not in the snapshot");
        Assert.True(body.AsSpan(at + 1).IndexOf(a) < 0, $"'{from}' is in the snapshot twice");
        return [.. body.AsSpan(0, at), .. b, .. body.AsSpan(at + a.Length)];
    }

    public static byte[] Prefixed(string s)
    {
        var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, Encoding.UTF8, leaveOpen: true)) w.Write(s);
        return ms.ToArray();
    }

    /// <summary>A snapshot with its body changed and everything else (build list, lengths, SHA-256) made consistent again.</summary>
    public static byte[] WithBody(byte[] snapshot, Func<byte[], byte[]> change)
    {
        var parts = Unpack(snapshot);
        return Pack(parts.Builds, change(parts.Body));
    }
}

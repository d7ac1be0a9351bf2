using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace FlowAlp.Actors.Tests.Snapshots;

/// <summary>
/// What an attacker can do to a state snapshot: open its container (state schema, lengths, zlib body), change anything,
/// and close it again with a SHA-256 that matches. The hostile-payload tests and the fuzz build their payloads with it.
/// </summary>
internal static class SnapshotBytes
{
    /// <param name="Schema">the state schema's bytes after its version (the recorded types and their fields)</param>
    public sealed record Parts(int Version, byte[] Schema, byte[] Body);

    public static Parts Unpack(byte[] data)
    {
        using var r = new BinaryReader(new MemoryStream(data, 40, data.Length - 40));
        r.ReadInt32(); // the schema's length before compression
        var schema = Inflate(r.ReadBytes(r.ReadInt32()));
        r.ReadInt32(); // the body's length before compression
        var body = Inflate(r.ReadBytes(r.ReadInt32()));
        return new Parts(BitConverter.ToInt32(schema, 0), schema[4..], body);
    }

    private static byte[] Inflate(byte[] compressed)
    {
        using var z = new ZLibStream(new MemoryStream(compressed), CompressionMode.Decompress);
        var inflated = new MemoryStream();
        z.CopyTo(inflated);
        return inflated.ToArray();
    }

    private static byte[] Deflate(byte[] raw)
    {
        var compressed = new MemoryStream();
        using (var z = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true)) z.Write(raw);
        return compressed.ToArray();
    }

    /// <param name="rawLength">the declared length before compression (the body's own when null)</param>
    public static byte[] Pack(int version, byte[] schema, byte[] body, int? rawLength = null)
    {
        byte[] recorded = [.. BitConverter.GetBytes(version), .. schema], zschema = Deflate(recorded), compressed = Deflate(body);
        var payload = new MemoryStream();
        using (var w = new BinaryWriter(payload, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(recorded.Length);
            w.Write(zschema.Length);
            w.Write(zschema);
            w.Write(rawLength ?? body.Length);
            w.Write(compressed.Length);
            w.Write(compressed);
        }
        return [.. "FASNAP03"u8, .. SHA256.HashData(payload.ToArray()), .. payload.ToArray()];
    }

    /// <summary>The snapshot <paramref name="parts"/> came from, with another body.</summary>
    public static byte[] Pack(Parts parts, byte[] body, int? rawLength = null) => Pack(parts.Version, parts.Schema, body, rawLength);

    /// <summary>The bytes with one length-prefixed string (a registry key in the body; a type or field name in the schema) replaced by another.</summary>
    public static byte[] Replace(byte[] body, string from, string to)
    {
        byte[] a = Prefixed(from), b = Prefixed(to);
        int at = body.AsSpan().IndexOf(a);
        if (at < 0) throw new InvalidOperationException($"'{from}' is not in the snapshot");
        Assert.True(body.AsSpan(at + 1).IndexOf(a) < 0, $"'{from}' is in the snapshot twice");
        return [.. body.AsSpan(0, at), .. b, .. body.AsSpan(at + a.Length)];
    }

    /// <summary>The bytes with the first occurrence of one length-prefixed string replaced by another.</summary>
    public static byte[] ReplaceFirst(byte[] bytes, string from, string to)
    {
        byte[] a = Prefixed(from), b = Prefixed(to);
        int at = bytes.AsSpan().IndexOf(a);
        if (at < 0) throw new InvalidOperationException($"'{from}' is not in the snapshot");
        return [.. bytes.AsSpan(0, at), .. b, .. bytes.AsSpan(at + a.Length)];
    }

    /// <summary>
    /// A schema with one string replaced inside the record of the type named <paramref name="type"/> (its first field
    /// name or declared type equal to <paramref name="from"/> after the type's own name).
    /// </summary>
    public static byte[] ReplaceInEntry(byte[] schema, string type, string from, string to)
    {
        byte[] named = [0, .. Prefixed(type)]; // a named type's record starts with its kind, then its name
        int entry = schema.AsSpan().IndexOf(named);
        if (entry < 0) throw new InvalidOperationException($"type '{type}' is not in the schema");
        int start = entry + named.Length;
        return [.. schema.AsSpan(0, start), .. ReplaceFirst(schema[start..], from, to)];
    }

    public static byte[] Prefixed(string s)
    {
        var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, Encoding.UTF8, leaveOpen: true)) w.Write(s);
        return ms.ToArray();
    }

    /// <summary>A snapshot with its body changed and everything else (schema, lengths, SHA-256) made consistent again.</summary>
    public static byte[] WithBody(byte[] snapshot, Func<byte[], byte[]> change)
    {
        var parts = Unpack(snapshot);
        return Pack(parts, change(parts.Body));
    }

    /// <summary>A snapshot with its recorded schema (the types and fields after the version) changed, made consistent again.</summary>
    public static byte[] WithSchema(byte[] snapshot, Func<byte[], byte[]> change)
    {
        var parts = Unpack(snapshot);
        return Pack(parts.Version, change(parts.Schema), parts.Body);
    }

    /// <summary>A snapshot that records another state schema version.</summary>
    public static byte[] WithVersion(byte[] snapshot, int version)
    {
        var parts = Unpack(snapshot);
        return Pack(version, parts.Schema, parts.Body);
    }
}

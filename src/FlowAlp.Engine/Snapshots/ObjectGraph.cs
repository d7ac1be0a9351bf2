using System.IO.Compression;
using System.Security.Cryptography;

namespace FlowAlp.Engine.Snapshots;

/// <summary>
/// A whole object graph as bytes and back: the engine's state at a step boundary (see DESIGN "Snapshots"). Every field
/// of every reachable object is written, so state added later is captured without a hand-written codec to forget it;
/// types the snapshot cannot rebuild faithfully are refused by name. <paramref name="externals"/> are objects both
/// sides supply themselves (the scenario's price paths, the event log writer): written as their index only.
/// The payload is compressed and carries its SHA-256 and its state schema (<see cref="StateSchema"/>: every type it
/// names, by stable name, with its fields): damage, truncation or state this build holds differently is refused with a
/// <see cref="SnapshotException"/>, never half-read; a snapshot of the same schema restores in any build.
/// The bytes are untrusted on read (a run folder may come from anyone, and its SHA-256 can be recomputed): only
/// allow-listed types are built, delegates and shared objects come from fixed registries, every length is checked
/// against the bytes that remain, and any failure is a one-line <see cref="SnapshotException"/>.
/// </summary>
public static class ObjectGraph
{
    private static readonly byte[] Magic = "FASNAP03"u8.ToArray();
    /// <summary>More than the schema of any state could take (a few thousand types with their fields), less than a hostile length would ask.</summary>
    private const int MaxSchemaBytes = 64 << 20;

    public static byte[] Write(object root, IReadOnlyList<object>? externals = null)
    {
        WellKnown.Refresh();
        using var body = new MemoryStream();
        GraphWriter writer;
        long rawLength;
        using (var z = new ZLibStream(body, CompressionLevel.Fastest, leaveOpen: true))
        {
            var counted = new CountingStream(z);
            using (var buffered = new BufferedStream(counted, 1 << 16))
            using (var w = new BinaryWriter(buffered))
            {
                writer = new GraphWriter(w, externals ?? []);
                try { OnDeepStack(() => { writer.WriteRoot(root); return true; }); }
                catch (GraphWriter.TooDeep e) { throw new SnapshotException(e.Message); }
            }
            rawLength = counted.Written;
        }
        if (rawLength > Array.MaxLength) throw new SnapshotException($"state snapshot is too large ({rawLength} bytes before compression)");
        using var rest = new MemoryStream();
        using (var w = new BinaryWriter(rest, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            // the schema (mostly type and field names, which compress well) before the body, compressed on its own
            using var schema = new MemoryStream();
            using (var sw = new BinaryWriter(schema, System.Text.Encoding.UTF8, leaveOpen: true))
                StateSchema.Write(sw, writer.SchemaTypes(), writer.TypeIndex);
            using var zschema = new MemoryStream();
            using (var z = new ZLibStream(zschema, CompressionLevel.Fastest, leaveOpen: true)) z.Write(schema.GetBuffer(), 0, (int)schema.Length);
            w.Write((int)schema.Length);
            w.Write((int)zschema.Length);
            w.Write(zschema.GetBuffer(), 0, (int)zschema.Length);
            w.Write((int)rawLength);
            w.Write((int)body.Length);
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
        try
        {
            using var rest = new MemoryStream(data, Magic.Length + 32, data.Length - Magic.Length - 32, writable: false);
            using var br = new BinaryReader(rest);
            int schemaLength = br.ReadInt32(), zSchemaLength = br.ReadInt32();
            if (zSchemaLength < 0 || zSchemaLength > rest.Length - rest.Position || schemaLength < 4 || schemaLength > MaxSchemaBytes)
                throw new SnapshotException("state snapshot is damaged (its schema's lengths do not match)");
            List<Type> types;
            using (var schema = Inflate(new MemoryStream(data, Magic.Length + 32 + (int)rest.Position, zSchemaLength, writable: false), schemaLength))
            using (var sr = new BinaryReader(schema))
                types = StateSchema.Read(sr, schema.Length);
            rest.Position += zSchemaLength;
            int rawLength = br.ReadInt32(), zLength = br.ReadInt32();
            if (zLength < 0 || zLength != rest.Length - rest.Position || rawLength < 0 || rawLength > Array.MaxLength)
                throw new SnapshotException("state snapshot is damaged (its body's lengths do not match)");
            using var body = Inflate(new MemoryStream(data, Magic.Length + 32 + (int)rest.Position, zLength, writable: false), rawLength);
            var reader = new GraphReader(body, externals ?? [], types);
            var root = OnDeepStack(reader.ReadRoot) ?? throw new SnapshotException("state snapshot is empty");
            return root is T t ? t : throw new SnapshotException($"state snapshot holds a {root.GetType().Name}, not a {typeof(T).Name}");
        }
        catch (Exception e) when (e is not SnapshotException)
        {
            throw new SnapshotException($"state snapshot cannot be read: {e.Message.Split('\n')[0]}");
        }
    }

    /// <summary>The body decompressed: exactly the declared length (memory grows only with what the stream really holds).</summary>
    private static MemoryStream Inflate(Stream compressed, int rawLength)
    {
        var body = new MemoryStream(Math.Min(rawLength, 1 << 24));
        using (var z = new ZLibStream(compressed, CompressionMode.Decompress))
        {
            var chunk = new byte[1 << 16];
            int read;
            while ((read = z.Read(chunk, 0, (int)Math.Min(chunk.Length, (long)rawLength + 1 - body.Length))) > 0)
            {
                body.Write(chunk, 0, read);
                if (body.Length > rawLength) break;
            }
        }
        if (body.Length != rawLength) throw new SnapshotException($"state snapshot is damaged (its body is not the {rawLength} bytes it declares)");
        body.Position = 0;
        return body;
    }

    /// <summary>
    /// The graph is walked recursively, one level per nested object (up to <see cref="GraphWriter.MaxDepth"/>): on a thread of
    /// its own whose stack holds that many whatever thread asks (a thread-pool or actor thread has far less).
    /// </summary>
    private static T OnDeepStack<T>(Func<T> walk)
    {
        T result = default!;
        System.Runtime.ExceptionServices.ExceptionDispatchInfo? error = null;
        var thread = new Thread(() =>
        {
            try { result = walk(); }
            catch (Exception e) { error = System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e); }
        }, StackBytes) { Name = "flowalp-snapshot" };
        thread.Start();
        thread.Join();
        error?.Throw();
        return result;
    }

    private const int StackBytes = 256 << 20;

    /// <summary>Counts the bytes written through it (the body's length before compression, which the reader checks).</summary>
    private sealed class CountingStream(Stream inner) : Stream
    {
        public long Written { get; private set; }
        public override void Write(byte[] buffer, int offset, int count) { inner.Write(buffer, offset, count); Written += count; }
        public override void Write(ReadOnlySpan<byte> buffer) { inner.Write(buffer); Written += buffer.Length; }
        public override void Flush() => inner.Flush();
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => Written; set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}

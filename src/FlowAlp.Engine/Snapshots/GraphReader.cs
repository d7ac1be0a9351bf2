using System.Collections;
using System.Runtime.CompilerServices;
using System.Text;

namespace FlowAlp.Engine.Snapshots;

/// <summary>
/// Reads what <see cref="GraphWriter"/> wrote, in the same order, rebuilding collections through their own API. It reads
/// from the whole decompressed body, so every count and length is checked against the bytes that remain before anything
/// is allocated; types come from the checked schema (<see cref="StateSchema"/>, through the allow-list <see cref="SnapshotTypes"/>), delegates and shared objects from their
/// registries; nesting is bounded. Constructors, property setters and methods named by the data never run.
/// </summary>
internal sealed class GraphReader(MemoryStream body, IReadOnlyList<object> externals, IReadOnlyList<Type> types)
{
    private readonly BinaryReader r = new(body, Encoding.UTF8);
    private readonly List<object?> _objects = new();
    private readonly List<string> _strings = new();
    private int _depth;

    private long Remaining => body.Length - body.Position;

    public object? ReadRoot()
    {
        var root = ReadRef();
        if (Remaining != 0) throw new SnapshotException($"damaged snapshot ({Remaining} bytes after its last object)");
        return root;
    }

    private object? ReadRef()
    {
        byte tag = r.ReadByte();
        switch (tag)
        {
            case GraphWriter.Null: return null;
            case GraphWriter.Str: return ReadString();
            case GraphWriter.External:
                int ext = r.Read7BitEncodedInt();
                return ext >= 0 && ext < externals.Count ? externals[ext] : throw new SnapshotException($"external object {ext} was not supplied ({externals.Count} were)");
            case GraphWriter.Seen:
                int id = r.Read7BitEncodedInt();
                return id >= 0 && id < _objects.Count ? _objects[id] : throw new SnapshotException($"damaged snapshot (reference to object {id} before it was read)");
            case GraphWriter.Shared:
                return WellKnown.Get(ReadString());
            case GraphWriter.New:
                var type = ReadType();
                int slot = _objects.Count;
                _objects.Add(null);
                if (++_depth > GraphWriter.MaxDepth) throw new SnapshotException($"damaged snapshot (objects nest deeper than {GraphWriter.MaxDepth} levels)");
                var o = ReadContent(GraphType.Of(type), slot);
                _depth--;
                return o;
            default: throw new SnapshotException($"damaged snapshot (tag {tag})");
        }
    }

    private object? ReadMember(GraphType declared)
    {
        if (!declared.IsValueType) return ReadRef();
        if (declared.NullableOf is { } inner) return r.ReadBoolean() ? ReadContent(inner, -1) : null;
        return ReadContent(declared, -1);
    }

    /// <summary>A count of items each taking at least <paramref name="minBytes"/>: refused when the bytes left cannot hold them.</summary>
    private int ReadCount(int minBytes)
    {
        int n = r.Read7BitEncodedInt();
        if (n < 0 || (long)n * Math.Max(1, minBytes) > Remaining)
            throw new SnapshotException($"damaged snapshot (a count of {n} with {Remaining} bytes left)");
        return n;
    }

    private static int MinSize(GraphType slot) => slot.Raw?.Size ?? 1;

    /// <param name="slot">the object's id (registered as soon as it exists, so cycles resolve), or -1 for a value in place</param>
    private object ReadContent(GraphType g, int slot)
    {
        object o;
        switch (g.Kind)
        {
            case GraphKind.Primitive: o = ReadPrimitive(g.Type); break;
            case GraphKind.String: o = ReadString(); break;
            case GraphKind.Enum: o = Enum.ToObject(g.Type, ReadPrimitive(Enum.GetUnderlyingType(g.Type))); break;
            case GraphKind.Array:
                if (g.Element == typeof(byte)) { o = r.ReadBytes(ReadCount(1)); break; }
                if (g.Raw is { } rawArray) { o = rawArray.ReadArray(r, ReadCount(rawArray.Size)); break; }
                int n = ReadCount(MinSize(g.ElementSlot));
                var array = Array.CreateInstance(g.Element!, n);
                Register(slot, array);
                for (int i = 0; i < n; i++) array.SetValue(ReadMember(g.ElementSlot), i);
                return array;
            case GraphKind.List:
                int count = ReadCount(MinSize(g.ElementSlot));
                var list = (IList)g.Construct(count);
                Register(slot, list);
                for (int i = 0; i < count; i++) list.Add(ReadMember(g.ElementSlot));
                return list;
            case GraphKind.Dictionary:
            case GraphKind.SortedDictionary:
                var dict = (IDictionary)Create(g);
                Register(slot, dict);
                int entries = ReadCount(MinSize(g.ElementSlot) + MinSize(g.ValueSlot));
                for (int i = 0; i < entries; i++)
                {
                    var key = ReadMember(g.ElementSlot) ?? throw new SnapshotException($"damaged snapshot ({GraphType.Name(g.Type)} with a null key)");
                    dict.Add(key, ReadMember(g.ValueSlot));
                }
                return dict;
            case GraphKind.HashSet:
            case GraphKind.SortedSet:
                var set = Create(g);
                Register(slot, set);
                int items = ReadCount(MinSize(g.ElementSlot));
                var add = g.Add;
                for (int i = 0; i < items; i++) add(set, ReadMember(g.ElementSlot));
                return set;
            case GraphKind.Delegate:
                o = ReadDelegate(g);
                break;
            default:
                if (g.Raw is { } raw)
                {
                    if (Remaining < raw.Size) throw new EndOfStreamException();
                    o = raw.ReadBoxed(r);
                    break;
                }
                o = RuntimeHelpers.GetUninitializedObject(g.Type);
                Register(slot, o);
                var types = g.FieldTypes;
                var setters = g.Setters;
                var direct = g.FieldReaders;
                for (int i = 0; i < setters.Length; i++)
                {
                    if (direct[i] is { } read) read(o, r);
                    else setters[i](o, ReadMember(types[i]));
                }
                return o;
        }
        Register(slot, o);
        return o;
    }

    /// <summary>A delegate: its target from the graph, its method from the fixed registry by key (never from a token or a name).</summary>
    private Delegate ReadDelegate(GraphType g)
    {
        var target = ReadRef();
        var method = SnapshotDelegates.Method(ReadString());
        string what = $"{GraphType.Name(g.Type)} to {method.DeclaringType!.Name}.{method.Name}";
        if (!method.IsStatic && (target is null || !method.DeclaringType!.IsInstanceOfType(target)))
            throw new SnapshotException($"damaged snapshot ({what} on a {(target is null ? "missing" : target.GetType().Name)} target)");
        // a static method with a target is closed over its first argument
        return Delegate.CreateDelegate(g.Type, target, method, throwOnBindFailure: false)
            ?? throw new SnapshotException($"damaged snapshot ({what} does not match)");
    }

    private object Create(GraphType g)
    {
        object comparer = r.ReadBoolean()
            ? g.DefaultComparer!
            : ReadRef() ?? throw new SnapshotException($"{GraphType.Name(g.Type)}: no comparer");
        return g.Construct(comparer);
    }

    private void Register(int slot, object o)
    {
        if (slot >= 0) _objects[slot] = o;
    }

    private object ReadPrimitive(Type t)
    {
        if (t == typeof(bool)) return r.ReadBoolean();
        if (t == typeof(byte)) return r.ReadByte();
        if (t == typeof(sbyte)) return r.ReadSByte();
        if (t == typeof(short)) return r.ReadInt16();
        if (t == typeof(ushort)) return r.ReadUInt16();
        if (t == typeof(int)) return r.ReadInt32();
        if (t == typeof(uint)) return r.ReadUInt32();
        if (t == typeof(long)) return r.ReadInt64();
        if (t == typeof(ulong)) return r.ReadUInt64();
        if (t == typeof(char)) return r.ReadChar();
        if (t == typeof(float)) return r.ReadSingle();
        if (t == typeof(double)) return r.ReadDouble();
        if (t == typeof(decimal)) return r.ReadDecimal();
        if (t == typeof(UInt128)) { ulong hi = r.ReadUInt64(), lo = r.ReadUInt64(); return new UInt128(hi, lo); }
        if (t == typeof(Int128)) { ulong hi = r.ReadUInt64(), lo = r.ReadUInt64(); return new Int128(hi, lo); }
        throw new SnapshotException($"{t.Name}: a snapshot cannot hold this value");
    }

    private string ReadString()
    {
        int i = r.Read7BitEncodedInt();
        if (i > 0) return i - 1 < _strings.Count ? _strings[i - 1] : throw new SnapshotException("damaged snapshot (string)");
        if (i < 0) throw new SnapshotException("damaged snapshot (string)");
        var s = ReadText(r, Remaining);
        _strings.Add(s);
        return s;
    }

    /// <summary>A length-prefixed UTF-8 string whose length is checked against the bytes left before it is read.</summary>
    internal static string ReadText(BinaryReader r, long remaining)
    {
        int length = r.Read7BitEncodedInt();
        if (length < 0 || length > remaining) throw new SnapshotException($"damaged snapshot (a string of {length} bytes with {remaining} left)");
        return Encoding.UTF8.GetString(r.ReadBytes(length));
    }

    /// <summary>A type by its index in the schema, which <see cref="StateSchema.Read"/> resolved and checked before the body.</summary>
    private Type ReadType()
    {
        int i = r.Read7BitEncodedInt();
        return i >= 0 && i < types.Count ? types[i] : throw new SnapshotException($"damaged snapshot (type {i} of {types.Count})");
    }
}

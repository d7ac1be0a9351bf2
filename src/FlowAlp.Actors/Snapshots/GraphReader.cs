using System.Collections;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace FlowAlp.Actors.Snapshots;

/// <summary>Reads what <see cref="GraphWriter"/> wrote, in the same order, rebuilding collections through their own API.</summary>
internal sealed class GraphReader(BinaryReader r, IReadOnlyList<object> externals)
{
    private readonly List<object?> _objects = new();
    private readonly List<string> _strings = new();
    private readonly List<Type> _types = new();

    public object? ReadRoot() => ReadRef();

    private object? ReadRef()
    {
        byte tag = r.ReadByte();
        switch (tag)
        {
            case GraphWriter.Null: return null;
            case GraphWriter.Str: return ReadString();
            case GraphWriter.External:
                int ext = r.Read7BitEncodedInt();
                return ext < externals.Count ? externals[ext] : throw new SnapshotException($"external object {ext} was not supplied ({externals.Count} were)");
            case GraphWriter.Seen:
                int id = r.Read7BitEncodedInt();
                return id < _objects.Count ? _objects[id] : throw new SnapshotException($"reference to object {id} before it was read");
            case GraphWriter.Shared:
                var owner = ReadType();
                return WellKnown.Get(owner, ReadString());
            case GraphWriter.New:
                var type = ReadType();
                int slot = _objects.Count;
                _objects.Add(null);
                return ReadContent(GraphType.Of(type), slot);
            default: throw new SnapshotException($"damaged snapshot (tag {tag})");
        }
    }

    private object? ReadMember(Type declared) => declared.IsValueType ? ReadMember(GraphType.Of(declared)) : ReadRef();

    private object? ReadMember(GraphType declared)
    {
        if (!declared.IsValueType) return ReadRef();
        if (declared.NullableOf is { } inner) return r.ReadBoolean() ? ReadContent(inner, -1) : null;
        return ReadContent(declared, -1);
    }

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
                int n = r.Read7BitEncodedInt();
                if (g.Element == typeof(byte)) { o = r.ReadBytes(n); break; }
                if (g.Raw is { } rawArray) { o = rawArray.ReadArray(r, n); break; }
                var array = Array.CreateInstance(g.Element!, n);
                Register(slot, array);
                for (int i = 0; i < n; i++) array.SetValue(ReadMember(g.ElementSlot), i);
                return array;
            case GraphKind.List:
                int count = r.Read7BitEncodedInt();
                var list = (IList)g.Construct(count);
                Register(slot, list);
                for (int i = 0; i < count; i++) list.Add(ReadMember(g.ElementSlot));
                return list;
            case GraphKind.Dictionary:
            case GraphKind.SortedDictionary:
                var dict = (IDictionary)Create(g);
                Register(slot, dict);
                int entries = r.Read7BitEncodedInt();
                for (int i = 0; i < entries; i++)
                {
                    var key = ReadMember(g.ElementSlot);
                    dict.Add(key!, ReadMember(g.ValueSlot));
                }
                return dict;
            case GraphKind.HashSet:
            case GraphKind.SortedSet:
                var set = Create(g);
                Register(slot, set);
                int items = r.Read7BitEncodedInt();
                var add = g.Add;
                for (int i = 0; i < items; i++) add(set, ReadMember(g.ElementSlot));
                return set;
            case GraphKind.Delegate:
                var target = ReadRef();
                var declaring = ReadType();
                int token = r.ReadInt32();
                var method = declaring.Module.ResolveMethod(token, declaring.IsGenericType ? declaring.GetGenericArguments() : null, null) as MethodInfo
                    ?? throw new SnapshotException($"{declaring.Name}: method {token} not found");
                o = Delegate.CreateDelegate(g.Type, target, method); // a static method with a target is closed over its first argument
                break;
            default:
                if (g.Raw is { } raw) { o = raw.ReadBoxed(r); break; }
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
        var s = r.ReadString();
        _strings.Add(s);
        return s;
    }

    private Type ReadType()
    {
        int i = r.Read7BitEncodedInt();
        if (i > 0) return i - 1 < _types.Count ? _types[i - 1] : throw new SnapshotException("damaged snapshot (type)");
        string name = r.ReadString();
        var t = Type.GetType(name, throwOnError: false) ?? throw new SnapshotException($"type {name.Split(',')[0]} does not exist in this build");
        _types.Add(t);
        return t;
    }
}

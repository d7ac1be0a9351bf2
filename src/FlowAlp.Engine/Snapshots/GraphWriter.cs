using System.Collections;

namespace FlowAlp.Engine.Snapshots;

/// <summary>
/// Writes an object graph (see <see cref="ObjectGraph"/>): references keep their identity (shared objects and cycles
/// come back shared), strings and types are written once, externals and static singletons by reference only. Types
/// are written as their index in the snapshot's schema (which records them by stable name, generic arguments and array
/// elements as types of their own), delegates and singletons by their registry key: the reader resolves nothing else.
/// </summary>
internal sealed class GraphWriter
{
    internal const byte Null = 0, External = 1, Seen = 2, Shared = 3, New = 4, Str = 5;
    /// <summary>How a type is written: by its table name, as an array of an element type, or as a generic definition with its arguments.</summary>
    internal const byte NamedType = 0, ArrayType = 1, GenericType = 2;
    /// <summary>How deeply objects may nest (the reader refuses deeper: a crafted chain must not exhaust its stack).</summary>
    internal const int MaxDepth = 10_000;
    /// <summary>How many distinct types one snapshot may name (an engine's state names about a hundred; each costs the reader a lookup and set-up).</summary>
    internal const int MaxTypes = 4096;

    private readonly BinaryWriter _w;
    private readonly Dictionary<object, int> _externals = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<object, int> _seen = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<string, int> _strings = new(StringComparer.Ordinal);
    private readonly Dictionary<Type, int> _types = new();
    private readonly List<Type> _typeList = new();
    private readonly HashSet<object> _openDelegates = new(ReferenceEqualityComparer.Instance);
    private int _depth;

    public GraphWriter(BinaryWriter w, IReadOnlyList<object> externals)
    {
        _w = w;
        for (int i = 0; i < externals.Count; i++) _externals.TryAdd(externals[i], i);
    }

    public void WriteRoot(object root) => WriteRef(root);

    private void WriteRef(object? o)
    {
        if (o is null) { _w.Write(Null); return; }
        if (o is string s) { _w.Write(Str); WriteString(s); return; }
        if (_externals.TryGetValue(o, out int ext)) { _w.Write(External); _w.Write7BitEncodedInt(ext); return; }
        if (_seen.TryGetValue(o, out int id))
        {
            // a reader creates a delegate only after its target: a target that leads back to it would restore a null
            if (o is Delegate && _openDelegates.Contains(o)) throw new SnapshotException($"{GraphType.Name(o.GetType())}: a delegate reached again from its own target cannot be restored");
            _w.Write(Seen);
            _w.Write7BitEncodedInt(id);
            return;
        }
        if (WellKnown.TryFind(o, out var shared)) { _w.Write(Shared); WriteString(shared); return; }
        var type = o.GetType();
        var g = GraphType.Of(type); // refuses a type it cannot hold (the caller names the field)
        if (o is Delegate d)
        {
            try { SnapshotDelegates.KeyOf(d.Method); } // refuses a delegate whose method is not in the registry, the same way
            catch (SnapshotException e) { throw new SnapshotException($"{GraphType.Name(type)}: {e.Message}"); }
        }
        _w.Write(New);
        WriteType(type);
        _seen.Add(o, _seen.Count);
        if (++_depth > MaxDepth) throw new TooDeep(); // not a SnapshotException: no frame adds its path on the way out
        try { WriteContent(o, g); }
        catch (SnapshotException e) { throw new SnapshotException($"{GraphType.Name(type)}.{e.Message}"); }
        _depth--;
    }

    private void WriteMember(object? value, Type declared)
    {
        if (declared.IsValueType) WriteMember(value, GraphType.Of(declared));
        else WriteRef(value);
    }

    /// <summary>A member whose declared type is <paramref name="declared"/>: value types in place, references by tag.</summary>
    private void WriteMember(object? value, GraphType declared)
    {
        if (!declared.IsValueType) { WriteRef(value); return; }
        if (declared.NullableOf is { } inner)
        {
            _w.Write(value is not null);
            if (value is not null) WriteContent(value, inner);
            return;
        }
        WriteContent(value!, declared);
    }

    private void WriteContent(object o, GraphType g)
    {
        switch (g.Kind)
        {
            case GraphKind.Primitive: WritePrimitive(o, g.Code); break;
            case GraphKind.String: WriteString((string)o); break;
            case GraphKind.Enum: WritePrimitive(Convert.ChangeType(o, Enum.GetUnderlyingType(g.Type)), Type.GetTypeCode(Enum.GetUnderlyingType(g.Type))); break;
            case GraphKind.Array:
                var array = (Array)o;
                _w.Write7BitEncodedInt(array.Length);
                if (array is byte[] bytes) { _w.Write(bytes); break; }
                if (g.Raw is { } rawArray) { rawArray.WriteArray(_w, array); break; }
                foreach (var item in array) WriteMember(item, g.ElementSlot);
                break;
            case GraphKind.List:
                var list = (IList)o;
                _w.Write7BitEncodedInt(list.Count);
                foreach (var item in list) WriteMember(item, g.ElementSlot);
                break;
            case GraphKind.Dictionary:
            case GraphKind.SortedDictionary:
                Compact(o, g);
                WriteComparer(g.ComparerProperty!.GetValue(o)!, g);
                var dict = (IDictionary)o;
                _w.Write7BitEncodedInt(dict.Count);
                foreach (DictionaryEntry e in dict) { WriteMember(e.Key, g.ElementSlot); WriteMember(e.Value, g.ValueSlot); }
                break;
            case GraphKind.HashSet:
            case GraphKind.SortedSet:
                Compact(o, g);
                WriteComparer(g.ComparerProperty!.GetValue(o)!, g);
                var items = ((IEnumerable)o).Cast<object?>().ToList();
                _w.Write7BitEncodedInt(items.Count);
                foreach (var item in items) WriteMember(item, g.ElementSlot);
                break;
            case GraphKind.Delegate:
                var d = (Delegate)o;
                if (d.GetInvocationList().Length != 1) throw new SnapshotException($"{GraphType.Name(g.Type)}: a multicast delegate");
                string key = SnapshotDelegates.KeyOf(d.Method); // registered: WriteRef checked it
                _openDelegates.Add(d);
                WriteRef(d.Target);
                _openDelegates.Remove(d);
                WriteString(key);
                break;
            default:
                if (g.Raw is { } raw) { raw.WriteBoxed(_w, o); break; }
                var fields = g.Fields;
                var types = g.FieldTypes;
                var getters = g.Getters;
                var direct = g.FieldWriters;
                for (int i = 0; i < fields.Length; i++)
                {
                    if (direct[i] is { } write) { write(o, _w); continue; }
                    try { WriteMember(getters[i](o), types[i]); }
                    catch (SnapshotException e) { throw new SnapshotException($"{fields[i].Name} > {e.Message}"); }
                }
                break;
        }
    }

    private void WriteComparer(object comparer, GraphType g)
    {
        if (ReferenceEquals(comparer, g.DefaultComparer)) { _w.Write(true); return; }
        _w.Write(false);
        WriteRef(comparer);
    }

    /// <summary>
    /// A hash map or set with removed entries fills those holes first, so its enumeration order after more inserts depends
    /// on where they were; a rebuilt one has none. Compacting the live one here (clear, then re-add in order) makes the
    /// run that continues and the run restored from this snapshot enumerate alike from now on.
    /// </summary>
    private static void Compact(object o, GraphType g)
    {
        if (g.Kind is not (GraphKind.Dictionary or GraphKind.HashSet)) return;
        if (g.FreeCount is not { } free || (int)free.GetValue(o)! == 0) return;
        if (o is IDictionary dict)
        {
            var entries = new List<DictionaryEntry>(dict.Count);
            foreach (DictionaryEntry e in dict) entries.Add(e);
            dict.Clear();
            foreach (var e in entries) dict.Add(e.Key, e.Value);
        }
        else
        {
            var items = ((IEnumerable)o).Cast<object?>().ToList();
            g.Type.GetMethod("Clear")!.Invoke(o, null);
            foreach (var item in items) g.Add(o, item);
        }
    }

    private void WritePrimitive(object o, TypeCode code)
    {
        switch (code)
        {
            case TypeCode.UInt64: _w.Write((ulong)o); return;
            case TypeCode.Int64: _w.Write((long)o); return;
            case TypeCode.Int32: _w.Write((int)o); return;
            case TypeCode.Boolean: _w.Write((bool)o); return;
            case TypeCode.Double: _w.Write((double)o); return;
        }
        switch (o)
        {
            case bool v: _w.Write(v); break;
            case byte v: _w.Write(v); break;
            case sbyte v: _w.Write(v); break;
            case short v: _w.Write(v); break;
            case ushort v: _w.Write(v); break;
            case int v: _w.Write(v); break;
            case uint v: _w.Write(v); break;
            case long v: _w.Write(v); break;
            case ulong v: _w.Write(v); break;
            case char v: _w.Write(v); break;
            case float v: _w.Write(v); break;
            case double v: _w.Write(v); break;
            case decimal v: _w.Write(v); break;
            case UInt128 v: _w.Write((ulong)(v >> 64)); _w.Write((ulong)v); break;
            case Int128 v: _w.Write((ulong)(v >> 64)); _w.Write((ulong)v); break;
            default: throw new SnapshotException($"{o.GetType().Name}: a snapshot cannot hold this value");
        }
    }

    private void WriteString(string s)
    {
        if (_strings.TryGetValue(s, out int i)) { _w.Write7BitEncodedInt(i + 1); return; }
        _strings.Add(s, _strings.Count);
        _w.Write7BitEncodedInt(0);
        _w.Write(s);
    }

    /// <summary>Objects nest deeper than <see cref="MaxDepth"/> (ObjectGraph.Write says so, without the path of 10,000 levels).</summary>
    internal sealed class TooDeep() : Exception($"objects nest deeper than {MaxDepth} levels");

    /// <summary>A type by its index in the snapshot's schema (<see cref="StateSchema"/>), recorded there on first use, after its parts.</summary>
    private void WriteType(Type t) => _w.Write7BitEncodedInt(Record(t));

    private int Record(Type t)
    {
        if (_types.TryGetValue(t, out int i)) return i;
        if (t.IsSZArray) Record(t.GetElementType()!);
        else if (t.IsGenericType) foreach (var a in t.GetGenericArguments()) Record(a);
        else SnapshotTypes.NameOf(t); // refuses a type outside the table
        if (_types.Count >= MaxTypes) throw new SnapshotException($"the state names more than {MaxTypes} types");
        _types.Add(t, _types.Count);
        _typeList.Add(t);
        return _types.Count - 1;
    }

    /// <summary>
    /// Every type the schema must record, in index order: those the body named, and the value types held in place in
    /// their fields (a struct's bytes are read by its fields as this build declares them, so its fields are checked too).
    /// </summary>
    public IReadOnlyList<Type> SchemaTypes()
    {
        for (int i = 0; i < _typeList.Count; i++)
        {
            var g = GraphType.Of(_typeList[i]);
            if (g.Kind != GraphKind.Object || g.NullableOf is not null) continue;
            foreach (var f in g.Fields)
                if (f.FieldType.IsValueType && SnapshotTypes.IsAllowed(f.FieldType)) Record(f.FieldType);
        }
        return _typeList;
    }

    public IReadOnlyDictionary<Type, int> TypeIndex => _types;
}

namespace FlowAlp.Engine.Snapshots;

/// <summary>
/// What a state snapshot records about the state it holds, instead of the builds that wrote it: every type it names
/// (by stable name, <see cref="StableNames"/>) with its fields (stable names and declared types, in order), and this
/// <see cref="Version"/>. A snapshot restores in any build whose allow-listed types have exactly those fields; any
/// difference is refused with one line naming it, before the body is read.
/// </summary>
internal static class StateSchema
{
    /// <summary>
    /// Bump by hand when the meaning of the state changes while its fields stay the same (a unit, an order, what a
    /// value counts): snapshots written before are refused instead of read with the old meaning.
    /// </summary>
    public const int Version = 1;

    /// <summary>How deeply an array or generic type may nest inside a recorded type (a crafted chain must not recurse far).</summary>
    internal const int MaxTypeDepth = 32;

    /// <summary>The fields a type's snapshot holds, as (stable field name, declared type's stable name): an object's fields, an enum's underlying value, none for types rebuilt through their API.</summary>
    internal static (string Name, string Type)[] FieldsOf(GraphType g) => g.Kind switch
    {
        GraphKind.Object when g.NullableOf is null => g.Fields.Select(f => (f.Name, StableNames.Of(f.FieldType))).ToArray(),
        GraphKind.Enum => [("value__", StableNames.Of(Enum.GetUnderlyingType(g.Type)))],
        _ => [],
    };

    /// <summary>The record of the types <paramref name="types"/> lists (each one's parts before it), in that order.</summary>
    internal static void Write(BinaryWriter w, IReadOnlyList<Type> types, IReadOnlyDictionary<Type, int> index)
    {
        w.Write(Version);
        w.Write7BitEncodedInt(types.Count);
        foreach (var t in types)
        {
            if (t.IsSZArray)
            {
                w.Write(GraphWriter.ArrayType);
                w.Write7BitEncodedInt(index[t.GetElementType()!]);
            }
            else if (t.IsGenericType)
            {
                var args = t.GetGenericArguments();
                w.Write(GraphWriter.GenericType);
                w.Write(SnapshotTypes.NameOf(t.GetGenericTypeDefinition()));
                w.Write7BitEncodedInt(args.Length);
                foreach (var a in args) w.Write7BitEncodedInt(index[a]);
            }
            else
            {
                w.Write(GraphWriter.NamedType);
                w.Write(SnapshotTypes.NameOf(t));
            }
            w.Write(t.IsValueType);
            var fields = FieldsOf(GraphType.Of(t));
            w.Write7BitEncodedInt(fields.Length);
            foreach (var (name, type) in fields) { w.Write(name); w.Write(type); }
        }
    }

    /// <summary>
    /// Reads the record and checks it against this build: the version, then each type (resolved through the allow-list
    /// only) and its fields. Returns the types in the record's order (the body names them by index).
    /// </summary>
    internal static List<Type> Read(BinaryReader r, long end)
    {
        long Left() => end - r.BaseStream.Position;
        int version = r.ReadInt32();
        if (version != Version) throw new SnapshotException($"state schema version {version}, this build reads {Version}");
        int n = r.Read7BitEncodedInt();
        if (n < 0 || n > GraphWriter.MaxTypes || n * 3L > Left()) throw new SnapshotException($"state snapshot is damaged (a schema of {n} types)");
        var types = new List<Type>(n);
        var depth = new List<int>(n);
        Type At(int i, int deeper)
        {
            if (i < 0 || i >= types.Count) throw new SnapshotException("state snapshot is damaged (its schema names a type before recording it)");
            if (depth[i] + 1 > MaxTypeDepth) throw new SnapshotException("state snapshot is damaged (its schema nests types too deeply)");
            return types[i];
        }
        for (int k = 0; k < n; k++)
        {
            Type t;
            int d = 0;
            switch (r.ReadByte())
            {
                case GraphWriter.NamedType:
                    t = SnapshotTypes.Resolve(GraphReader.ReadText(r, Left()));
                    if (t.IsGenericTypeDefinition) throw new SnapshotException($"damaged snapshot (open generic type {GraphType.Name(t)})");
                    break;
                case GraphWriter.ArrayType:
                    int e = r.Read7BitEncodedInt();
                    t = At(e, 1).MakeArrayType();
                    d = depth[e] + 1;
                    break;
                case GraphWriter.GenericType:
                    var definition = SnapshotTypes.Resolve(GraphReader.ReadText(r, Left()));
                    int count = r.Read7BitEncodedInt();
                    if (count is < 1 or > 8) throw new SnapshotException("damaged snapshot (type arguments)");
                    var args = new Type[count];
                    for (int a = 0; a < count; a++)
                    {
                        int i = r.Read7BitEncodedInt();
                        args[a] = At(i, 1);
                        d = Math.Max(d, depth[i] + 1);
                    }
                    t = SnapshotTypes.MakeGeneric(definition, args);
                    if (!SnapshotTypes.IsAllowed(t)) throw new SnapshotException($"state snapshot names type {SnapshotText.Quote(StableNames.Of(t))}, which a snapshot may not hold");
                    break;
                default: throw new SnapshotException("damaged snapshot (type)");
            }
            Check(t, r.ReadBoolean(), ReadFields(r, Left));
            types.Add(t);
            depth.Add(d);
        }
        if (Left() != 0) throw new SnapshotException("state snapshot is damaged (its schema's length does not match)");
        return types;
    }

    private static List<(string Name, string Type)> ReadFields(BinaryReader r, Func<long> left)
    {
        int n = r.Read7BitEncodedInt();
        if (n < 0 || n * 2L > left()) throw new SnapshotException($"state snapshot is damaged (a schema type with {n} fields)");
        var fields = new List<(string, string)>(n);
        for (int i = 0; i < n; i++) fields.Add((GraphReader.ReadText(r, left()), GraphReader.ReadText(r, left())));
        return fields;
    }

    /// <summary>The recorded shape of <paramref name="t"/> against this build's: the first difference, as one line.</summary>
    private static void Check(Type t, bool wasValueType, List<(string Name, string Type)> recorded)
    {
        string name = StableNames.Of(t);
        SnapshotException Differs(string what) => new($"state snapshot schema differs: {SnapshotText.Quote(name)}: {what}");
        if (wasValueType != t.IsValueType) throw Differs(t.IsValueType ? "it is a struct in this build, a class in the snapshot" : "it is a class in this build, a struct in the snapshot");
        var current = FieldsOf(GraphType.Of(t));
        if (current.SequenceEqual(recorded)) return;
        var recordedNames = recorded.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        var currentNames = current.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var f in current) if (!recordedNames.Contains(f.Name)) throw Differs($"field {f.Name} is new in this build");
        foreach (var f in recorded) if (!currentNames.Contains(f.Name)) throw Differs($"field {SnapshotText.Quote(f.Name)} is not in this build");
        if (current.Length != recorded.Count) throw Differs($"it has {current.Length} fields in this build, {recorded.Count} in the snapshot");
        for (int i = 0; i < current.Length; i++)
        {
            if (current[i].Name != recorded[i].Name) throw Differs($"field {current[i].Name} is in another place in this build");
            if (current[i].Type != recorded[i].Type)
                throw Differs($"field {current[i].Name} changed type (was {SnapshotText.Quote(recorded[i].Type)}, now {current[i].Type})");
        }
    }
}

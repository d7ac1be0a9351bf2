using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace FlowAlp.Engine.Snapshots;

/// <summary>How the snapshot writes a type: a primitive, a string, an array, a collection rebuilt through its API, a delegate, or an object's fields.</summary>
internal enum GraphKind { Primitive, String, Enum, Array, List, Dictionary, HashSet, SortedDictionary, SortedSet, Delegate, Object }

/// <summary>
/// What the object-graph snapshot knows about a type (cached). Objects are written field by field (every instance
/// field of the type and its bases, in metadata order), but only for types on the snapshot's allow-list
/// (<see cref="SnapshotTypes"/>: this project's engine types, plain System shapes such as tuples, pairs, nullables and
/// Random, MathNet's generators); hashed collections are rebuilt through Add in their enumeration order, since string
/// hash codes differ between processes. Anything else (a file, a hash in progress, JSON nodes) is refused by name, so a
/// field added later cannot be lost silently.
/// </summary>
internal sealed class GraphType
{
    private static readonly ConcurrentDictionary<Type, GraphType> Cache = new();

    public Type Type { get; }
    public GraphKind Kind { get; }
    public FieldInfo[] Fields { get; } = [];
    /// <summary>Each field's declared type as the snapshot sees it (looked up once, on first use: types may refer to themselves).</summary>
    public GraphType[] FieldTypes => _fieldTypes ??= Fields.Select(SlotOf).ToArray();

    private static GraphType SlotOf(FieldInfo f)
    {
        if (!f.FieldType.IsValueType) return AnyReference;
        try { return Of(f.FieldType); }
        catch (SnapshotException e) { throw new SnapshotException($"{f.Name} > {e.Message}"); }
    }
    /// <summary>A member declared as any reference type: written by tag, its runtime type decides the rest.</summary>
    public static GraphType AnyReference => Of(typeof(object));
    private GraphType[]? _fieldTypes;
    public Func<object, object?>[] Getters => _getters ??= Fields.Select(FieldAccess.Getter).ToArray();
    public Action<object, object?>[] Setters => _setters ??= Fields.Select(FieldAccess.Setter).ToArray();
    private Func<object, object?>[]? _getters;
    /// <summary>Per field, its direct writer and reader when it holds a primitive, an enum or a dense struct (else null: the boxed path).</summary>
    public Action<object, BinaryWriter>?[] FieldWriters => _fieldWriters ??= Fields.Select(FieldAccess.Writer).ToArray();
    public Action<object, BinaryReader>?[] FieldReaders => _fieldReaders ??= Fields.Select(FieldAccess.Reader).ToArray();
    private Action<object, BinaryWriter>?[]? _fieldWriters;
    private Action<object, BinaryReader>?[]? _fieldReaders;
    private Action<object, object?>[]? _setters;
    /// <summary>A value type written in place: its nullable's inner type, if it is one.</summary>
    public GraphType? NullableOf { get; }
    public bool IsValueType { get; }
    /// <summary>Written as its bytes (a dense unmanaged struct), or for an array, its elements are.</summary>
    public RawValues? Raw { get; }
    public TypeCode Code { get; }
    /// <summary>Element type (arrays, lists, sets) or key type (dictionaries).</summary>
    public Type? Element { get; }
    public Type? Value { get; }
    public PropertyInfo? ComparerProperty { get; }
    /// <summary><see cref="Element"/> and <see cref="Value"/> as the snapshot sees them (value types in place, references by tag).</summary>
    public GraphType ElementSlot => _elementSlot ??= Element!.IsValueType ? Of(Element) : AnyReference;
    public GraphType ValueSlot => _valueSlot ??= Value!.IsValueType ? Of(Value) : AnyReference;
    private GraphType? _elementSlot, _valueSlot;
    public MethodInfo? AddMethod { get; }
    /// <summary>A set's Add as a compiled call (reflection's Invoke would cost far more per item).</summary>
    public Action<object, object?> Add => _add ??= CompileAdd();
    /// <summary>The collection's constructor taking its comparer (hashed or sorted collections) or its capacity (lists), compiled once.</summary>
    public Func<object, object> Construct => _construct ??= CompileConstruct();
    private Action<object, object?>? _add;
    private Func<object, object>? _construct;

    private Action<object, object?> CompileAdd()
    {
        var set = System.Linq.Expressions.Expression.Parameter(typeof(object));
        var item = System.Linq.Expressions.Expression.Parameter(typeof(object));
        var call = System.Linq.Expressions.Expression.Call(System.Linq.Expressions.Expression.Convert(set, Type), AddMethod!,
            System.Linq.Expressions.Expression.Convert(item, Element!));
        return System.Linq.Expressions.Expression.Lambda<Action<object, object?>>(call, set, item).Compile();
    }

    private Func<object, object> CompileConstruct()
    {
        var arg = System.Linq.Expressions.Expression.Parameter(typeof(object));
        var ctor = Kind == GraphKind.List
            ? Type.GetConstructor([typeof(int)])!
            : Type.GetConstructors().Single(c => c.GetParameters() is [{ ParameterType: var p }] && p.IsGenericType
                && (p.GetGenericTypeDefinition() == typeof(IEqualityComparer<>) || p.GetGenericTypeDefinition() == typeof(IComparer<>)));
        var made = System.Linq.Expressions.Expression.New(ctor, System.Linq.Expressions.Expression.Convert(arg, ctor.GetParameters()[0].ParameterType));
        return System.Linq.Expressions.Expression.Lambda<Func<object, object>>(System.Linq.Expressions.Expression.Convert(made, typeof(object)), arg).Compile();
    }
    /// <summary>The framework's default comparer for the key type (hashed or ordered as the collection is), which no static field holds.</summary>
    public object? DefaultComparer { get; }
    /// <summary>A hashed collection's count of removed entries (see GraphWriter.Compact).</summary>
    public FieldInfo? FreeCount { get; }

    private GraphType(Type t)
    {
        Type = t;
        IsValueType = t.IsValueType;
        Code = Type.GetTypeCode(t);
        if (Nullable.GetUnderlyingType(t) is { } inner) { NullableOf = Of(inner); Kind = GraphKind.Object; return; }
        if (t.IsPrimitive || t == typeof(decimal) || t == typeof(UInt128) || t == typeof(Int128)) { Kind = GraphKind.Primitive; return; }
        if (t == typeof(string)) { Kind = GraphKind.String; return; }
        if (t.IsEnum) { Kind = GraphKind.Enum; return; }
        if (t.IsArray)
        {
            if (!t.IsSZArray) throw new SnapshotException($"{t}: multi-dimensional arrays are not supported");
            Kind = GraphKind.Array;
            Element = t.GetElementType();
            Raw = RawValues.For(Element!);
            return;
        }
        if (typeof(Delegate).IsAssignableFrom(t)) { Kind = GraphKind.Delegate; return; }
        if (t.IsGenericType)
        {
            var def = t.GetGenericTypeDefinition();
            var args = t.GetGenericArguments();
            if (def == typeof(List<>)) { Kind = GraphKind.List; Element = args[0]; return; }
            if (def == typeof(Dictionary<,>) || def == typeof(SortedDictionary<,>))
            {
                Kind = def == typeof(Dictionary<,>) ? GraphKind.Dictionary : GraphKind.SortedDictionary;
                Element = args[0];
                Value = args[1];
                ComparerProperty = t.GetProperty("Comparer");
                DefaultComparer = Kind == GraphKind.Dictionary ? WellKnown.DefaultEqualityComparer(args[0]) : WellKnown.DefaultComparer(args[0]);
                FreeCount = t.GetField("_freeCount", BindingFlags.Instance | BindingFlags.NonPublic);
                return;
            }
            if (def == typeof(HashSet<>) || def == typeof(SortedSet<>))
            {
                Kind = def == typeof(HashSet<>) ? GraphKind.HashSet : GraphKind.SortedSet;
                Element = args[0];
                ComparerProperty = t.GetProperty("Comparer");
                AddMethod = t.GetMethod("Add", [args[0]]);
                DefaultComparer = Kind == GraphKind.HashSet ? WellKnown.DefaultEqualityComparer(args[0]) : WellKnown.DefaultComparer(args[0]);
                FreeCount = t.GetField("_freeCount", BindingFlags.Instance | BindingFlags.NonPublic);
                return;
            }
        }
        if (!Allowed(t)) throw new SnapshotException($"{Name(t)}: a snapshot cannot hold this type");
        Kind = GraphKind.Object;
        Raw = RawValues.For(t);
        var fields = new List<FieldInfo>();
        for (var b = t; b is not null && b != typeof(object) && b != typeof(ValueType); b = b.BaseType)
            fields.InsertRange(0, b.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
                .OrderBy(f => f.MetadataToken));
        Fields = fields.ToArray();
    }

    public static GraphType Of(Type t) => Cache.GetOrAdd(t, static t => new GraphType(t));

    private static bool Allowed(Type t) => SnapshotTypes.IsAllowed(t);

    public static string Name(Type t) => t.IsGenericType
        ? $"{t.Name[..t.Name.IndexOf('`')]}<{string.Join(", ", t.GetGenericArguments().Select(Name))}>"
        : t.Name;

    /// <summary>A value of this type is written in place (no tag, no identity): primitives, enums and structs declared as themselves.</summary>
    public static bool Inline(Type declared) => declared.IsValueType;

    public static object NewUninitialized(Type t) => RuntimeHelpers.GetUninitializedObject(t);
}

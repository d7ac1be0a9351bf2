using System.Collections.Concurrent;
using System.Reflection;

namespace FlowAlp.Engine.Snapshots;

/// <summary>
/// The only types a state snapshot may name, as a table built from code (never Type.GetType or Assembly.Load on names
/// from the bytes: a name that is not in the table is refused before anything is resolved, as Orleans' type filter and
/// Hyperion's allow-list do). It holds the engine's own types (every concrete type of the state assemblies, less those
/// holding OS resources: disposables, finalizers, anything deriving from a type outside the table such as streams or
/// actors) and a closed list of framework types; a generic type is allowed when its definition and every argument are.
/// Types are keyed by their stable names (<see cref="StableNames"/>: no namespace, no assembly); building the table
/// fails when two of them share one, so a snapshot's name always means one type.
/// </summary>
internal static class SnapshotTypes
{
    /// <summary>Framework types a snapshot may hold (with their generic arguments checked in turn).</summary>
    private static readonly Type[] Framework =
    [
        typeof(object), typeof(string), typeof(bool), typeof(byte), typeof(sbyte), typeof(short), typeof(ushort), typeof(int), typeof(uint),
        typeof(long), typeof(ulong), typeof(char), typeof(float), typeof(double), typeof(decimal), typeof(UInt128), typeof(Int128),
        typeof(Nullable<>), typeof(List<>), typeof(Dictionary<,>), typeof(HashSet<>), typeof(SortedDictionary<,>), typeof(SortedSet<>),
        typeof(KeyValuePair<,>), typeof(ValueTuple<>), typeof(ValueTuple<,>), typeof(ValueTuple<,,>), typeof(ValueTuple<,,,>), typeof(ValueTuple<,,,,>),
        typeof(ValueTuple<,,,,,>), typeof(ValueTuple<,,,,,,>), typeof(Tuple<>), typeof(Tuple<,>), typeof(Tuple<,,>), typeof(Tuple<,,,>),
        typeof(Action), typeof(Action<>), typeof(Action<,>), typeof(Action<,,>), typeof(Func<>), typeof(Func<,>), typeof(Func<,,>), typeof(Func<,,,>),
        typeof(Random), typeof(MathNet.Numerics.Distributions.Normal), typeof(MathNet.Numerics.Random.MersenneTwister),
    ];

    /// <summary>The assemblies whose types are the engine's state: Protocol and Engine (more are added by <see cref="SnapshotRegistry.AllowAssembly"/>).</summary>
    private static readonly ConcurrentDictionary<Assembly, bool> Assemblies = new(
        [new(typeof(Protocol.Numerics.UFix64).Assembly, true), new(typeof(ObjectGraph).Assembly, true)]);

    private static volatile Table? _table;

    private sealed record Table(Dictionary<string, Type> ByName, Dictionary<Type, string> Names);

    public static IEnumerable<Assembly> StateAssemblies => Assemblies.Keys;

    /// <summary>Counts the assemblies allowed since start-up (tables built from them are rebuilt when it changes).</summary>
    public static int Version => Volatile.Read(ref _version);
    private static int _version;

    public static bool AllowAssembly(Assembly a)
    {
        if (!Assemblies.TryAdd(a, true)) return false;
        _table = null; // rebuilt on next use
        Interlocked.Increment(ref _version);
        return true;
    }

    private static Table Current => _table ??= Build();

    private static Table Build()
    {
        var names = new Dictionary<Type, string>();
        var byName = new Dictionary<string, Type>(StringComparer.Ordinal);
        var ambiguous = new HashSet<string>(StringComparer.Ordinal);
        void Add(Type t)
        {
            string name = StableNames.Of(t);
            if (!byName.TryAdd(name, t) && byName[name] != t)
            {
                // two compiler-generated helpers of different assemblies (<PrivateImplementationDetails>, anonymous types): neither is state
                if (!name.Contains('<')) throw new InvalidOperationException(
                    $"state types {byName[name].FullName} ({byName[name].Assembly.GetName().Name}) and {t.FullName} ({t.Assembly.GetName().Name}) share the stable name {name}: give one a [StateName(\"...\")]");
                ambiguous.Add(name);
            }
            names[t] = name;
        }
        foreach (var t in Framework) Add(t);
        // the random generators' own implementations (which one a Random holds depends on how it was seeded)
        foreach (var t in typeof(Random).GetNestedTypes(BindingFlags.NonPublic | BindingFlags.Public).Where(t => !t.IsAbstract)) Add(t);
        var assemblies = Assemblies.Keys.ToHashSet();
        var candidates = new HashSet<Type>();
        foreach (var asm in assemblies)
        {
            Type[] types;
            try { types = asm.GetTypes(); }
            catch (ReflectionTypeLoadException e) { types = e.Types.Where(t => t is not null).ToArray()!; }
            candidates.UnionWith(types.Where(t => !t.IsInterface && !(t.IsAbstract && t.IsSealed)));
        }
        foreach (var t in candidates.Where(t => Holdable(t, candidates))) Add(t);
        foreach (var name in ambiguous)
            foreach (var t in names.Where(n => n.Value == name).Select(n => n.Key).ToList()) names.Remove(t);
        foreach (var name in ambiguous) byName.Remove(name);
        return new Table(byName, names);
    }

    /// <summary>An engine type a snapshot may build: no OS resources (nothing to dispose or finalize), and every base class is one too.</summary>
    private static bool Holdable(Type t, HashSet<Type> candidates)
    {
        if (typeof(IDisposable).IsAssignableFrom(t) || typeof(IAsyncDisposable).IsAssignableFrom(t)) return false;
        if (typeof(Delegate).IsAssignableFrom(t)) return true; // a delegate type declared here: bound through SnapshotDelegates only
        for (var b = t; b is not null && b != typeof(object) && b != typeof(ValueType) && b != typeof(Enum); b = b.BaseType)
        {
            var def = b.IsGenericType ? b.GetGenericTypeDefinition() : b;
            if (def != t && !candidates.Contains(def) && !Framework.Contains(def)) return false; // a stream, an actor, an exception, …
            if (b.GetMethod("Finalize", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.DeclaredOnly) is not null) return false;
        }
        return true;
    }

    /// <summary>The table's stable name of a type (not generic, or a generic definition); a type outside the table is refused.</summary>
    public static string NameOf(Type t) =>
        Current.Names.TryGetValue(t, out var name) ? name : throw new SnapshotException($"{GraphType.Name(t)}: a snapshot cannot hold this type");

    /// <summary>Whether a closed type is in the table: itself, or its generic definition and every argument, or its array element.</summary>
    public static bool IsAllowed(Type t)
    {
        if (t.IsSZArray) return IsAllowed(t.GetElementType()!);
        if (t.IsArray || t.IsPointer || t.IsByRef) return false;
        var names = Current.Names;
        if (t.IsGenericType && !t.IsGenericTypeDefinition) return names.ContainsKey(t.GetGenericTypeDefinition()) && t.GetGenericArguments().All(IsAllowed);
        return names.ContainsKey(t);
    }

    /// <summary>A name read from a snapshot: looked up in the table only.</summary>
    public static Type Resolve(string name) =>
        Current.ByName.TryGetValue(name, out var t) ? t : throw new SnapshotException($"state snapshot names type {SnapshotText.Quote(name)}, which a snapshot may not hold");

    /// <summary>A generic type from a definition and arguments that all passed the table.</summary>
    public static Type MakeGeneric(Type definition, Type[] args)
    {
        if (!definition.IsGenericTypeDefinition || definition.GetGenericArguments().Length != args.Length)
            throw new SnapshotException($"state snapshot names {GraphType.Name(definition)} with {args.Length} type arguments");
        try { return definition.MakeGenericType(args); }
        catch (ArgumentException) { throw new SnapshotException($"state snapshot names {definition.Name} with type arguments it does not accept"); }
    }

    /// <summary>Every type on the list with its stable name (the start-up check has made the names unique).</summary>
    public static IReadOnlyDictionary<Type, string> All => Current.Names;
}

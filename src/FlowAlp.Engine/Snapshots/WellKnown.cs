using System.Reflection;

namespace FlowAlp.Engine.Snapshots;

/// <summary>
/// Objects a snapshot refers to without holding: values of static readonly fields in the state assemblies (shared empty
/// maps, comparers, sentinels) and the framework's comparer singletons. They are written as a stable key
/// ("Owner::Member", the owner by its stable name), so a restored graph points at the same instances and sharing and reference checks behave
/// as before. Keys use stable names (<see cref="StableNames"/>: no namespace), so a type may move and its shared
/// objects keep their keys; building the table fails when two objects share a key. The table is built from code (the fields the state assemblies declare) and holds only objects a snapshot
/// may hold anyway (allow-listed types, or comparers): a key read from a snapshot is looked up in it, never reflected on.
/// </summary>
internal static class WellKnown
{
    private sealed record Table(Dictionary<object, string> Keys, Dictionary<string, object> Objects, int Assemblies);

    private static volatile Table? _table;

    public static bool TryFind(object o, out string key) => Current.Keys.TryGetValue(o, out key!);

    public static object Get(string key) => Current.Objects.TryGetValue(key, out var o) ? o
        : throw new SnapshotException($"state snapshot names shared object '{SnapshotText.Quote(key)}', which this build does not have");

    /// <summary>The table, rebuilt when another state assembly was allowed since it was built.</summary>
    private static Table Current
    {
        get
        {
            int version = SnapshotTypes.Version;
            var t = _table;
            if (t is not null && t.Assemblies == version) return t;
            return _table = Build(version);
        }
    }

    /// <summary>Kept for the writer: the table is current at each snapshot written (it is cheap when nothing changed).</summary>
    public static void Refresh() => _ = Current;

    private static Table Build(int version)
    {
        var all = new List<(string Key, object Value)>
        {
            ("StringComparer::Ordinal", StringComparer.Ordinal),
            ("StringComparer::OrdinalIgnoreCase", StringComparer.OrdinalIgnoreCase),
            ("StringComparer::InvariantCulture", StringComparer.InvariantCulture),
            ("ReferenceEqualityComparer::Instance", ReferenceEqualityComparer.Instance),
        };
        foreach (var asm in SnapshotTypes.StateAssemblies)
        {
            Type[] types;
            try { types = asm.GetTypes(); }
            catch (ReflectionTypeLoadException e) { types = e.Types.Where(t => t is not null).ToArray()!; }
            foreach (var t in types.Where(t => !t.ContainsGenericParameters))
                foreach (var f in t.GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                {
                    if (!f.IsInitOnly || f.FieldType.IsValueType || f.FieldType == typeof(string)) continue;
                    object? v;
                    try { v = f.GetValue(null); }
                    catch (Exception) { continue; } // a type initializer that cannot run here: not shared state
                    if (v is null or string || !Holdable(v)) continue;
                    all.Add(($"{StableNames.Of(t)}::{f.Name}", v));
                }
        }
        // every key finds its object (whichever key the writer picked); an object is written under its first key in
        // ordinal order, which does not depend on namespaces, assemblies or the order types are listed in
        var objects = new Dictionary<string, object>(StringComparer.Ordinal);
        var ambiguous = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, v) in all)
        {
            if (objects.TryAdd(key, v) || ReferenceEquals(objects[key], v)) continue;
            // two compiler-generated holders of the same stable name (lambda caches of like-named types): neither is state
            if (!key.Contains('<')) throw new InvalidOperationException($"two shared objects have the stable key {key}: give one owner a [StateName(\"...\")]");
            ambiguous.Add(key);
        }
        foreach (var key in ambiguous) objects.Remove(key);
        var keys = new Dictionary<object, string>(ReferenceEqualityComparer.Instance);
        foreach (var (key, v) in objects.OrderBy(e => e.Key, StringComparer.Ordinal)) keys.TryAdd(v, key);
        return new Table(keys, objects, version);
    }

    /// <summary>What a snapshot may point at: an object of an allow-listed type, or a comparer (a singleton the engine orders by).</summary>
    private static bool Holdable(object v)
    {
        var t = v.GetType();
        if (SnapshotTypes.IsAllowed(t)) return true;
        return v is not IDisposable and not IAsyncDisposable && t.GetInterfaces().Any(i => i.IsGenericType
            && (i.GetGenericTypeDefinition() == typeof(IComparer<>) || i.GetGenericTypeDefinition() == typeof(IEqualityComparer<>)));
    }

    public static object DefaultEqualityComparer(Type key) => typeof(EqualityComparer<>).MakeGenericType(key).GetProperty("Default")!.GetValue(null)!;
    public static object DefaultComparer(Type key) => typeof(Comparer<>).MakeGenericType(key).GetProperty("Default")!.GetValue(null)!;
}

using System.Reflection;

namespace FlowAlp.Engine.Snapshots;

/// <summary>
/// Objects a snapshot refers to without holding: values of static readonly fields in the state assemblies (shared empty
/// maps, comparers, sentinels) and the framework's comparer singletons. They are written as a stable key
/// ("Owner.FullName::Member"), so a restored graph points at the same instances and sharing and reference checks behave
/// as before. The table is built from code (the fields the state assemblies declare) and holds only objects a snapshot
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
        var keys = new Dictionary<object, string>(ReferenceEqualityComparer.Instance)
        {
            [StringComparer.Ordinal] = "System.StringComparer::Ordinal",
            [StringComparer.OrdinalIgnoreCase] = "System.StringComparer::OrdinalIgnoreCase",
            [StringComparer.InvariantCulture] = "System.StringComparer::InvariantCulture",
            [ReferenceEqualityComparer.Instance] = "System.Collections.Generic.ReferenceEqualityComparer::Instance",
        };
        foreach (var asm in SnapshotTypes.StateAssemblies.OrderBy(a => a.GetName().Name, StringComparer.Ordinal))
        {
            Type[] types;
            try { types = asm.GetTypes(); }
            catch (ReflectionTypeLoadException e) { types = e.Types.Where(t => t is not null).ToArray()!; }
            foreach (var t in types.Where(t => !t.ContainsGenericParameters).OrderBy(t => t.FullName, StringComparer.Ordinal))
                foreach (var f in t.GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                {
                    if (!f.IsInitOnly || f.FieldType.IsValueType || f.FieldType == typeof(string)) continue;
                    object? v;
                    try { v = f.GetValue(null); }
                    catch (Exception) { continue; } // a type initializer that cannot run here: not shared state
                    if (v is null or string || !Holdable(v)) continue;
                    keys.TryAdd(v, $"{t.FullName}::{f.Name}");
                }
        }
        var objects = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var (o, key) in keys) objects.TryAdd(key, o);
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

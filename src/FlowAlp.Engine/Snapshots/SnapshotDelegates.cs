using System.Collections.Concurrent;
using System.Reflection;

namespace FlowAlp.Engine.Snapshots;

/// <summary>
/// The methods a snapshot's delegates may be bound to, each under a stable key declared here in code. A snapshot stores the
/// key, never a method token or name taken from the bytes: restoring can only pick one of these. The writer refuses a
/// delegate whose method is not registered (naming it), so a new delegate in the engine's state fails a snapshot test
/// until it is added here.
/// </summary>
internal static class SnapshotDelegates
{
    private static readonly ConcurrentDictionary<string, MethodInfo> ByKey = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<MethodInfo, string> ByMethod = new();

    static SnapshotDelegates()
    {
        // the pool's event sink, as each token's state holds it (TokenState._emit)
        Add("pool.emit", typeof(Protocol.Pool), "Emit");
        // the clocks of the rebalance scheduler (ScriptRebalancers) and of yield vaults (StrategyBook.AddYieldVault)
        Add("pool.clock", typeof(Protocol.Pool), nameof(Protocol.Pool.Clock));
        Add("strategy-book.clock", typeof(Core.StrategyBook), "Clock");
    }

    private static void Add(string key, Type declaring, string name)
    {
        const BindingFlags Any = BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;
        Register(key, declaring.GetMethod(name, Any) ?? throw new InvalidOperationException($"snapshot delegate {key}: {declaring.Name}.{name} does not exist"));
    }

    public static void Register(string key, MethodInfo method)
    {
        if (method.DeclaringType is null || method.IsGenericMethodDefinition || method.DeclaringType.ContainsGenericParameters)
            throw new ArgumentException($"snapshot delegate {key}: {method.Name} must be a closed method of a type");
        if (ByKey.TryGetValue(key, out var known) && known != method) throw new ArgumentException($"snapshot delegate {key}: already registered for {known.Name}");
        ByKey[key] = method;
        ByMethod.TryAdd(method, key);
    }

    /// <summary>The key a delegate to <paramref name="method"/> is written under; refused when it is not registered.</summary>
    public static string KeyOf(MethodInfo method) => ByMethod.TryGetValue(method, out var key) ? key
        : throw new SnapshotException($"a delegate to {method.DeclaringType?.Name}.{method.Name} cannot be restored (not in the snapshot's delegate registry, SnapshotDelegates)");

    /// <summary>The method registered under a key read from a snapshot.</summary>
    public static MethodInfo Method(string key) => ByKey.TryGetValue(key, out var m) ? m
        : throw new SnapshotException($"state snapshot names delegate '{SnapshotText.Quote(key)}', which is not in the registry");
}

/// <summary>What code (other assemblies, tests) adds to the snapshot's allow-lists: never anything named by data.</summary>
public static class SnapshotRegistry
{
    /// <summary>Lets a snapshot hold this assembly's engine types (FlowAlp.Simulation's runner state, a test's own types).</summary>
    public static void AllowAssembly(Assembly assembly) => SnapshotTypes.AllowAssembly(assembly);

    /// <summary>Lets a snapshot hold a delegate to <paramref name="method"/>, written as <paramref name="key"/>.</summary>
    public static void AllowDelegate(string key, MethodInfo method) => SnapshotDelegates.Register(key, method);
}

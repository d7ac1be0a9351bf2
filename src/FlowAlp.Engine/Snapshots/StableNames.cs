using System.Collections.Concurrent;
using System.Reflection;
using FlowAlp.Protocol;

namespace FlowAlp.Engine.Snapshots;

/// <summary>
/// The names a state snapshot records types under: never a namespace or an assembly (types move between them without
/// changing what they hold), only the simple name, nested types as Outer.Inner, generic definitions with their arity
/// (List`1) and closed generics with their arguments' stable names (Dictionary`2&lt;String, UFix64&gt;), arrays as T[].
/// A type marked [<see cref="StateNameAttribute"/>] is recorded under that name instead. SnapshotTypes checks at start-up
/// that no two allow-listed types share one.
/// </summary>
internal static class StableNames
{
    private static readonly ConcurrentDictionary<Type, string> Cache = new();

    public static string Of(Type t) => Cache.GetOrAdd(t, Compute);

    private static string Compute(Type t)
    {
        if (t.IsArray) return t.IsSZArray ? $"{Of(t.GetElementType()!)}[]" : $"{Of(t.GetElementType()!)}[{new string(',', t.GetArrayRank() - 1)}]";
        if (t.IsByRef) return $"{Of(t.GetElementType()!)}&";
        if (t.IsPointer) return $"{Of(t.GetElementType()!)}*";
        if (t.IsGenericParameter) return t.Name;
        if (t.IsGenericType && !t.IsGenericTypeDefinition)
            return $"{Of(t.GetGenericTypeDefinition())}<{string.Join(", ", t.GetGenericArguments().Select(Of))}>";
        if (t.GetCustomAttribute<StateNameAttribute>(inherit: false) is { } named) return named.Name;
        return t.DeclaringType is { } outer ? $"{Of(outer.IsGenericType ? outer.GetGenericTypeDefinition() : outer)}.{t.Name}" : t.Name;
    }
}

namespace FlowAlp.Protocol.Health;

/// <summary>
/// Token snapshots taken once for many positions (<see cref="Pool.TokenSnapshots"/>) and the read-only token maps built
/// from them so far: positions whose snapshots list the same tokens in the same order (most do) share one map instead of
/// a copy each (<see cref="Pool.TrySnapshotOf(long, SharedTokenMaps)"/>). A map is never changed once built; the set
/// itself is for one thread.
/// </summary>
public sealed class SharedTokenMaps(IReadOnlyDictionary<string, TokenSnapshot?> snapshots)
{
    private readonly List<(string[] Keys, Dictionary<string, TokenSnapshot> Map)> _maps = new();

    public IReadOnlyDictionary<string, TokenSnapshot?> Snapshots => snapshots;

    /// <summary>A scratch list for the caller to gather a position's tokens in (reused from position to position).</summary>
    internal List<string> Keys { get; } = new();

    /// <summary>The map of <paramref name="keys"/> (in that order) to their snapshots; every key must have one.</summary>
    internal IReadOnlyDictionary<string, TokenSnapshot> MapOf(List<string> keys)
    {
        foreach (var (known, map) in _maps)
            if (Same(known, keys)) return map;
        var built = new Dictionary<string, TokenSnapshot>(keys.Count);
        foreach (var key in keys) built[key] = snapshots[key]!.Value;
        _maps.Add((keys.ToArray(), built));
        return built;
    }

    private static bool Same(string[] known, List<string> keys)
    {
        if (known.Length != keys.Count) return false;
        for (int i = 0; i < known.Length; i++)
            if (!string.Equals(known[i], keys[i], StringComparison.Ordinal)) return false;
        return true;
    }
}

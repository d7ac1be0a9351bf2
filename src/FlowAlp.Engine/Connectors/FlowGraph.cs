namespace FlowAlp.Engine.Connectors;

/// <summary>
/// Which positions call into which through their connectors: an edge p → q when p's topUpSource or drawDownSink is
/// position q. A cycle would make a rebalance re-enter a position it is already inside (the protocol's position lock
/// reverts it at run time); the engine refuses the connector that would close one, when it is set, naming the cycle.
/// </summary>
internal sealed class FlowGraph
{
    public enum Side { TopUpSource, DrawDownSink }

    private readonly Dictionary<(long, Side), long> _edges = new();

    /// <summary>The cycle that setting p's <paramref name="side"/> to position <paramref name="target"/> would close, as "p → … → p", or null.</summary>
    public string? CycleIf(long p, Side side, long? target)
    {
        if (target is not { } q) return null;
        if (q == p) return $"position {p} → position {p}";
        var path = PathFrom(q, p, new HashSet<long>(), skip: (p, side));
        return path is null ? null : string.Join(" → ", new[] { p }.Concat(path).Select(x => $"position {x}"));
    }

    public void Set(long p, Side side, long? target)
    {
        if (target is { } q) _edges[(p, side)] = q;
        else _edges.Remove((p, side));
    }

    private IEnumerable<long> Next(long p, (long, Side) skip)
    {
        foreach (var side in new[] { Side.TopUpSource, Side.DrawDownSink })
            if ((p, side) != skip && _edges.TryGetValue((p, side), out var q)) yield return q;
    }

    /// <summary>A path from <paramref name="from"/> to <paramref name="to"/> (inclusive), depth first in id order, ignoring the edge being replaced.</summary>
    private List<long>? PathFrom(long from, long to, HashSet<long> seen, (long, Side) skip)
    {
        if (from == to) return new List<long> { to };
        if (!seen.Add(from)) return null;
        foreach (var n in Next(from, skip).Order())
            if (PathFrom(n, to, seen, skip) is { } rest) { rest.Insert(0, from); return rest; }
        return null;
    }
}

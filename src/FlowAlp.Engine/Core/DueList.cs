using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Engine.Core;

/// <summary>
/// The rebalancers' virtual-time timer wheel: one bucket of rebalancer ids per due time (runs fall on few distinct
/// times — block times), so a booking costs 8 bytes instead of a tree node. Taken in (due time, id) order.
/// </summary>
internal sealed class DueList
{
    private readonly SortedDictionary<UFix64, List<long>> _buckets = new();

    public void Add(UFix64 due, long id)
    {
        if (!_buckets.TryGetValue(due, out var ids)) _buckets[due] = ids = new List<long>();
        ids.Add(id);
    }

    public void Remove(UFix64 due, long id)
    {
        if (!_buckets.TryGetValue(due, out var ids)) return;
        ids.Remove(id);
        if (ids.Count == 0) _buckets.Remove(due);
    }

    /// <summary>Removes and returns every (due, id) at or before <paramref name="now"/>, by due time then id.</summary>
    public List<(UFix64 Due, long Id)> TakeUntil(UFix64 now)
    {
        var taken = new List<(UFix64, long)>();
        while (_buckets.Count > 0)
        {
            var (due, ids) = _buckets.First();
            if (due > now) break;
            _buckets.Remove(due);
            ids.Sort();
            foreach (var id in ids) taken.Add((due, id));
        }
        return taken;
    }
}

using FlowAlp.Protocol.Numerics;
using FlowAlp.Protocol.Positions;

namespace FlowAlp.Engine.Liquidation;

/// <summary>
/// A liquidator's reaction time: it acts on a position only once it has seen it liquidatable for at least
/// <c>latency</c> seconds of virtual time (a position that recovers is forgotten). Zero latency acts at once.
/// </summary>
public sealed class LatencyFilter(ulong latencySeconds)
{
    private readonly Dictionary<long, UFix64> _firstSeen = new();

    public IReadOnlyList<PositionSnapshot> Ready(IReadOnlyList<PositionSnapshot> candidates, UFix64 now)
    {
        if (latencySeconds == 0) return candidates;
        ForgetRecovered(candidates);
        // every candidate ready (the common case once the same positions stay below 1): the candidates themselves, no copy
        List<PositionSnapshot>? ready = null;
        var latency = UFix64.FromInteger(latencySeconds);
        for (int i = 0; i < candidates.Count; i++)
        {
            var c = candidates[i];
            if (!_firstSeen.TryGetValue(c.Id, out var first)) _firstSeen[c.Id] = first = now;
            if (now >= first + latency) ready?.Add(c);
            else if (ready is null)
            {
                ready = new List<PositionSnapshot>(candidates.Count);
                for (int j = 0; j < i; j++) ready.Add(candidates[j]);
            }
        }
        return ready ?? candidates;
    }

    /// <summary>Forgets the positions that are no longer candidates (in the map's order, as before), before any new one is added.</summary>
    private void ForgetRecovered(IReadOnlyList<PositionSnapshot> candidates)
    {
        if (_firstSeen.Count == 0) return;
        // the candidates come by ascending id (the pool's screen): membership by binary search, no set of ids per call
        bool ascending = true;
        for (int i = 1; i < candidates.Count && ascending; i++) ascending = candidates[i - 1].Id < candidates[i].Id;
        HashSet<long>? current = ascending ? null : candidates.Select(c => c.Id).ToHashSet();
        List<long>? gone = null;
        foreach (var id in _firstSeen.Keys)
            if (!(current?.Contains(id) ?? Contains(candidates, id))) (gone ??= new()).Add(id);
        if (gone is not null) foreach (var id in gone) _firstSeen.Remove(id);
    }

    private static bool Contains(IReadOnlyList<PositionSnapshot> ascending, long id)
    {
        int lo = 0, hi = ascending.Count - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            long at = ascending[mid].Id;
            if (at == id) return true;
            if (at < id) lo = mid + 1; else hi = mid - 1;
        }
        return false;
    }
}

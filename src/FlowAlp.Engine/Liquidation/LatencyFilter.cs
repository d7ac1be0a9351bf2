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
        Forget(new CandidateIds(candidates));
        return ReadyAmong(candidates, now);
    }

    /// <summary>
    /// A block's candidates in batches: <see cref="Forget"/> once with the block's candidate ids, then
    /// <see cref="ReadyAmong"/> on each batch in order, which leaves the filter as <see cref="Ready"/> on all of them would.
    /// </summary>
    public void Forget(IReadOnlyList<long> candidates)
    {
        if (latencySeconds == 0 || _firstSeen.Count == 0) return;
        // the candidates come by ascending id (the pool's screen): membership by binary search, no set of ids per call
        bool ascending = true;
        for (int i = 1; i < candidates.Count && ascending; i++) ascending = candidates[i - 1] < candidates[i];
        HashSet<long>? current = ascending ? null : candidates.ToHashSet();
        List<long>? gone = null;
        // in the map's order, before any new candidate is added (as one call always did)
        foreach (var id in _firstSeen.Keys)
            if (!(current?.Contains(id) ?? Contains(candidates, id))) (gone ??= new()).Add(id);
        if (gone is not null) foreach (var id in gone) _firstSeen.Remove(id);
    }

    /// <summary>The ready ones among <paramref name="batch"/> (the block's candidates, or a batch of them after <see cref="Forget"/>), remembering new ones as first seen now.</summary>
    public IReadOnlyList<PositionSnapshot> ReadyAmong(IReadOnlyList<PositionSnapshot> batch, UFix64 now)
    {
        if (latencySeconds == 0) return batch;
        // every candidate ready (the common case once the same positions stay below 1): the candidates themselves, no copy
        List<PositionSnapshot>? ready = null;
        var latency = UFix64.FromInteger(latencySeconds);
        for (int i = 0; i < batch.Count; i++)
        {
            var c = batch[i];
            if (!_firstSeen.TryGetValue(c.Id, out var first)) _firstSeen[c.Id] = first = now;
            if (now >= first + latency) ready?.Add(c);
            else if (ready is null)
            {
                ready = new List<PositionSnapshot>(batch.Count);
                for (int j = 0; j < i; j++) ready.Add(batch[j]);
            }
        }
        return ready ?? batch;
    }

    private static bool Contains(IReadOnlyList<long> ascending, long id)
    {
        int lo = 0, hi = ascending.Count - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            long at = ascending[mid];
            if (at == id) return true;
            if (at < id) lo = mid + 1; else hi = mid - 1;
        }
        return false;
    }

    /// <summary>The candidates' ids as a list, without a copy.</summary>
    private sealed class CandidateIds(IReadOnlyList<PositionSnapshot> candidates) : IReadOnlyList<long>
    {
        public long this[int index] => candidates[index].Id;
        public int Count => candidates.Count;
        public IEnumerator<long> GetEnumerator() { foreach (var c in candidates) yield return c.Id; }
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}

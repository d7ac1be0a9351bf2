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
        var current = candidates.Select(c => c.Id).ToHashSet();
        foreach (var id in _firstSeen.Keys.Where(id => !current.Contains(id)).ToList()) _firstSeen.Remove(id);
        var ready = new List<PositionSnapshot>();
        var latency = UFix64.FromInteger(latencySeconds);
        foreach (var c in candidates)
        {
            if (!_firstSeen.TryGetValue(c.Id, out var first)) _firstSeen[c.Id] = first = now;
            if (now >= first + latency) ready.Add(c);
        }
        return ready;
    }
}

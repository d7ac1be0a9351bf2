using FlowAlp.Engine.Liquidation;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Protocol.Positions;

namespace FlowAlp.Actors.Tests.Pool;

/// <summary>
/// A liquidator's latency filter against the rule it implements (a position is ready once seen liquidatable for the
/// latency, forgotten when it recovers), over random minutes of candidates by ascending id and in any order.
/// </summary>
public class LatencyFilterTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Ready_candidates_follow_the_rule(bool ascending)
    {
        var rng = new Random(ascending ? 3 : 4);
        var filter = new LatencyFilter(120);
        var firstSeen = new Dictionary<long, ulong>();
        int readySeen = 0, waitingSeen = 0;
        for (ulong t = 60; t <= 60 * 60; t += 60)
        {
            var ids = Enumerable.Range(0, 40).Where(_ => rng.NextDouble() < 0.6).Select(i => (long)i).ToList();
            if (!ascending) ids = ids.OrderBy(_ => rng.Next()).ToList();
            var candidates = ids.Select(Snapshot).ToList();
            foreach (var id in firstSeen.Keys.Where(id => !ids.Contains(id)).ToList()) firstSeen.Remove(id);
            foreach (var id in ids) firstSeen.TryAdd(id, t);
            var expected = ids.Where(id => t >= firstSeen[id] + 120).ToList();
            var ready = filter.Ready(candidates, UFix64.FromInteger(t));
            Assert.Equal(expected, ready.Select(c => c.Id).ToList());
            readySeen += expected.Count;
            waitingSeen += ids.Count - expected.Count;
        }
        Assert.True(readySeen > 0 && waitingSeen > 0);
    }

    [Fact]
    public void Forgetting_once_then_batch_by_batch_gives_what_one_call_gives()
    {
        var rng = new Random(5);
        var (whole, batched) = (new LatencyFilter(120), new LatencyFilter(120));
        int ready = 0;
        for (ulong t = 60; t <= 60 * 60; t += 60)
        {
            var candidates = Enumerable.Range(0, 40).Where(_ => rng.NextDouble() < 0.6).Select(i => Snapshot(i)).ToList();
            var now = UFix64.FromInteger(t);
            var expected = whole.Ready(candidates, now).Select(c => c.Id).ToList();
            batched.Forget(candidates.Select(c => c.Id).ToList());
            var got = candidates.Chunk(7).SelectMany(b => batched.ReadyAmong(b, now)).Select(c => c.Id).ToList();
            Assert.Equal(expected, got);
            ready += got.Count;
        }
        Assert.True(ready > 0);
    }

    [Fact]
    public void Without_latency_every_candidate_is_ready_at_once()
    {
        var candidates = new[] { Snapshot(2), Snapshot(1) };
        Assert.Same(candidates, new LatencyFilter(0).Ready(candidates, UFix64.FromInteger(60)));
    }

    private static PositionSnapshot Snapshot(long id) =>
        new(id, UFix64.Zero, new Dictionary<string, InternalBalance>(), new Dictionary<string, Protocol.Health.TokenSnapshot>(),
            UFix128.One, UFix128.One, UFix128.One, null, null);
}

using FlowAlp.Protocol.Health;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Protocol.Positions;
using FlowAlp.Simulation.ReferenceMarket;

namespace FlowAlp.Actors.Tests.Pool;

/// <summary>
/// A position's snapshot built from the tokens snapshotted once (<c>Pool.TrySnapshotOf</c>: the rebalancers' decisions and
/// the liquidation candidates) equals the probe's <c>SnapshotOf</c> field for field and token for token, in the same order.
/// </summary>
public class SnapshotFromTokenSnapshotsTests
{
    private static readonly TickMarket Market = new(Positions: 60, Seed: 5, Volatility: 1.2, CrashFraction: 0.4, CrashAt: 3600);

    [Fact]
    public void Snapshots_from_token_snapshots_equal_the_probes()
    {
        var loop = Market.StartPlain(wakeEveryone: false);
        int compared = 0;
        foreach (var t in Market.Ticks(3 * 3600))
        {
            loop.Tick(t);
            if (t.Floor % 1200 != 0) continue;
            var pool = loop.Core.Pool;
            var tokens = pool.TokenSnapshots();
            var shared = new SharedTokenMaps(tokens);
            var maps = new HashSet<object>(ReferenceEqualityComparer.Instance);
            for (long pid = 0; pid < pool.PositionCount; pid++)
            {
                var probe = loop.Core.TrySnapshot(pid)!;
                AssertSame(probe, pool.TrySnapshotOf(pid, tokens)!);
                var fromShared = pool.TrySnapshotOf(pid, shared)!;
                AssertSame(probe, fromShared);
                maps.Add(fromShared.Tokens);
                compared++;
            }
            // the positions list the same tokens: one map serves them all
            Assert.Single(maps);
        }
        Assert.Equal(9 * 60, compared);
    }

    [Fact]
    public void An_unknown_position_or_a_token_without_a_price_gives_none_like_the_probe()
    {
        var loop = Market.StartPlain(wakeEveryone: false);
        loop.Tick(UFix64.FromInteger(60));
        var pool = loop.Core.Pool;
        Assert.Null(pool.TrySnapshotOf(-1, pool.TokenSnapshots()));
        Assert.Null(pool.TrySnapshotOf(pool.PositionCount, pool.TokenSnapshots()));
        loop.Core.World.Oracle.Set("FLOW", null);
        var tokens = pool.TokenSnapshots();
        Assert.Null(loop.Core.TrySnapshot(0));
        Assert.Null(pool.TrySnapshotOf(0, tokens));
        Assert.Null(pool.TrySnapshotOf(0, new SharedTokenMaps(tokens)));
        Assert.Null(pool.TrySnapshotOf(pool.PositionCount, new SharedTokenMaps(tokens)));
    }

    private static void AssertSame(PositionSnapshot expected, PositionSnapshot actual)
    {
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.Time, actual.Time);
        Assert.Equal(expected.Balances.ToList(), actual.Balances.ToList());
        Assert.Equal(expected.Tokens.ToList(), actual.Tokens.ToList());
        Assert.Equal(expected.MinHealth, actual.MinHealth);
        Assert.Equal(expected.TargetHealth, actual.TargetHealth);
        Assert.Equal(expected.MaxHealth, actual.MaxHealth);
        Assert.Equal(expected.TopUpToken, actual.TopUpToken);
        Assert.Equal(expected.DrawDownToken, actual.DrawDownToken);
        Assert.Equal(expected.Sheet().Health, actual.Sheet().Health);
    }
}

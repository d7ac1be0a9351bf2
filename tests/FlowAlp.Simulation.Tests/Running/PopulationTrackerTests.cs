using FlowAlp.Engine.Core;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Simulation.Running;

namespace FlowAlp.Simulation.Tests.Running;

/// <summary>The population fold: tracks found by position as the sample lists them (ascending, or not), rows summed per population.</summary>
public class PopulationTrackerTests
{
    private static readonly Agent[] Agents =
    [
        new("hightide", 0, "a0", 2, false), new("hightide", 1, "a1", 3, false),
        new("passive", 0, "p0", 5, false), new("hightide", 2, "a2", 7, false),
    ];

    private static UFix128 D(string s) => UFix128.Parse(s);

    private static PositionMetrics Pm(long pid, string? health, string collateral, string debt, long rebalances = 0) =>
        new(pid, health is null ? null : D(health), D(collateral), D(debt), 0, rebalances, UFix64.Zero);

    private static MetricsSample Sample(ulong time, params PositionMetrics[] perPosition) =>
        new(UFix64.FromInteger(time), [], perPosition.Length, 0, 0, [], UFix128.Zero, UFix64.Zero, UFix64.Zero,
            new EngineTotals(0, 0, 0, 0, 0), PerPosition: perPosition);

    [Fact]
    public void Positions_in_ascending_order_with_untracked_ones_between_fold_into_their_populations()
    {
        var t = new PopulationTracker(Agents, ["hightide", "passive"]);
        // position 0, 1 (the LP, keepers), 4 and 6 have no track; 8 comes after the last track
        t.Add(Sample(0, Pm(0, null, "9", "0"), Pm(1, null, "9", "0"), Pm(2, "1.5", "150", "100", 1), Pm(3, "2", "200", "100"),
            Pm(4, "1", "1", "1"), Pm(5, "1.2", "120", "100"), Pm(6, null, "1", "0"), Pm(7, "0.9", "90", "100", 2), Pm(8, null, "1", "0")));
        t.Add(Sample(60, Pm(2, "1.4", "140", "100"), Pm(3, "0.8", "80", "100"), Pm(5, "1.3", "130", "100"), Pm(7, "0.95", "95", "100")));

        var rows = t.Rows();
        Assert.Equal(4, rows.Count);
        var (ht0, pa0, ht1, pa1) = (rows[0], rows[1], rows[2], rows[3]);
        Assert.Equal(("hightide", 0UL, 3, 3, 1), (ht0.Population, ht0.Time, ht0.Positions, ht0.Indebted, ht0.Liquidatable));
        Assert.Equal(D("440"), ht0.CollateralValue);
        Assert.Equal(D("300"), ht0.Debt);
        Assert.Equal(D("10"), ht0.BadDebt); // position 7: 100 owed on 90
        Assert.Equal(3, ht0.Rebalances);
        Assert.Equal(("passive", 1, D("120")), (pa0.Population, pa0.Positions, pa0.CollateralValue));
        Assert.Equal(("hightide", 60UL, 2), (ht1.Population, ht1.Time, ht1.Liquidatable));
        Assert.Equal(D("315"), ht1.CollateralValue);
        Assert.Equal(D("130"), pa1.CollateralValue);

        var p3 = t.Tracks[3];
        Assert.Equal((D("200"), D("2"), D("80"), D("0.8"), D("0.8"), 60UL),
            (p3.InitialCollateral, p3.InitialHealth, p3.FinalCollateral, p3.FinalHealth, p3.MinHealth, p3.MinHealthTime));
        Assert.False(t.Tracks.ContainsKey(4));
    }

    [Fact]
    public void Positions_out_of_order_find_the_same_tracks_as_in_order()
    {
        PositionMetrics[] ordered = [Pm(2, "1.5", "150", "100"), Pm(3, "2", "200", "100"), Pm(5, "1.2", "120", "100"), Pm(7, "0.9", "90", "100")];
        var a = new PopulationTracker(Agents, ["hightide", "passive"]);
        var b = new PopulationTracker(Agents, ["hightide", "passive"]);
        a.Add(Sample(0, ordered));
        b.Add(Sample(0, ordered[3], ordered[0], ordered[2], ordered[1]));

        Assert.Equal(a.Rows().Select(r => (r.Population, r.Positions, r.CollateralValue, r.Debt, r.Liquidatable)),
            b.Rows().Select(r => (r.Population, r.Positions, r.CollateralValue, r.Debt, r.Liquidatable)));
        foreach (var pid in new long[] { 2, 3, 5, 7 })
            Assert.Equal((a.Tracks[pid].Seen, a.Tracks[pid].FinalCollateral, a.Tracks[pid].FinalHealth),
                (b.Tracks[pid].Seen, b.Tracks[pid].FinalCollateral, b.Tracks[pid].FinalHealth));
        Assert.True(b.Tracks[7].Seen);
    }
}

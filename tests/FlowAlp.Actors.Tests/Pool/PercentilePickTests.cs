using FlowAlp.Engine.Core;
using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Actors.Tests.Pool;

/// <summary>Percentiles picked by selection equal the sorted list's nearest rank below, on random, tied, sorted and tiny inputs.</summary>
public class PercentilePickTests
{
    private static List<UFix128> BySorting(List<UFix128> values, int[] percents)
    {
        var sorted = values.OrderBy(v => v).ToList();
        return percents.Select(p => sorted[Math.Min(sorted.Count - 1, (int)((long)p * sorted.Count / 100))]).ToList();
    }

    public static IEnumerable<object[]> Inputs()
    {
        var rng = new Random(7);
        foreach (int n in new[] { 1, 2, 3, 5, 17, 100, 1000, 20_001 })
        {
            // random, few distinct values, all equal, descending
            yield return [n, Enumerable.Range(0, n).Select(_ => UFix128.FromRaw((UInt128)(ulong)rng.NextInt64(1, long.MaxValue) * 1_000_003)).ToList()];
            yield return [n, Enumerable.Range(0, n).Select(_ => UFix128.FromInteger((ulong)rng.Next(0, 3))).ToList()];
            yield return [n, Enumerable.Range(0, n).Select(_ => UFix128.One).ToList()];
            yield return [n, Enumerable.Range(0, n).Select(i => UFix128.FromInteger((ulong)(n - i))).ToList()];
        }
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Picks_the_same_values_as_a_full_sort(int n, List<UFix128> values)
    {
        var expected = BySorting(values, PoolMetrics.Percentiles);
        var picked = PercentilePick.Pick(values.ToList(), PoolMetrics.Percentiles, []);
        Assert.Equal(expected, picked);
        Assert.Equal(n, values.Count);
        // from a pooled buffer longer than the values (only the first n count)
        var buffer = new UFix128[n + 7];
        values.CopyTo(buffer);
        buffer.AsSpan(n).Fill(UFix128.Max);
        Assert.Equal(expected, PercentilePick.PickIn(buffer.AsSpan(0, n), PoolMetrics.Percentiles, []));
    }

    [Fact]
    public void An_empty_list_gives_the_fallback()
    {
        var fallback = new List<UFix128> { UFix128.Zero };
        Assert.Same(fallback, PercentilePick.Pick([], PoolMetrics.Percentiles, fallback));
    }
}

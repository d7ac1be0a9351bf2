using System.Runtime.InteropServices;
using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Engine.Core;

/// <summary>
/// Nearest-rank-below percentiles (<c>sorted[min(n − 1, p·n / 100)]</c>) picked by selection instead of a full sort:
/// each rank's value is the same as the sorted list's, found in expected linear time. The list is reordered.
/// </summary>
public static class PercentilePick
{
    /// <summary>The values at <paramref name="percents"/> (ascending); an empty list gives <paramref name="whenEmpty"/>.</summary>
    public static List<UFix128> Pick(List<UFix128> values, IReadOnlyList<int> percents, List<UFix128> whenEmpty) =>
        PickIn(CollectionsMarshal.AsSpan(values), percents, whenEmpty);

    /// <summary>The same from a span (a pooled buffer), which is reordered.</summary>
    public static List<UFix128> PickIn(Span<UFix128> span, IReadOnlyList<int> percents, List<UFix128> whenEmpty)
    {
        int n = span.Length;
        if (n == 0) return whenEmpty;
        var picked = new List<UFix128>(percents.Count);
        int lo = 0;
        foreach (int p in percents)
        {
            int k = Math.Min(n - 1, (int)((long)p * n / 100));
            // everything left of the previous rank is no larger than it and everything right no smaller: search right of it
            if (k >= lo) { Select(span, lo, n, k); lo = k; }
            picked.Add(span[k]);
        }
        return picked;
    }

    /// <summary>Reorders span[lo..hi) so that span[k] holds the value a sort would put there, with no larger value left of it and no smaller one right.</summary>
    private static void Select(Span<UFix128> span, int lo, int hi, int k)
    {
        int rounds = 0;
        while (hi - lo > 16)
        {
            // many positions share a health (equal opening sizes): a three-way partition keeps equal values together
            if (++rounds > 64) { span[lo..hi].Sort(); return; }
            UFix128 pivot = MedianOfThree(span[lo], span[lo + (hi - lo) / 2], span[hi - 1]);
            int lt = lo, i = lo, gt = hi;
            while (i < gt)
            {
                int c = span[i].CompareTo(pivot);
                if (c < 0) { (span[lt], span[i]) = (span[i], span[lt]); lt++; i++; }
                else if (c > 0) { gt--; (span[gt], span[i]) = (span[i], span[gt]); }
                else i++;
            }
            if (k < lt) hi = lt;
            else if (k >= gt) lo = gt;
            else return; // span[lt..gt) all equal the pivot
        }
        span[lo..hi].Sort();
    }

    private static UFix128 MedianOfThree(UFix128 a, UFix128 b, UFix128 c)
    {
        if (a > b) (a, b) = (b, a);
        if (b > c) b = c;
        return a > b ? a : b;
    }
}

namespace FlowAlp.Simulation.Populations;

/// <summary>
/// Splits a whole count by shares (summing to about 1; they are scaled to sum to exactly 1) into whole counts that add up
/// to it: each part gets the floor of its quota, and the agents left over go one each to the largest fractional
/// remainders, ties to the earlier part.
/// </summary>
public static class LargestRemainder
{
    public static int[] Split(int count, IReadOnlyList<double> shares)
    {
        double total = shares.Sum();
        var quotas = shares.Select(s => count * (s / total)).ToArray();
        var parts = quotas.Select(q => (int)Math.Floor(q)).ToArray();
        int left = count - parts.Sum();
        foreach (int i in Enumerable.Range(0, parts.Length).OrderByDescending(i => quotas[i] - parts[i]).ThenBy(i => i).Take(Math.Max(left, 0)))
            parts[i]++;
        return parts;
    }
}

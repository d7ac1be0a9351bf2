using MathNet.Numerics.Distributions;

namespace FlowAlp.Reporting;

/// <summary>
/// Statistics for parameter sweeps and Monte-Carlo runs. All methods reject null, empty and non-finite samples
/// with <see cref="ArgumentException"/>.
/// <para>Risk conventions: a loss sample holds losses as <b>positive</b> numbers (a gain is a negative loss).
/// <see cref="ValueAtRisk"/> at level <c>alpha</c> (e.g. 0.95, 0.99) is the empirical <c>alpha</c>-quantile of the
/// losses: with the losses sorted ascending <c>x(1) ≤ … ≤ x(n)</c>, VaR = <c>x(k)</c> with <c>k = ⌈alpha·n⌉</c>
/// (the smallest loss <c>x</c> whose empirical CDF is ≥ alpha; no interpolation).
/// <see cref="ExpectedShortfall"/> is the mean of all losses ≥ VaR (ties with VaR included).</para>
/// </summary>
public static class Stats
{
    /// <summary>Arithmetic mean.</summary>
    public static double Mean(IReadOnlyList<double> values)
    {
        Check(values, nameof(values), 1);
        double sum = 0;
        foreach (double v in values) sum += v;
        return sum / values.Count;
    }

    /// <summary>Sample standard deviation (divisor n − 1); needs at least 2 values.</summary>
    public static double StdDev(IReadOnlyList<double> values)
    {
        Check(values, nameof(values), 2);
        double m = Mean(values);
        double ss = 0;
        foreach (double v in values) ss += (v - m) * (v - m);
        return Math.Sqrt(ss / (values.Count - 1));
    }

    /// <summary>
    /// Two-sided Student-t confidence interval of the mean: <c>mean ± t(1 − (1 − level)/2, n − 1) · s / √n</c>,
    /// s the sample standard deviation. Needs at least 2 values; <paramref name="level"/> in (0, 1), 0.95 by default.
    /// </summary>
    public static ConfidenceInterval MeanConfidenceInterval(IReadOnlyList<double> values, double level = 0.95)
    {
        Check(values, nameof(values), 2);
        if (!(level > 0 && level < 1)) throw new ArgumentException($"level: must be in (0, 1), got {level}", nameof(level));
        int n = values.Count;
        double t = StudentT.InvCDF(0, 1, n - 1, 1 - (1 - level) / 2);
        return new ConfidenceInterval(Mean(values), t * StdDev(values) / Math.Sqrt(n), level, n);
    }

    /// <summary>
    /// Empirical Value-at-Risk of a loss sample (losses positive) at level <paramref name="alpha"/> in (0, 1):
    /// the <c>⌈alpha·n⌉</c>-th smallest loss. See the class remarks.
    /// </summary>
    public static double ValueAtRisk(IReadOnlyList<double> losses, double alpha)
    {
        double[] sorted = SortedLosses(losses, alpha);
        return sorted[QuantileIndex(sorted.Length, alpha)];
    }

    /// <summary>
    /// Empirical Expected Shortfall of a loss sample (losses positive) at level <paramref name="alpha"/> in (0, 1):
    /// the mean of the losses ≥ <see cref="ValueAtRisk"/>. See the class remarks.
    /// </summary>
    public static double ExpectedShortfall(IReadOnlyList<double> losses, double alpha)
    {
        double[] sorted = SortedLosses(losses, alpha);
        double var = sorted[QuantileIndex(sorted.Length, alpha)];
        double sum = 0;
        int count = 0;
        foreach (double x in sorted)
        {
            if (x >= var) { sum += x; count++; }
        }
        return sum / count;
    }

    private static double[] SortedLosses(IReadOnlyList<double> losses, double alpha)
    {
        Check(losses, nameof(losses), 1);
        if (!(alpha > 0 && alpha < 1)) throw new ArgumentException($"alpha: must be in (0, 1), got {alpha}", nameof(alpha));
        double[] sorted = losses.ToArray();
        Array.Sort(sorted);
        return sorted;
    }

    // 0-based index of x(k), k = ceil(alpha * n); the small tolerance keeps e.g. 0.9 * 10 at k = 9.
    private static int QuantileIndex(int n, double alpha)
    {
        int k = (int)Math.Ceiling(alpha * n - 1e-9);
        return Math.Clamp(k, 1, n) - 1;
    }

    private static void Check(IReadOnlyList<double> values, string name, int minCount)
    {
        if (values is null) throw new ArgumentException($"{name}: is null", name);
        if (values.Count < minCount)
            throw new ArgumentException(minCount == 1 ? $"{name}: is empty" : $"{name}: needs at least {minCount} values, got {values.Count}", name);
        for (int i = 0; i < values.Count; i++)
            if (!double.IsFinite(values[i])) throw new ArgumentException($"{name}: value {i} is not finite ({values[i]})", name);
    }
}

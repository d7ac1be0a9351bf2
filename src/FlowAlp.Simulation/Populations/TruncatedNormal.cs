using MathNet.Numerics.Distributions;

namespace FlowAlp.Simulation.Populations;

/// <summary>
/// A normal draw cut to [lo, hi] by the inverse CDF: one uniform number per draw (never a rejection loop, so the
/// number of draws from a population's stream does not depend on the values), clamped to the bounds against
/// rounding in the far tails.
/// </summary>
internal static class TruncatedNormal
{
    /// <summary>Unbounded sides are cut this many standard deviations from the mean (the mass beyond is about 1e-15).</summary>
    public const double Cut = 8;

    public static double Sample(Random rng, double mean, double stdDev, double lo, double hi)
    {
        if (stdDev == 0) return Math.Clamp(mean, lo, hi);
        double a = Normal.CDF(mean, stdDev, lo), b = Normal.CDF(mean, stdDev, hi);
        double x = Normal.InvCDF(mean, stdDev, a + (b - a) * rng.NextDouble());
        return double.IsNaN(x) ? lo : Math.Clamp(x, lo, hi);
    }

    /// <summary>The probability a normal(mean, stdDev) value lies in [lo, hi].</summary>
    public static double Mass(double mean, double stdDev, double lo, double hi) =>
        stdDev == 0 ? (mean >= lo && mean <= hi ? 1 : 0) : Normal.CDF(mean, stdDev, hi) - Normal.CDF(mean, stdDev, lo);
}

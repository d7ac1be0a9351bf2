using MathNet.Numerics.Distributions;

namespace FlowAlp.Simulation.Optimization;

/// <summary>
/// One-sided exact (Clopper–Pearson) confidence bounds on a binomial proportion: with <c>x</c> successes in <c>n</c>
/// trials, the lower bound at confidence <c>c</c> is the <c>(1 − c)</c>-quantile of Beta(x, n − x + 1) (0 when x = 0),
/// the upper bound the <c>c</c>-quantile of Beta(x + 1, n − x) (1 when x = n). Exact, so conservative: the true
/// proportion is below the lower bound with probability at most 1 − c, however small n is (Wilson's is not).
/// </summary>
public static class ProportionBounds
{
    public static double Lower(long successes, long trials, double confidence)
    {
        Check(successes, trials, confidence);
        return successes == 0 ? 0 : Beta.InvCDF(successes, trials - successes + 1, 1 - confidence);
    }

    public static double Upper(long successes, long trials, double confidence)
    {
        Check(successes, trials, confidence);
        return successes == trials ? 1 : Beta.InvCDF(successes + 1, trials - successes, confidence);
    }

    private static void Check(long successes, long trials, double confidence)
    {
        if (trials < 1) throw new ArgumentOutOfRangeException(nameof(trials), trials, "at least one trial");
        if (successes < 0 || successes > trials) throw new ArgumentOutOfRangeException(nameof(successes), successes, "between 0 and the trials");
        if (!(confidence > 0 && confidence < 1)) throw new ArgumentOutOfRangeException(nameof(confidence), confidence, "in (0, 1)");
    }
}

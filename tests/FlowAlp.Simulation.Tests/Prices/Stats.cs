namespace FlowAlp.Simulation.Tests.Prices;

internal static class Stats
{
    public static double[] LogReturns(double[] prices)
    {
        var r = new double[prices.Length - 1];
        for (int i = 1; i < prices.Length; i++) r[i - 1] = Math.Log(prices[i] / prices[i - 1]);
        return r;
    }

    public static double Mean(IReadOnlyList<double> x) => x.Average();

    public static double Variance(IReadOnlyList<double> x)
    {
        double m = Mean(x), s = 0;
        foreach (var v in x) s += (v - m) * (v - m);
        return s / (x.Count - 1);
    }

    public static double ExcessKurtosis(IReadOnlyList<double> x)
    {
        double m = Mean(x), m2 = 0, m4 = 0;
        foreach (var v in x) { double d = (v - m) * (v - m); m2 += d; m4 += d * d; }
        m2 /= x.Count; m4 /= x.Count;
        return m4 / (m2 * m2) - 3;
    }

    public static double Correlation(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        double mx = Mean(x), my = Mean(y), sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < x.Count; i++)
        {
            double dx = x[i] - mx, dy = y[i] - my;
            sxy += dx * dy; sxx += dx * dx; syy += dy * dy;
        }
        return sxy / Math.Sqrt(sxx * syy);
    }
}

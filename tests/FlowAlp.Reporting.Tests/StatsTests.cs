namespace FlowAlp.Reporting.Tests;

public class StatsTests
{
    private static readonly double[] OneToFive = [1, 2, 3, 4, 5];

    [Fact]
    public void Mean_and_sample_stddev()
    {
        Assert.Equal(3, Stats.Mean(OneToFive), 12);
        Assert.Equal(Math.Sqrt(2.5), Stats.StdDev(OneToFive), 12);
        Assert.Equal(Math.Sqrt(2.0), Stats.StdDev([2, 4]), 12); // mean 3, ss 2, n-1 = 1
    }

    [Fact]
    public void T_interval_of_one_to_five()
    {
        var ci = Stats.MeanConfidenceInterval(OneToFive);
        // t(0.975, 4) = 2.7764451051977987
        double half = 2.7764451051977987 * Math.Sqrt(2.5) / Math.Sqrt(5);
        Assert.Equal(3, ci.Mean, 12);
        Assert.Equal(half, ci.HalfWidth, 9);
        Assert.Equal(1.9632432, ci.HalfWidth, 6);
        Assert.Equal(3 - half, ci.Lower, 9);
        Assert.Equal(3 + half, ci.Upper, 9);
        Assert.Equal(0.95, ci.Level);
        Assert.Equal(5, ci.Count);
    }

    [Fact]
    public void T_interval_other_level()
    {
        // t(0.95, 1) = 6.313751514675043; [2, 4]: s = sqrt 2, n = 2 → half = 6.3137515 * sqrt2 / sqrt2
        var ci = Stats.MeanConfidenceInterval([2, 4], 0.90);
        Assert.Equal(6.313751514675043, ci.HalfWidth, 9);
    }

    [Fact]
    public void VaR_and_ES_on_one_to_ten()
    {
        double[] losses = [7, 3, 10, 1, 9, 2, 8, 4, 6, 5];
        // k = ceil(0.9 * 10) = 9 → VaR = 9; ES = mean(9, 10)
        Assert.Equal(9, Stats.ValueAtRisk(losses, 0.9));
        Assert.Equal(9.5, Stats.ExpectedShortfall(losses, 0.9), 12);
        // k = ceil(9.5) = 10 → VaR = ES = 10
        Assert.Equal(10, Stats.ValueAtRisk(losses, 0.95));
        Assert.Equal(10, Stats.ExpectedShortfall(losses, 0.95), 12);
        // k = ceil(5) = 5 → VaR = 5; ES = mean(5..10) = 7.5
        Assert.Equal(5, Stats.ValueAtRisk(losses, 0.5));
        Assert.Equal(7.5, Stats.ExpectedShortfall(losses, 0.5), 12);
    }

    [Fact]
    public void VaR_and_ES_with_gains_and_ties()
    {
        double[] losses = [-5, -1, 0, 2, 2, 2, 10, 3];
        // sorted: -5 -1 0 2 2 2 3 10; alpha 0.5 → k = 4 → VaR = 2; ES = mean(2,2,2,3,10) = 19/5
        Assert.Equal(2, Stats.ValueAtRisk(losses, 0.5));
        Assert.Equal(3.8, Stats.ExpectedShortfall(losses, 0.5), 12);
        // alpha 0.99 → k = ceil(7.92) = 8 → VaR = ES = 10
        Assert.Equal(10, Stats.ValueAtRisk(losses, 0.99));
        Assert.Equal(10, Stats.ExpectedShortfall(losses, 0.99));
        // alpha 0.1 → k = 1 → VaR = -5, ES = mean of all
        Assert.Equal(-5, Stats.ValueAtRisk(losses, 0.1));
        Assert.Equal(13.0 / 8, Stats.ExpectedShortfall(losses, 0.1), 12);
    }

    [Fact]
    public void Bad_inputs_name_the_field()
    {
        Assert.StartsWith("values: is empty", Assert.Throws<ArgumentException>(() => Stats.Mean([])).Message);
        Assert.StartsWith("values: is null", Assert.Throws<ArgumentException>(() => Stats.Mean(null!)).Message);
        Assert.StartsWith("values: needs at least 2", Assert.Throws<ArgumentException>(() => Stats.StdDev([1])).Message);
        Assert.StartsWith("values: needs at least 2", Assert.Throws<ArgumentException>(() => Stats.MeanConfidenceInterval([1])).Message);
        Assert.StartsWith("values: value 1 is not finite", Assert.Throws<ArgumentException>(() => Stats.Mean([1, double.NaN])).Message);
        Assert.StartsWith("level:", Assert.Throws<ArgumentException>(() => Stats.MeanConfidenceInterval(OneToFive, 1)).Message);
        Assert.StartsWith("alpha:", Assert.Throws<ArgumentException>(() => Stats.ValueAtRisk(OneToFive, 0)).Message);
        Assert.StartsWith("alpha:", Assert.Throws<ArgumentException>(() => Stats.ExpectedShortfall(OneToFive, 1)).Message);
        Assert.StartsWith("losses: is empty", Assert.Throws<ArgumentException>(() => Stats.ValueAtRisk([], 0.95)).Message);
    }
}

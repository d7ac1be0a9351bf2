using FlowAlp.Simulation.Prices;

namespace FlowAlp.Simulation.Tests.Prices;

public class RegimeSwitchingPathTests
{
    private static readonly Regime[] Calm = [new("calm", 0.1, 0.3), new("stress", -0.5, 1.5)];

    [Fact]
    public void TimeFractionInEachRegimeMatchesStationaryDistribution()
    {
        const int n = 200_000;
        var rates = new double[,] { { 0, 52 }, { 156, 0 } }; // π = (0.75, 0.25)
        var path = new RegimeSwitchingPath(1, Calm, rates, 0, 3600, SeedStreams.Derive(7, "regime"));
        path.ValueAtStep(n);
        int calm = Enumerable.Range(0, n).Count(k => path.RegimeAtStep(k) == 0);
        Assert.Equal(0.75, path.StationaryDistribution()[0], 10);
        Assert.InRange(calm / (double)n, 0.75 - 0.035, 0.75 + 0.035);
    }

    [Fact]
    public void ThreeRegimeChainMatchesSolvedStationaryDistributionAndRegimeVolatility()
    {
        const int n = 200_000;
        Regime[] regimes = [new("bull", 0.5, 0.4), new("flat", 0, 0.2), new("bear", -0.8, 1.2)];
        // Sojourns of days, ~4300 switches over 23 years: the time fractions' sd is ≈ 0.009 (calibrated over 40 seeds).
        var rates = new double[,] { { 0, 120, 30 }, { 90, 0, 90 }, { 60, 180, 0 } };
        var path = new RegimeSwitchingPath(100, regimes, rates, 1, 3600, SeedStreams.Derive(7, "regime3"));
        var prices = path.Values(n + 1);
        var pi = path.StationaryDistribution();
        Assert.Equal(1, pi.Sum(), 10);
        var returnsBy = new List<double>[3] { new(), new(), new() };
        for (int k = 0; k < n; k++) returnsBy[path.RegimeAtStep(k)].Add(Math.Log(prices[k + 1] / prices[k]));
        for (int i = 0; i < 3; i++)
        {
            Assert.InRange(returnsBy[i].Count / (double)n, pi[i] - 0.04, pi[i] + 0.04);
            double theoryVar = regimes[i].AnnualVolatility * regimes[i].AnnualVolatility * path.StepYears;
            double se = theoryVar * Math.Sqrt(2.0 / returnsBy[i].Count);
            Assert.InRange(Stats.Variance(returnsBy[i]), theoryVar - 4 * se, theoryVar + 4 * se);
        }
    }

    [Fact]
    public void ConstructorValidates()
    {
        Assert.StartsWith("transitionRatesPerYear:", Assert.Throws<ArgumentException>(() => new RegimeSwitchingPath(1, Calm, new double[3, 3], 0, 60, 1)).Message);
        Assert.StartsWith("transitionRatesPerYear[0,1]:", Assert.Throws<ArgumentException>(() => new RegimeSwitchingPath(1, Calm, new double[,] { { 0, -1 }, { 1, 0 } }, 0, 60, 1)).Message);
        Assert.StartsWith("initialRegime:", Assert.Throws<ArgumentException>(() => new RegimeSwitchingPath(1, Calm, new double[2, 2], 2, 60, 1)).Message);
        Assert.StartsWith("regimes:", Assert.Throws<ArgumentException>(() => new RegimeSwitchingPath(1, [], new double[0, 0], 0, 60, 1)).Message);
    }
}

using FlowAlp.Protocol.Numerics;
using FlowAlp.Simulation.Prices;

namespace FlowAlp.Simulation.Tests.Prices;

public class OrnsteinUhlenbeckPathTests
{
    [Fact]
    public void LongRunMeanAndStationaryVarianceMatchTheory()
    {
        const int n = 100_000;
        const double kappa = 365, sigma = 0.3, theta = 1.0; // half-life ≈ 0.69 days, stationary sd ≈ 0.011
        var path = new OrnsteinUhlenbeckPath(theta, theta, kappa, sigma, 3600, SeedStreams.Derive(4, "ou"));
        var x = path.Values(n);
        double sd = Math.Sqrt(path.StationaryVariance);
        double horizon = kappa * n * path.StepYears; // reversion times covered (≈ 4170)
        double seMean = sd * Math.Sqrt(2 / horizon);
        Assert.InRange(Stats.Mean(x), theta - 4 * seMean, theta + 4 * seMean);
        Assert.InRange(Stats.Variance(x), path.StationaryVariance * 0.85, path.StationaryVariance * 1.15);
    }

    [Fact]
    public void ShockDecaysWithTheRightHalfLife()
    {
        const double kappa = 365 * 2; // half-life ln2/730 y ≈ 8.3 h
        var quiet = new OrnsteinUhlenbeckPath(0.9, 1.0, kappa, 0, 60, 1);
        int halfLifeSteps = (int)Math.Round(quiet.HalfLifeYears * PriceConversion.SecondsPerYear / 60);
        Assert.Equal(0.05, 1.0 - quiet.ValueAtStep(halfLifeSteps), 3);
        Assert.Equal(0.025, 1.0 - quiet.ValueAtStep(2 * halfLifeSteps), 3);

        // With noise: the average deviation across seeds halves too.
        const int paths = 300;
        double sum = 0;
        for (int s = 0; s < paths; s++)
            sum += 1.0 - new OrnsteinUhlenbeckPath(0.9, 1.0, kappa, 0.2, 60, SeedStreams.Derive(5, $"ou:{s}")).ValueAtStep(halfLifeSteps);
        double sdAtHalfLife = 0.2 * Math.Sqrt((1 - 0.25) / (2 * kappa));
        Assert.InRange(sum / paths, 0.05 - 4 * sdAtHalfLife / Math.Sqrt(paths), 0.05 + 4 * sdAtHalfLife / Math.Sqrt(paths));
    }

    [Fact]
    public void LogSpaceRevertsTheLogPriceAndStaysPositive()
    {
        const int n = 50_000;
        var path = new OrnsteinUhlenbeckPath(0.5, 1.0, 200, 1.5, 3600, SeedStreams.Derive(6, "ou-log"), OuSpace.LogPrice);
        var logs = path.Values(n).Select(v => Math.Log(v)).ToArray();
        Assert.All(logs, l => Assert.True(double.IsFinite(l)));
        double sd = Math.Sqrt(path.StationaryVariance), horizon = 200 * n * path.StepYears;
        Assert.InRange(Stats.Mean(logs.Skip(2000).ToArray()), -4 * sd * Math.Sqrt(2 / horizon) - 0.01, 4 * sd * Math.Sqrt(2 / horizon) + 0.01);
        Assert.InRange(Stats.Variance(logs.Skip(2000).ToArray()), path.StationaryVariance * 0.8, path.StationaryVariance * 1.2);
    }

    [Fact]
    public void PriceSpaceIsFlooredAtSampling()
    {
        var path = new OrnsteinUhlenbeckPath(0.001, 0.001, 1, 50, 3600, 2);
        for (ulong k = 0; k < 500; k++) Assert.True(path.SampleAt(UFix64.FromInteger(k * 3600))!.Value.Price >= UFix64.Epsilon);
    }

    [Theory]
    [InlineData(1.0, 0.0, 1.0, 0.1, "meanLevel")]
    [InlineData(1.0, 1.0, -1.0, 0.1, "reversionSpeedPerYear")]
    [InlineData(0.0, 1.0, 1.0, 0.1, "x0")]
    [InlineData(1.0, 1.0, 1.0, double.PositiveInfinity, "annualVolatility")]
    public void ConstructorValidates(double x0, double mean, double kappa, double vol, string field)
    {
        var e = Assert.Throws<ArgumentException>(() => new OrnsteinUhlenbeckPath(x0, mean, kappa, vol, 60, 1));
        Assert.StartsWith(field + ":", e.Message);
    }
}

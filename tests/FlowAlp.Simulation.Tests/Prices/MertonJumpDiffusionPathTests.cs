using FlowAlp.Simulation.Prices;

namespace FlowAlp.Simulation.Tests.Prices;

public class MertonJumpDiffusionPathTests
{
    [Fact]
    public void JumpCountMatchesIntensityTimesHorizonAndTailsAreFat()
    {
        const int n = 100_000;
        const double lambda = 20, jumpMean = -0.05, jumpSd = 0.08;
        var path = new MertonJumpDiffusionPath(100, 0.05, 0.5, lambda, jumpMean, jumpSd, 3600, SeedStreams.Derive(3, "merton"));
        var r = Stats.LogReturns(path.Values(n + 1));
        double expected = lambda * n * path.StepYears; // ≈ 228
        Assert.InRange(path.JumpCountThrough(n), expected - 4 * Math.Sqrt(expected), expected + 4 * Math.Sqrt(expected));
        Assert.True(Stats.ExcessKurtosis(r) > 1, $"excess kurtosis {Stats.ExcessKurtosis(r)}");

        double dt = path.StepYears;
        double theoryVar = 0.25 * dt + lambda * dt * (jumpMean * jumpMean + jumpSd * jumpSd);
        Assert.InRange(Stats.Variance(r), theoryVar * 0.85, theoryVar * 1.15);
    }

    [Fact]
    public void WithoutJumpsItIsAGbm()
    {
        var merton = new MertonJumpDiffusionPath(10, 0.1, 0.4, 0, -0.1, 0.1, 60, 9);
        Assert.Equal(0, merton.JumpCountThrough(10_000));
        var r = Stats.LogReturns(merton.Values(10_001));
        Assert.True(Math.Abs(Stats.ExcessKurtosis(r)) < 0.25);
    }

    [Theory]
    [InlineData(-1.0, 0.1, "jumpIntensityPerYear")]
    [InlineData(1.0, -0.1, "jumpLogStdDev")]
    public void ConstructorValidates(double lambda, double jumpSd, string field)
    {
        var e = Assert.Throws<ArgumentException>(() => new MertonJumpDiffusionPath(1, 0, 0.5, lambda, 0, jumpSd, 60, 1));
        Assert.StartsWith(field + ":", e.Message);
    }
}

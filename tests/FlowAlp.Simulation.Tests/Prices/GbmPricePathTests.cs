using FlowAlp.Protocol.Numerics;
using FlowAlp.Simulation.Prices;

namespace FlowAlp.Simulation.Tests.Prices;

public class GbmPricePathTests
{
    [Fact]
    public void LogReturnMeanAndVarianceMatchTheory()
    {
        const double mu = 0.3, sigma = 0.8;
        const int n = 100_000;
        var path = new GbmPricePath(100, mu, sigma, 300, SeedStreams.Derive(42, "gbm:test"));
        var r = Stats.LogReturns(path.Values(n + 1));
        double dt = path.StepYears;
        double mean = Stats.Mean(r), variance = Stats.Variance(r);
        double seMean = sigma * Math.Sqrt(dt / n);
        double theoryVar = sigma * sigma * dt, seVar = theoryVar * Math.Sqrt(2.0 / (n - 1));
        Assert.InRange(mean, (mu - 0.5 * sigma * sigma) * dt - 4 * seMean, (mu - 0.5 * sigma * sigma) * dt + 4 * seMean);
        Assert.InRange(variance, theoryVar - 4 * seVar, theoryVar + 4 * seVar);
    }

    [Fact]
    public void SampleIsStepFunctionOverTheGridAndStartsAtS0()
    {
        var path = new GbmPricePath(2.5, 0, 0.5, 60, 7);
        Assert.Equal(UFix64.Parse("2.5"), path.SampleAt(UFix64.Zero)!.Value.Price);
        Assert.Equal(UFix64.Parse("2.5"), path.SampleAt(UFix64.Parse("59.99999999"))!.Value.Price);
        var at60 = path.SampleAt(UFix64.FromInteger(60))!.Value;
        Assert.Equal(at60.Price, path.SampleAt(UFix64.FromInteger(119))!.Value.Price);
        Assert.Equal(UFix64.FromInteger(119), path.SampleAt(UFix64.FromInteger(119))!.Value.ObservedAt);
        Assert.Equal(UFix64.FromDouble(path.ValueAtStep(1)), at60.Price);
    }

    /// <summary>One GBM: the scenario's path and the reference market's windowed path step with the same GbmStepper, so
    /// for the same parameters and seed they give the same price at every step (past two window drops).</summary>
    [Fact]
    public void The_scenario_gbm_and_the_reference_market_gbm_are_one_process()
    {
        var grid = new GbmPricePath(1.0, 0.2, 0.9, 60, 13);
        var windowed = new GbmPath(1.0, 0.2, 0.9, 60, 13);
        int steps = 2 * GbmPath.Window + 50;
        for (int k = 0; k <= steps; k++)
        {
            var t = UFix64.FromInteger((ulong)k * 60);
            Assert.Equal(grid.SampleAt(t)!.Value.Price, windowed.SampleAt(t)!.Value.Price);
        }
        Assert.Equal(grid.SampleAt(UFix64.FromInteger(60 * 7))!.Value.Price, windowed.SampleAt(UFix64.FromInteger(60 * 7))!.Value.Price); // replayed
        Assert.NotEqual(grid.SampleAt(UFix64.FromInteger(60))!.Value.Price, grid.SampleAt(UFix64.Zero)!.Value.Price);
    }

    [Theory]
    [InlineData(5e-9, "0.00000001", "0.00000001")]
    [InlineData(2.5, "2.5", "2.5")]
    [InlineData(2e9, "1000000000", "2000000000")]
    public void The_two_conversions_differ_only_above_the_cap(double value, string clamped, string floorOnly)
    {
        Assert.Equal(UFix64.Parse(clamped), PriceConversion.ToUFix64(value));
        Assert.Equal(UFix64.Parse(floorOnly), PriceConversion.FloorOnly(value));
    }

    [Fact]
    public void ValuesDoNotDependOnQueryOrder()
    {
        var a = new GbmPricePath(1, 0.1, 0.6, 60, 11);
        var b = new GbmPricePath(1, 0.1, 0.6, 60, 11);
        var late = b.SampleAt(UFix64.FromInteger(60 * 500));
        for (int k = 0; k <= 500; k++) a.SampleAt(UFix64.FromInteger((ulong)(60 * k)));
        Assert.Equal(a.SampleAt(UFix64.FromInteger(60 * 500)), late);
    }

    [Theory]
    [InlineData(0, 0.1, 0.5, 60ul, "s0")]
    [InlineData(1, double.NaN, 0.5, 60ul, "annualDrift")]
    [InlineData(1, 0.1, -0.5, 60ul, "annualVolatility")]
    [InlineData(1, 0.1, 0.5, 0ul, "stepSeconds")]
    public void ConstructorValidates(double s0, double drift, double vol, ulong step, string field)
    {
        var e = Assert.Throws<ArgumentException>(() => new GbmPricePath(s0, drift, vol, step, 1));
        Assert.StartsWith(field + ":", e.Message);
    }
}

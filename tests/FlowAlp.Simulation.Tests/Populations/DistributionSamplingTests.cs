using FlowAlp.Simulation.Populations;
using FlowAlp.Simulation.Prices;
using FlowAlp.Simulation.Scenarios;
using FlowAlp.Simulation.Tests.Prices;
using MathNet.Numerics.Distributions;

namespace FlowAlp.Simulation.Tests.Populations;

/// <summary>Sampled moments of each population distribution (fixed seed, many draws) against their exact values.</summary>
public class DistributionSamplingTests
{
    private const int Draws = 200_000;

    private static double[] Draw(Dist d, int seed = 11) { var rng = SeedStreams.Create(1, $"test:{seed}"); return Enumerable.Range(0, Draws).Select(_ => d.Sample(rng)).ToArray(); }

    [Fact]
    public void The_uniform_form_draws_exactly_as_before()
    {
        var dist = new Dist(500, 2000);
        var a = SeedStreams.Create(7, "population:x");
        var b = SeedStreams.Create(7, "population:x");
        for (int i = 0; i < 1000; i++) Assert.Equal(500 + 1500 * b.NextDouble(), dist.Sample(a));
        Assert.Equal(1.3, new Dist(1.3, 1.3).Sample(a)); // a constant takes no draw
        Assert.Equal(b.NextDouble(), a.NextDouble());
    }

    [Fact]
    public void Normal_draws_have_the_declared_mean_and_deviation()
    {
        var x = Draw(new NormalDist(1000, 200, 1000 - 8 * 200, 1000 + 8 * 200));
        Assert.InRange(Stats.Mean(x), 1000 - 2, 1000 + 2); // standard error 200/√200000 ≈ 0.45
        Assert.InRange(Math.Sqrt(Stats.Variance(x)), 198, 202);
        Assert.InRange(Math.Abs(Stats.ExcessKurtosis(x)), 0, 0.05);
    }

    [Fact]
    public void A_truncated_normal_stays_in_its_bounds_with_the_truncated_mean()
    {
        double mu = 1.5, sd = 0.2, a = 1.4, b = 1.9;
        var x = Draw(new NormalDist(mu, sd, a, b));
        Assert.All(x, v => Assert.InRange(v, a, b));
        double al = (a - mu) / sd, be = (b - mu) / sd;
        double z = Normal.CDF(0, 1, be) - Normal.CDF(0, 1, al);
        double expected = mu + sd * (Normal.PDF(0, 1, al) - Normal.PDF(0, 1, be)) / z;
        Assert.InRange(Stats.Mean(x), expected - 0.002, expected + 0.002);
    }

    [Fact]
    public void Lognormal_draws_have_the_declared_log_moments_and_median()
    {
        double mu = Math.Log(10_000), sigma = 0.5;
        var x = Draw(new LognormalDist(mu, sigma, Math.Exp(mu - 8 * sigma), Math.Exp(mu + 8 * sigma)));
        var logs = x.Select(v => Math.Log(v)).ToArray();
        Assert.InRange(Stats.Mean(logs), mu - 0.005, mu + 0.005);
        Assert.InRange(Math.Sqrt(Stats.Variance(logs)), sigma - 0.005, sigma + 0.005);
        Array.Sort(x);
        Assert.InRange(x[Draws / 2], 10_000 * 0.99, 10_000 * 1.01);
        Assert.InRange(Stats.Mean(x), 10_000 * Math.Exp(sigma * sigma / 2) * 0.99, 10_000 * Math.Exp(sigma * sigma / 2) * 1.01);
    }

    [Fact]
    public void Empirical_draws_take_only_the_values_in_proportion_to_their_weights()
    {
        var x = Draw(new EmpiricalDist([1.2, 1.5, 2.0], [1, 2, 7]));
        var freq = x.GroupBy(v => v).ToDictionary(g => g.Key, g => g.Count() / (double)Draws);
        Assert.Equal(new[] { 1.2, 1.5, 2.0 }, freq.Keys.Order());
        Assert.InRange(freq[1.2], 0.097, 0.103);
        Assert.InRange(freq[1.5], 0.196, 0.204);
        Assert.InRange(freq[2.0], 0.696, 0.704);
        var equal = Draw(new EmpiricalDist([3, 4], null));
        Assert.InRange(equal.Count(v => v == 3) / (double)Draws, 0.497, 0.503);
    }

    [Fact]
    public void The_same_seed_draws_the_same_values()
    {
        Dist[] shapes = [new NormalDist(5, 1, 1, 9), new LognormalDist(1, 0.3, 1, 20), new EmpiricalDist([1, 2, 3], [1, 1, 2])];
        foreach (var d in shapes) Assert.Equal(Draw(d, 3), Draw(d, 3));
        Assert.NotEqual(Draw(shapes[0], 3), Draw(shapes[0], 4));
    }

    [Fact]
    public void Shares_split_by_largest_remainder()
    {
        Assert.Equal(new[] { 3, 4, 3 }, LargestRemainder.Split(10, [0.3, 0.4, 0.3]));
        Assert.Equal(new[] { 2, 3, 2 }, LargestRemainder.Split(7, [0.3, 0.4, 0.3])); // quotas 2.1, 2.8, 2.1
        Assert.Equal(new[] { 1, 0, 0 }, LargestRemainder.Split(1, [1 / 3.0, 1 / 3.0, 1 / 3.0])); // ties go to the earlier profile
        Assert.Equal(new[] { 34, 33, 33 }, LargestRemainder.Split(100, [1 / 3.0, 1 / 3.0, 1 / 3.0]));
    }
}

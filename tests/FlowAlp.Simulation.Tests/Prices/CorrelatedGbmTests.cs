using FlowAlp.Protocol.Numerics;
using FlowAlp.Simulation.Prices;

namespace FlowAlp.Simulation.Tests.Prices;

public class CorrelatedGbmTests
{
    private static readonly CorrelatedAsset[] Assets =
    [
        new("FLOW", 0.5, 0.1, 0.9),
        new("ETH", 3000, 0.05, 0.7),
        new("BTC", 90000, 0.0, 0.5),
    ];

    private static readonly double[,] Target = { { 1, 0.6, 0.2 }, { 0.6, 1, -0.3 }, { 0.2, -0.3, 1 } };

    [Fact]
    public void SampleCorrelationOfLogReturnsMatchesTarget()
    {
        const int n = 50_000;
        var gbm = new CorrelatedGbm(Assets, Target, 3600, SeedStreams.Derive(1, "corr"));
        var r = Enumerable.Range(0, 3).Select(i => Stats.LogReturns(gbm.Values(i, n + 1))).ToArray();
        for (int i = 0; i < 3; i++)
        {
            double theoryVar = Assets[i].AnnualVolatility * Assets[i].AnnualVolatility * gbm.StepYears;
            Assert.InRange(Stats.Variance(r[i]), theoryVar * (1 - 4 * Math.Sqrt(2.0 / n)), theoryVar * (1 + 4 * Math.Sqrt(2.0 / n)));
            for (int j = i + 1; j < 3; j++)
            {
                double rho = Target[i, j], se = (1 - rho * rho) / Math.Sqrt(n);
                Assert.InRange(Stats.Correlation(r[i], r[j]), rho - 4 * se, rho + 4 * se);
            }
        }
    }

    [Fact]
    public void TokenPathsShareTheGridAndAreDeterministic()
    {
        var a = new CorrelatedGbm(Assets, Target, 60, 5);
        var b = new CorrelatedGbm(Assets, Target, 60, 5);
        var t = UFix64.FromInteger(60 * 1000 + 30);
        Assert.Equal(a.PathFor("ETH").SampleAt(t), b.PathFor("ETH").SampleAt(t));
        Assert.Equal(UFix64.FromDouble(a.ValueAtStep(1, 1000)), a.PathFor("ETH").SampleAt(t)!.Value.Price);
        Assert.Equal(UFix64.Parse("0.5"), a.Paths["FLOW"].SampleAt(UFix64.Zero)!.Value.Price);
        Assert.Equal(["FLOW", "ETH", "BTC"], a.Tokens);
        Assert.Throws<ArgumentException>(() => a.PathFor("DOGE"));
    }

    [Fact]
    public void NonSymmetricMatrixIsRejected()
    {
        var m = new double[,] { { 1, 0.5, 0 }, { 0.4, 1, 0 }, { 0, 0, 1 } };
        var e = Assert.Throws<ArgumentException>(() => new CorrelatedGbm(Assets, m, 60, 1));
        Assert.StartsWith("correlation:", e.Message);
        Assert.Contains("symmetric", e.Message);
    }

    [Fact]
    public void NonPositiveDefiniteMatrixIsRejected()
    {
        var m = new double[,] { { 1, 0.9, 0.9 }, { 0.9, 1, -0.9 }, { 0.9, -0.9, 1 } };
        var e = Assert.Throws<ArgumentException>(() => new CorrelatedGbm(Assets, m, 60, 1));
        Assert.StartsWith("correlation:", e.Message);
        Assert.Contains("positive definite", e.Message);
    }

    [Fact]
    public void ShapeDiagonalAndAssetsAreValidated()
    {
        Assert.StartsWith("correlation:", Assert.Throws<ArgumentException>(() => new CorrelatedGbm(Assets, new double[2, 2] { { 1, 0 }, { 0, 1 } }, 60, 1)).Message);
        Assert.StartsWith("correlation:", Assert.Throws<ArgumentException>(() => new CorrelatedGbm(Assets, new double[,] { { 2, 0, 0 }, { 0, 1, 0 }, { 0, 0, 1 } }, 60, 1)).Message);
        var dup = new[] { Assets[0], Assets[0] with { S0 = 1 } };
        Assert.StartsWith("assets[1].Token:", Assert.Throws<ArgumentException>(() => new CorrelatedGbm(dup, new double[,] { { 1, 0 }, { 0, 1 } }, 60, 1)).Message);
        var bad = new[] { Assets[0] with { AnnualVolatility = -1 } };
        Assert.StartsWith("assets[0].AnnualVolatility:", Assert.Throws<ArgumentException>(() => new CorrelatedGbm(bad, new double[,] { { 1 } }, 60, 1)).Message);
    }
}

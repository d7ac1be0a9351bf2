using FlowAlp.Simulation.Optimization;

namespace FlowAlp.Simulation.Tests.Optimization;

/// <summary>
/// Clopper–Pearson one-sided bounds against values computed independently (bisection of the exact binomial tail in
/// Python: the lower bound p solves P(X ≥ x | n, p) = 1 − c, the upper P(X ≤ x | n, p) = 1 − c).
/// </summary>
public class ProportionBoundsTests
{
    [Theory]
    [InlineData(100, 100, 0.9704869504)] // = 0.05^(1/100)
    [InlineData(99, 100, 0.9534401885)]
    [InlineData(360, 360, 0.9917130491)]
    [InlineData(359, 360, 0.9868909206)]
    [InlineData(2376, 2400, 0.9859651002)]
    [InlineData(0, 10, 0.0)]
    public void Lower_bound_at_95_percent(long successes, long trials, double expected) =>
        Assert.Equal(expected, ProportionBounds.Lower(successes, trials, 0.95), 1e-9);

    [Theory]
    [InlineData(0, 100, 0.0295130496)]
    [InlineData(1, 100, 0.0465598115)]
    [InlineData(5, 20, 0.4555824040)]
    [InlineData(20, 20, 1.0)]
    public void Upper_bound_at_95_percent(long successes, long trials, double expected) =>
        Assert.Equal(expected, ProportionBounds.Upper(successes, trials, 0.95), 1e-9);

    [Fact]
    public void Bad_counts_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ProportionBounds.Lower(1, 0, 0.95));
        Assert.Throws<ArgumentOutOfRangeException>(() => ProportionBounds.Lower(11, 10, 0.95));
        Assert.Throws<ArgumentOutOfRangeException>(() => ProportionBounds.Upper(1, 10, 1.0));
    }
}

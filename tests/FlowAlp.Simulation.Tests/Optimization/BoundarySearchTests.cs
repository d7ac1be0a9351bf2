using FlowAlp.Simulation.Optimization;

namespace FlowAlp.Simulation.Tests.Optimization;

/// <summary>
/// The search on synthetic monotone oracles: bisection brackets the boundary within the tolerance in
/// 2 + ⌈log₂(width / tolerance)⌉ evaluations, both goals, the grid method refines around its boundary, and the edge
/// cases (the range's end passes, nothing passes, a non-monotone oracle) are said as such.
/// </summary>
public class BoundarySearchTests
{
    private static Func<decimal, Task<bool>> Above(decimal boundary, List<decimal> asked) => v => { asked.Add(v); return Task.FromResult(v >= boundary); };

    [Theory]
    [InlineData("1.337", "1", "2", "0.01", 9)]        // width 1 / 0.01: 7 halvings (1/128 ≤ 0.01 < 1/64) + the two ends
    [InlineData("0.3", "0", "1", "0.015625", 8)]     // exactly 6 halvings to 1/64
    [InlineData("1.0065", "1.0001", "1.1", "0.001", 9)]
    public async Task Bisection_finds_the_lowest_passing_value_within_tolerance_in_the_expected_evaluations(string boundaryText, string lowText, string highText, string tolText, int expected)
    {
        decimal boundary = decimal.Parse(boundaryText, System.Globalization.CultureInfo.InvariantCulture), low = decimal.Parse(lowText, System.Globalization.CultureInfo.InvariantCulture);
        decimal high = decimal.Parse(highText, System.Globalization.CultureInfo.InvariantCulture), tol = decimal.Parse(tolText, System.Globalization.CultureInfo.InvariantCulture);
        var asked = new List<decimal>();
        var r = await BoundarySearch.Run(low, high, OptimizeGoal.Lowest, tol, SearchMethod.Bisect, 5, Above(boundary, asked));
        Assert.True(r.Found);
        Assert.Equal(expected, r.Steps.Count);
        Assert.Equal(expected, BoundarySearch.BisectionEvaluations(high - low, tol));
        Assert.Equal([low, high], asked.Take(2));
        var (lo, hi) = r.Interval!.Value;
        Assert.True(lo < boundary && boundary <= hi, $"[{lo}, {hi}] misses {boundary}");
        Assert.True(hi - lo <= tol);
        Assert.Equal((r.Failing, r.Passing, r.Answer), ((decimal?)lo, (decimal?)hi, (decimal?)hi));
        Assert.True(r.Monotone);
        Assert.All(r.Steps, s => Assert.Equal(s.Value >= boundary, s.Passes));
    }

    [Fact]
    public async Task Midpoints_are_rounded_one_digit_past_the_tolerance()
    {
        var asked = new List<decimal>();
        await BoundarySearch.Run(1.0001m, 1.1m, OptimizeGoal.Lowest, 0.001m, SearchMethod.Bisect, 5, Above(1.0065m, asked));
        Assert.Equal([1.0001m, 1.1m, 1.0501m, 1.0251m, 1.0126m, 1.0064m, 1.0095m, 1.008m, 1.0072m], asked);
    }

    [Fact]
    public async Task Highest_goal_finds_the_highest_passing_value()
    {
        var asked = new List<decimal>();
        var r = await BoundarySearch.Run(0m, 100m, OptimizeGoal.Highest, 1m, SearchMethod.Bisect, 5, v => { asked.Add(v); return Task.FromResult(v <= 61.5m); });
        Assert.Equal([100m, 0m], asked.Take(2)); // the end expected to fail first, as for lowest
        Assert.Equal(9, r.Steps.Count);
        var (lo, hi) = r.Interval!.Value;
        Assert.True(lo <= 61.5m && 61.5m < hi && hi - lo <= 1m);
        Assert.Equal(lo, r.Answer);
        Assert.Equal(hi, r.Failing);
    }

    [Fact]
    public async Task Grid_method_evaluates_the_grid_then_bisects_inside_its_bracket()
    {
        var asked = new List<decimal>();
        var r = await BoundarySearch.Run(1m, 2m, OptimizeGoal.Lowest, 0.01m, SearchMethod.Grid, 5, Above(1.337m, asked));
        Assert.Equal([1m, 1.25m, 1.5m, 1.75m, 2m], asked.Take(5));
        // the bracket [1.25, 1.5] (width 0.25) to 0.01: 5 halvings
        Assert.Equal(10, r.Steps.Count);
        var (lo, hi) = r.Interval!.Value;
        Assert.True(lo < 1.337m && 1.337m <= hi && hi - lo <= 0.01m);
        Assert.All(asked.Skip(5), v => Assert.InRange(v, 1.25m, 1.5m));
    }

    [Fact]
    public async Task A_passing_low_end_is_the_answer_and_says_the_boundary_may_lie_beyond()
    {
        var r = await BoundarySearch.Run(1m, 2m, OptimizeGoal.Lowest, 0.01m, SearchMethod.Bisect, 5, _ => Task.FromResult(true));
        Assert.Equal((true, (decimal?)1m, (decimal?)null, 2), (r.Found, r.Answer, r.Failing, r.Steps.Count));
        Assert.Equal((1m, 1m), r.Interval);
    }

    [Fact]
    public async Task Nothing_passing_is_not_found()
    {
        var r = await BoundarySearch.Run(1m, 2m, OptimizeGoal.Lowest, 0.01m, SearchMethod.Grid, 4, _ => Task.FromResult(false));
        Assert.Equal((false, (decimal?)null, 4), (r.Found, r.Answer, r.Steps.Count));
        Assert.Null(r.Interval);
    }

    [Fact]
    public async Task A_non_monotone_oracle_is_flagged()
    {
        // passes in [1.2, 1.4) and from 1.8 on: the grid sees pass, fail, pass
        var r = await BoundarySearch.Run(1m, 2m, OptimizeGoal.Lowest, 0.05m, SearchMethod.Grid, 6, v => Task.FromResult(v is >= 1.2m and < 1.4m || v >= 1.8m));
        Assert.True(r.Found);
        Assert.False(r.Monotone);
        Assert.True(r.Interval!.Value.Low < 1.2m && 1.2m <= r.Interval.Value.High);
    }
}

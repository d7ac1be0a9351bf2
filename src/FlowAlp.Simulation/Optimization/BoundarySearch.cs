namespace FlowAlp.Simulation.Optimization;

/// <summary>Which end of the passing values an optimisation wants: the lowest value that passes, or the highest.</summary>
public enum OptimizeGoal { Lowest, Highest }

/// <summary>Bisection from the range's ends, or a coarse grid over the range first with bisection inside its boundary bracket.</summary>
public enum SearchMethod { Bisect, Grid }

/// <summary>One evaluation of the search: the value and whether the constraint held there.</summary>
public readonly record struct SearchStep(decimal Value, bool Passes);

/// <summary>
/// Where the search ended. Found: <see cref="Answer"/> is the passing end of the bracket [<see cref="Failing"/>,
/// <see cref="Passing"/>] (Failing null when the range's own end passes: the boundary may lie beyond the range).
/// Not found: no value of the range passed. <see cref="Monotone"/> is false when the evaluations contradict the
/// assumption (a failing value on the passing side of a passing one): the answer is then one boundary of several.
/// </summary>
public sealed record SearchResult(bool Found, decimal? Answer, decimal? Failing, decimal? Passing, IReadOnlyList<SearchStep> Steps, bool Monotone)
{
    /// <summary>The bracket as an interval, low end first (null when not found).</summary>
    public (decimal Low, decimal High)? Interval => Passing is not { } p ? null : Failing is { } f ? (Math.Min(f, p), Math.Max(f, p)) : (p, p);
}

/// <summary>
/// The boundary of a constraint along one parameter, assuming it is monotone: passing above the boundary (goal lowest)
/// or below it (goal highest). Bisection evaluates both ends of the range, then halves the bracket [failing, passing]
/// until it is no wider than the tolerance: 2 + ⌈log₂(width / tolerance)⌉ evaluations. The grid method evaluates
/// <c>gridPoints</c> evenly spaced values first and bisects between the last failing and the first passing of them.
/// Midpoints are rounded to one decimal more than the tolerance has (readable values; still strictly inside the bracket).
/// Deterministic: the same oracle gives the same steps.
/// </summary>
public static class BoundarySearch
{
    public const int MaxGridPoints = 1_000;

    public static async Task<SearchResult> Run(decimal low, decimal high, OptimizeGoal goal, decimal tolerance, SearchMethod method, int gridPoints,
        Func<decimal, Task<bool>> passes)
    {
        if (!(low < high)) throw new ArgumentException($"range: low {low} must be below high {high}", nameof(low));
        if (tolerance <= 0) throw new ArgumentOutOfRangeException(nameof(tolerance), tolerance, "must be positive");
        int digits = Math.Min(27, Scale(tolerance) + 1);
        var steps = new List<SearchStep>();
        async Task<bool> Evaluate(decimal v)
        {
            bool ok = await passes(v);
            steps.Add(new SearchStep(v, ok));
            return ok;
        }
        // values ordered from the end expected to fail to the end expected to pass
        var order = method == SearchMethod.Grid ? GridValues(low, high, gridPoints, digits) : [low, high];
        if (goal == OptimizeGoal.Highest) order.Reverse();
        decimal? failing = null, passing = null;
        foreach (decimal v in order)
        {
            // every value of the grid is evaluated (the page shows them all); the bracket is around the first that passes
            if (await Evaluate(v)) passing ??= v;
            else if (passing is null) failing = v;
        }
        if (passing is null) return new SearchResult(false, null, null, null, steps, IsMonotone(steps, goal));
        if (failing is { } f0)
        {
            decimal f = f0, p = passing.Value;
            while (Math.Abs(p - f) > tolerance)
            {
                decimal mid = Mid(f, p, digits);
                if (await Evaluate(mid)) p = mid;
                else f = mid;
            }
            failing = f;
            passing = p;
        }
        return new SearchResult(true, passing, failing, passing, steps, IsMonotone(steps, goal));
    }

    /// <summary>The evaluations bisection takes from a bracket as wide as the range to the tolerance (both ends included).</summary>
    public static int BisectionEvaluations(decimal width, decimal tolerance)
    {
        int n = 2;
        for (decimal w = width; w > tolerance; w /= 2) n++;
        return n;
    }

    private static decimal Mid(decimal a, decimal b, int digits)
    {
        decimal exact = (a + b) / 2, rounded = Math.Round(exact, digits, MidpointRounding.AwayFromZero);
        return rounded > Math.Min(a, b) && rounded < Math.Max(a, b) ? rounded : exact;
    }

    private static List<decimal> GridValues(decimal low, decimal high, int points, int digits)
    {
        if (points is < 2 or > MaxGridPoints) throw new ArgumentOutOfRangeException(nameof(points), points, $"between 2 and {MaxGridPoints}");
        var values = new List<decimal>(points);
        for (int i = 0; i < points; i++)
            values.Add(i == 0 ? low : i == points - 1 ? high : Math.Round(low + (high - low) * i / (points - 1), digits, MidpointRounding.AwayFromZero));
        return values.Distinct().ToList();
    }

    /// <summary>Every failing value lies on the failing side of every passing one.</summary>
    private static bool IsMonotone(IReadOnlyList<SearchStep> steps, OptimizeGoal goal)
    {
        var pass = steps.Where(s => s.Passes).Select(s => s.Value).ToList();
        var fail = steps.Where(s => !s.Passes).Select(s => s.Value).ToList();
        if (pass.Count == 0 || fail.Count == 0) return true;
        return goal == OptimizeGoal.Lowest ? fail.Max() < pass.Min() : fail.Min() > pass.Max();
    }

    private static int Scale(decimal d) => (decimal.GetBits(d)[3] >> 16) & 0xFF;
}

using System.Text.Json.Nodes;
using FlowAlp.Simulation.Optimization;
using FlowAlp.Simulation.Scenarios;
using FlowAlp.Simulation.Sweeps;
using FlowAlp.Simulation.Tests.Scenarios;

namespace FlowAlp.Simulation.Tests.Optimization;

/// <summary>
/// The constraint and parameter texts of `flowalp optimize`: each form parses to what it says, a bad one is refused
/// with the reason, and a constraint decides on runs' summaries: survival pooled over seeds with its Clopper–Pearson
/// bound, the liquidated share's upper bound, the empirical VaR of the bad debt.
/// </summary>
public class OptimizeConstraintTests
{
    [Theory]
    [InlineData("survival>=0.99@0.95", "survival", null, 0.99, 0.95, null)]
    [InlineData(" survival[hightide] >= 0.9 ", "survival", "hightide", 0.9, null, null)]
    [InlineData("liquidated[passive]<=0.05@0.9", "liquidated", "passive", 0.05, 0.9, null)]
    [InlineData("badDebtVaR99<=1000", "badDebtVaR", null, 1000.0, null, 0.99)]
    [InlineData("badDebtVaR97.5<=0", "badDebtVaR", null, 0.0, null, 0.975)]
    public void Forms_parse(string text, string metric, string? population, double threshold, double? confidence, double? level)
    {
        var c = OptimizeConstraint.Parse(text);
        Assert.Equal((metric, population, threshold, confidence), (c.Metric, c.Population, c.Threshold, c.Confidence));
        Assert.Equal(level is null ? (double?)null : Math.Round(level.Value, 9), c.Level is { } l ? Math.Round(l, 9) : (double?)null);
    }

    [Theory]
    [InlineData("survival<=0.99@0.95", "'survival<=0.99@0.95': survival takes >= (a floor on the share of borrowers never liquidated)")]
    [InlineData("liquidated>=0.1", "'liquidated>=0.1': liquidated takes <= (a ceiling on the share of borrowers liquidated)")]
    [InlineData("survival>=1.5", "'survival>=1.5': the share 1.5 must be between 0 and 1")]
    [InlineData("survival>=0.99@95", "'survival>=0.99@95': the confidence 95 must be between 0 and 1 (exclusive), e.g. @0.95")]
    [InlineData("survival>=abc", "'survival>=abc': 'abc' is not a number")]
    [InlineData("survival[]>=0.9", "'survival[]>=0.9': the population's name is empty")]
    [InlineData("badDebtVaR99<=1000@0.95", "'badDebtVaR99<=1000@0.95': badDebtVaR takes no @confidence (it is an empirical quantile; its level is in its name)")]
    [InlineData("badDebtVaR100<=1", "'badDebtVaR100<=1': the VaR level 100 must be between 0 and 100 (exclusive), e.g. badDebtVaR99")]
    [InlineData("badDebtVaR99>=1", "'badDebtVaR99>=1': badDebtVaR takes <= (a ceiling on the bad debt)")]
    [InlineData("frob", "'frob' must look like survival>=0.99@0.95, survival[NAME]>=P@C, liquidated[NAME]<=P@C or badDebtVaR99<=X")]
    public void Bad_constraints_are_refused_with_the_reason(string text, string reason)
    {
        var e = Assert.Throws<ScenarioException>(() => OptimizeConstraint.Parse(text));
        Assert.Equal(("constraint", true, reason), (e.Field, e.IsArgument, e.Reason));
    }

    [Fact]
    public void The_population_comes_from_the_name_the_parameter_or_the_only_borrower_population()
    {
        var s = TestScenarios.Parse(); // lp, rebalancing, passive, mixed
        Assert.Equal("passive", OptimizeConstraint.Parse("survival>=0.9").For(s, "populations[2].health.target").Population);
        Assert.Equal("mixed", OptimizeConstraint.Parse("survival[mixed]>=0.9").For(s, "populations[2].health.target").Population);
        Assert.Equal("'survival>=0.9': name the population, e.g. survival[rebalancing] (the scenario's borrowers: rebalancing, passive, mixed)",
            Assert.Throws<ScenarioException>(() => OptimizeConstraint.Parse("survival>=0.9").For(s, "rebalancers.intervalSeconds")).Reason);
        Assert.Equal("'survival[lp]>=0.9': 'lp' is an LP population (it has no debt to be liquidated)",
            Assert.Throws<ScenarioException>(() => OptimizeConstraint.Parse("survival[lp]>=0.9").For(s, "x")).Reason);
        Assert.Equal("'survival[nobody]>=0.9': 'nobody' is not a population of the scenario (its borrowers: rebalancing, passive, mixed)",
            Assert.Throws<ScenarioException>(() => OptimizeConstraint.Parse("survival[nobody]>=0.9").For(s, "x")).Reason);
    }

    private static SweepRun Run(ulong seed, int positions, int liquidated, string badDebt) => new("p", seed, JsonNode.Parse(
        "{\"populations\":{\"b\":{\"kind\":\"borrower\",\"positions\":" + positions + ",\"liquidatedPositions\":" + liquidated
        + "}},\"totals\":{\"badDebtMax\":\"" + badDebt + "\"}}")!.AsObject(), true);

    [Fact]
    public void Survival_is_pooled_over_the_seeds_with_its_lower_bound()
    {
        // 99 of 100 borrowers over two seeds: share 0.99, Clopper–Pearson lower 0.9534 at 95 %
        var runs = new[] { Run(1, 50, 1, "0"), Run(2, 50, 0, "0") };
        var r = OptimizeConstraint.Parse("survival[b]>=0.95@0.95").Evaluate(runs);
        Assert.Equal((true, 0.99, 99L, 100L), (r.Passes, r.Statistic, r.Successes, r.Trials));
        Assert.Equal(0.9534401885, r.Bound, 1e-9);
        Assert.False(OptimizeConstraint.Parse("survival[b]>=0.96@0.95").Evaluate(runs).Passes);
        Assert.True(OptimizeConstraint.Parse("survival[b]>=0.99").Evaluate(runs).Passes); // the share itself without @
        var liq = OptimizeConstraint.Parse("liquidated[b]<=0.05@0.95").Evaluate(runs);
        Assert.Equal((true, 0.01, 1L, 100L), (liq.Passes, liq.Statistic, liq.Successes, liq.Trials));
        Assert.Equal(0.0465598115, liq.Bound, 1e-9);
    }

    [Fact]
    public void Bad_debt_VaR_is_the_empirical_quantile_over_the_seeds()
    {
        var runs = Enumerable.Range(1, 20).Select(i => Run((ulong)i, 10, 0, (i * 10).ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList();
        // ⌈0.95·20⌉ = 19th smallest = 190; ⌈0.99·20⌉ = 20th = 200; the mean 105
        var r95 = OptimizeConstraint.Parse("badDebtVaR95<=190").Evaluate(runs);
        Assert.Equal((true, 105.0, 190.0, (long?)null), (r95.Passes, r95.Statistic, r95.Bound, r95.Trials));
        Assert.False(OptimizeConstraint.Parse("badDebtVaR99<=199.99").Evaluate(runs).Passes);
    }

    [Theory]
    [InlineData("p", "'=1' must look like PATH or PATH=EXPR (EXPR e.g. x+0.3)", "=1")]
    [InlineData("p", "'q=y+1': 'y+1' is not x, x+C, x-C, K*x or K*x+C (K, C plain decimals)", "q=y+1")]
    [InlineData("p", "'q=0*x': a field multiplied by 0 does not follow x (give it with --set)", "q=0*x")]
    [InlineData("p=x+1", "'p=x+1': the first --param is the searched value x itself: a bare path (the others may be PATH=EXPR)", null)]
    [InlineData("p", "'p' is given twice", "p=x")]
    public void Bad_parameters_are_refused_with_the_reason(string first, string reason, string? second)
    {
        var e = Assert.Throws<ScenarioException>(() => OptimizeParameter.Parse(second is null ? [first] : [first, second]));
        Assert.Equal(("param", reason), (e.Field, e.Reason));
    }

    [Fact]
    public void Moved_fields_follow_x_in_decimal()
    {
        var p = OptimizeParameter.Parse(["a.min", "a.max = x+0.3", "b=2*x-0.05", "c=x"]);
        Assert.Equal([("a.min", "1.0375"), ("a.max", "1.3375"), ("b", "2.025"), ("c", "1.0375")], p.Overrides(1.0375m));
        Assert.Equal("a.min", p.Path);
    }
}

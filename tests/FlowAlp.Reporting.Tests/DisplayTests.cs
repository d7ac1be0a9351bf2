namespace FlowAlp.Reporting.Tests;

/// <summary>How keys and numbers read on the pages: human labels, units, rounding, "no debt".</summary>
public class DisplayTests
{
    [Theory]
    [InlineData("liquidatedPositions", "Liquidated positions")]
    [InlineData("durationHours", "Duration (h)")]
    [InlineData("rebalancerFeesPerPosition", "Rebalancer fees per position (MOET)")]
    [InlineData("dexOracleDeviationBps", "Dex oracle deviation (bps)")]
    [InlineData("negativeBalance", "Negative balance")]
    [InlineData("populations.passive.survivalRate.mean", "passive: survival rate, mean")]
    [InlineData("pool.reserves", "pool: reserves")]
    [InlineData("populations.lp.badDebtMax.ci95High", "lp: bad debt max, ci95 high")]
    [InlineData("below health 1", "Below health 1")]
    [InlineData("FLOW", "FLOW")]
    public void Keys_read_as_words(string key, string label) => Assert.Equal(label, Display.Label(key));

    [Theory]
    [InlineData("populations.rebalancing.rebalancerFeesPerPosition.mean", "MOET per position")]
    [InlineData("survivalRate", "share of positions, 0–1")]
    [InlineData("finalHealthMedian", "health factor")]
    [InlineData("totals.badDebtMax", "MOET")]
    public void Known_metrics_have_a_unit(string metric, string unit) => Assert.Equal(unit, Display.Unit(metric));

    [Fact]
    public void An_unknown_metric_has_no_unit() => Assert.Null(Display.Unit("pool.reserves"));

    [Theory]
    [InlineData("0.000000000000000000000000", null, "0")]
    [InlineData("1.360465124188853607057883", null, "1.3605")]
    [InlineData("541006.16611270", null, "541,006.17")]
    [InlineData("0.012345678", null, "0.01235")]
    [InlineData("-2.5", null, "-2.5")]
    [InlineData("28800", null, "28,800")]
    [InlineData("1440", null, "1440")]
    [InlineData("0.0000000012", null, "1.2E-9")]
    [InlineData("340282366920938.463463374607431768211455", "finalHealthMin", "no debt")]
    [InlineData("340282366920938.463463374607431768211455", "lowest health p5", "no debt")]
    [InlineData("340282366920938.463463374607431768211455", "moetSupply", "340,282,366,920,938")]
    [InlineData("1.0935", "lowestHealthP5", "1.0935")]
    [InlineData("n/a", null, "n/a")]
    public void Numbers_are_rounded_for_reading(string exact, string? context, string shown) => Assert.Equal(shown, Display.Number(exact, context));

    [Fact]
    public void Legends_drop_a_shared_prefix_and_read_as_words()
    {
        Assert.Equal(["p5", "p50", "p95"], Display.LegendNames(["health_p5", "health_p50", "health_p95"]));
        Assert.Equal(["Rebalances", "Failed schedules"], Display.LegendNames(["rebalances", "failedSchedules"]));
        Assert.Equal(["Bad debt"], Display.LegendNames(["badDebt"]));
    }
}

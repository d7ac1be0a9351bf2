using Akka.Actor;
using FlowAlp.Actors.Engine;
using FlowAlp.Actors.Oracles;
using FlowAlp.Actors.Pool;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Protocol.Oracles;
using FlowAlp.Scripting;
using Xunit.Abstractions;
using FlowAlp.Engine.Core;
using FlowAlp.Engine.Loop;
using FlowAlp.Engine.Operations;
using FlowAlp.Engine.Oracles;
using FlowAlp.Engine.World;
using FlowAlp.Simulation.ReferenceMarket;
using FlowAlp.Simulation.Prices;

namespace FlowAlp.Actors.Tests.Oracles;

/// <summary>
/// An oracle actor over several sources with the spec's aggregator (§7): the mean when they agree; no price when they
/// spread too far, when one is stale or missing, or when the mean jumps outside the history tolerance — and the pool
/// then refuses what needs the price.
/// </summary>
public class AggregatedOracleTests(ITestOutputHelper output) : EngineTestKit(output)
{
    private static UFix64 U(string s) => UFix64.Parse(s);
    private static readonly AggregatorConfig Config = new(MaxSpread: U("0.1"), BaseTolerance: U("0.05"), DriftExpansionRate: U("0"),
        MaxPriceHistoryAge: 3600, MinimumPriceHistory: 0, PriceHistoryInterval: 60, MaxPriceHistorySize: 100);

    private static PiecewisePath Path(params (ulong T, string P)[] points) => new(points.Select(p => (UFix64.FromInteger(p.T), U(p.P))));

    private async Task<(bool Ok, string Text)> Health(PoolEngine e)
    {
        var line = await e.StepLine(new QueryStep(0, "health", new QueryArgs(Position: 0)));
        return (line["ok"]!.GetValue<bool>(), line.ToJsonString());
    }

    [Fact]
    public async Task Mean_when_sources_agree_no_price_on_spread_staleness_or_a_jump_outside_the_history_tolerance()
    {
        var setup = new TickMarket(1).Setup();
        var e = PoolEngine.StartOn(Sys, setup, "aggregated");
        foreach (var step in new TickMarket(1).OpenPositions()) await e.StepLine(step);
        var a = Path((0, "1.0"), (600, "1.3"), (1200, "1.25"));   // at 600 it spreads 30 % from b
        var b = Path((0, "1.02"), (900, "1.3"), (1200, "1.27"));  // at 900 both agree again, 25 % above the history
        await e.Ask<Status.Success>(new AddOracle("FLOW", a, U("300"), [a, b], Config));

        await e.Tick(UFix64.FromInteger(60));
        Assert.True((await Health(e)).Ok);                          // mean (1.0 + 1.02) / 2 = 1.01
        Assert.Equal("1.01000000", await PriceOf(e));

        await e.Tick(UFix64.FromInteger(600));                      // spread (1.3 − 1.02) / 1.02 = 27 % > 10 %
        var h = await Health(e);
        Assert.False(h.Ok, h.Text);
        Assert.Null(await PriceOf(e));

        await e.Tick(UFix64.FromInteger(900));                      // agree at 1.3, but 28.7 % above the 1.01 history
        Assert.False((await Health(e)).Ok);

        await e.Tick(UFix64.FromInteger(4800));                     // the 1.01 entries aged out (1 h): the mean is accepted
        Assert.Equal("1.26000000", await PriceOf(e));
        Assert.True((await Health(e)).Ok);
    }

    /// <summary>The price the pool's oracle holds for this block (null: the feed gave none).</summary>
    private static async Task<string?> PriceOf(PoolEngine e) =>
        (await e.Ask<MetricsSample>(new GetMetrics())).Tokens.Single(t => t.Token == "FLOW").Price?.ToString();
}

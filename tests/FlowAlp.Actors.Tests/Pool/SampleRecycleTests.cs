using FlowAlp.Engine.Core;
using FlowAlp.Engine.Loop;
using FlowAlp.Simulation.ReferenceMarket;

namespace FlowAlp.Actors.Tests.Pool;

/// <summary>
/// A sample's per-position list handed back (<see cref="PoolMetrics.Recycle"/>) and refilled by the next sample gives the
/// same figures as a fresh list: nothing of the old sample is left in it, and the pooled health buffer picks the same
/// percentiles.
/// </summary>
public class SampleRecycleTests
{
    private static PlainLoop Start(TickMarket market)
    {
        var loop = new PlainLoop(market.Setup(), new EventLogOptions(), wakeEveryone: false);
        foreach (var step in market.OpenPositions()) loop.Step(step);
        loop.AddOracle("FLOW", market.FlowPrice());
        for (long p = 0; p < market.Positions; p++) loop.AddRebalancer(p, market.Rebalancer());
        loop.UseDex(market.Dex());
        for (int l = 0; l < market.Liquidators; l++) loop.AddLiquidator($"liq-{l}", $"liquidator-{l}");
        return loop;
    }

    [Fact]
    public void A_recycled_list_refilled_by_the_next_sample_equals_a_fresh_sample()
    {
        var (recycling, fresh) = (Start(new TickMarket(40)), Start(new TickMarket(40)));
        var market = new TickMarket(40);
        int samples = 0;
        foreach (var t in market.Ticks(3 * 3600))
        {
            recycling.Tick(t);
            fresh.Tick(t);
            if (t.Floor % 1800 != 0) continue;
            var a = recycling.Core.Sample();
            var b = fresh.Core.Sample();
            Assert.Equal(b.PerPosition!, a.PerPosition!);
            Assert.Equal(40, a.PerPosition!.Count);
            Assert.Equal((b.Indebted, b.Liquidatable, b.BadDebt), (a.Indebted, a.Liquidatable, a.BadDebt));
            Assert.Equal(b.HealthPercentiles, a.HealthPercentiles);
            PoolMetrics.Recycle(a.PerPosition); // the next sample may refill it
            samples++;
        }
        Assert.Equal(6, samples);
        recycling.Core.Log.Dispose();
        fresh.Core.Log.Dispose();
    }
}

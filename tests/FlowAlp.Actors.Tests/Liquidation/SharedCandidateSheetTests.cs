using Akka.Actor;
using FlowAlp.Actors.Engine;
using FlowAlp.Actors.Liquidation;
using FlowAlp.Actors.Pool;
using FlowAlp.Engine.Loop;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Protocol.Positions;
using FlowAlp.Simulation.ReferenceMarket;
using Xunit.Abstractions;

namespace FlowAlp.Actors.Tests.Liquidation;

/// <summary>
/// The liquidators of a block share each candidate's balance sheet (built once, as the plain loop does) and hear the
/// verdicts on their offers as one tally per block: a market whose FLOW crashes 35 % at 3600 s leaves positions below
/// health 1 for the two liquidators.
/// </summary>
public class SharedCandidateSheetTests(ITestOutputHelper output) : EngineTestKit(output)
{
    private static readonly TickMarket Market = new(Positions: 20, Seed: 4, Volatility: 0.9, CrashFraction: 0.35, CrashAt: 3600);

    /// <summary>The positions below health 1 after the crash, where no liquidator acts (the plain loop's candidates).</summary>
    private static List<PositionSnapshot> Candidates()
    {
        var loop = (Market with { Liquidators = 0 }).StartPlain(wakeEveryone: false);
        int most = 0;
        foreach (var t in Market.Ticks(3 * 3600))
        {
            loop.Tick(t);
            var c = loop.Core.Liquidations.Candidates();
            if (c.Count >= 3) return c;
            most = Math.Max(most, c.Count);
        }
        throw new InvalidOperationException($"at most {most} candidates in a block");
    }

    [Fact]
    public void Each_candidates_sheet_is_its_snapshots_built_once_and_shared_by_every_reader()
    {
        var candidates = Candidates();
        var shared = new CandidateSheets(candidates);
        var ready = new[] { candidates[0], candidates[2] }; // what a latency filter keeps: a subsequence, in order
        var first = shared.For(ready).ToList();
        var second = shared.For(candidates).ToList();

        Assert.Equal(ready, first.Select(x => x.Candidate));
        Assert.Equal(candidates, second.Select(x => x.Candidate));
        for (int i = 0; i < candidates.Count; i++)
        {
            var own = candidates[i].Sheet();
            Assert.Equal(own.Health, second[i].Sheet.Health);
            Assert.Equal(own.EffectiveCollateral, second[i].Sheet.EffectiveCollateral);
            Assert.Equal(own.EffectiveDebt, second[i].Sheet.EffectiveDebt);
            Assert.True(own.Health < UFix128.One, "a candidate is below health 1");
        }
        Assert.Same(first[0].Sheet, second[0].Sheet); // the second reader got the first one's sheet
        Assert.Same(first[1].Sheet, second[2].Sheet);
        Assert.Throws<ArgumentException>(() => shared.For([candidates[2], candidates[0]]).ToList()); // not in the block's order
    }

    [Fact]
    public void A_liquidators_tally_adds_each_blocks_verdicts()
    {
        var liquidator = Sys.ActorOf(LiquidatorActor.Props("keeper", 50));
        liquidator.Tell(new OfferVerdicts(1, Accepted: 2, Rejected: 5));
        liquidator.Tell(new OfferVerdicts(2, Accepted: 1, Rejected: 0));
        liquidator.Tell(new GetLiquidatorStats());
        Assert.Equal(new LiquidatorStats("keeper", 0, 3, 5), ExpectMsg<LiquidatorStats>());
    }

    [Fact]
    public async Task Through_the_engine_every_posted_offer_is_counted_once_as_accepted_or_rejected()
    {
        await using var engine = await Market.StartActors(new EngineSettings(2, SystemName: "shared-sheets"));
        foreach (var t in Market.Ticks(3 * 3600)) await engine.Tick(t);
        var log = await engine.EventLog();
        foreach (var name in new[] { "liq-0", "liq-1" })
        {
            var actor = await engine.System.ActorSelection(engine.Supervisor.Path / $"liquidator-{name}").ResolveOne(TimeSpan.FromSeconds(5));
            var stats = await actor.Ask<LiquidatorStats>(new GetLiquidatorStats(), TimeSpan.FromSeconds(5));
            long rejected = log.Lines.Count(l => l.Contains("\"type\":\"LiquidationOfferRejected\"") && l.Contains($"\"liquidator\":\"{name}\""));
            Assert.True(stats.Posted > 0, $"{name} posted offers after the crash");
            Assert.Equal(stats.Posted, stats.Accepted + stats.Rejected);
            Assert.Equal(rejected, stats.Rejected);
        }
        long executed = log.Lines.Count(l => l.Contains("\"type\":\"LiquidationExecuted\""));
        Assert.True(executed > 0, "some offers were accepted");
    }
}

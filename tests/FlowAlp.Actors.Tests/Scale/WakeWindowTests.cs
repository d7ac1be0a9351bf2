using FlowAlp.Actors.Engine;
using FlowAlp.Actors.Pool;
using Xunit.Abstractions;
using FlowAlp.Engine.Core;
using FlowAlp.Engine.Loop;
using FlowAlp.Simulation.ReferenceMarket;

namespace FlowAlp.Actors.Tests.Scale;

/// <summary>
/// A crash that wakes more positions in one block than the supervisor keeps unanswered at a time
/// (<see cref="PoolSupervisor.WakeWindow"/>): the woken runs go out window by window, in hosts' batches, and the
/// block's event log is still byte-identical to the plain loop's (both screened), with the same runs decided without
/// a wake-up.
/// </summary>
public class WakeWindowTests(ITestOutputHelper output) : EngineTestKit(output)
{
    // every rebalancer is due at the same ten-minute marks; the 40 % crash at 20 minutes leaves far more than a window
    // of positions the screen cannot clear at the 30-minute mark
    private static readonly TickMarket Market = new(Positions: 20_000, Seed: 7, Volatility: 0.8, CrashFraction: 0.4, CrashAt: 1200);
    private const ulong Seconds = 1800;

    [Fact]
    public async Task A_block_waking_more_than_a_window_writes_the_plain_loops_event_log()
    {
        var log = new EventLogOptions(Retain: false);
        await using var engine = await Market.StartActors(new EngineSettings(2, SystemName: "wake-window", EventLog: log));
        var plain = Market.StartPlain(log, wakeEveryone: false);
        int mostWoken = 0;
        long woken = 0;
        foreach (var t in Market.Ticks(Seconds))
        {
            var actors = await engine.Tick(t);
            var loop = plain.Tick(t);
            Assert.Equal(loop.QuietRuns, actors.QuietRuns);
            Assert.Equal(loop.Rebalances, actors.Rebalances);
            if (t.Floor % Market.RebalanceInterval != 0) continue;
            mostWoken = Math.Max(mostWoken, Market.Positions - actors.QuietRuns);
            woken += Market.Positions - actors.QuietRuns;
        }
        Assert.True(mostWoken > PoolSupervisor.WakeWindow, $"at most {mostWoken} woken in a block: the window ({PoolSupervisor.WakeWindow}) never filled");
        var actorLog = await engine.EventLog();
        Assert.Equal(plain.Core.Log.Count, actorLog.Count);
        Assert.Equal(plain.Core.Log.Sha256(), actorLog.Sha256);
        // every woken run went to a host in a batch: the window held batches, and no position actor was made
        var p = await engine.Ask<FlowAlp.Actors.Positions.Passivation>(new FlowAlp.Actors.Positions.GetPassivation());
        Assert.Equal(woken, p.HostedRuns);
        Assert.Equal(0, p.PositionMaterialisations);
    }
}

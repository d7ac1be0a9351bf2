using Akka.Event;
using FlowAlp.Actors.Pool;
using FlowAlp.Engine.Loop;
using FlowAlp.Simulation.ReferenceMarket;
using Xunit.Abstractions;

namespace FlowAlp.Actors.Tests.Pool;

/// <summary>
/// The supervisor's tick moves through named phases, each move logged at Debug as "tick N: From -> To": one tick of a
/// market with an oracle, rebalancers, the cron and liquidators goes Idle → Prices → Rebalancers → Cron → Keepers → Liquidations
/// → Finishing → Idle, and the next tick does the same under its own number.
/// </summary>
public class TickPhaseTests(ITestOutputHelper output) : EngineTestKit(output)
{
    private static readonly string[] OneTick =
    [
        "Idle -> Prices", "Prices -> Rebalancers", "Rebalancers -> Cron", "Cron -> Keepers", "Keepers -> Liquidations", "Liquidations -> Finishing", "Finishing -> Idle",
    ];

    [Fact]
    public async Task One_tick_moves_through_the_named_phases_in_order_and_logs_each_move_at_debug()
    {
        var market = new TickMarket(4);
        await using var engine = await market.StartActors(new EngineSettings(DispatcherThreads: 2, LogLevel: "DEBUG", SystemName: "tick-phases"));
        var probe = CreateTestProbe(engine.System);
        engine.System.EventStream.Subscribe(probe.Ref, typeof(Debug));

        var ticks = market.Ticks(120).ToList();
        await engine.Tick(ticks[0]);
        await engine.Tick(ticks[1]);

        // the supervisor's phase lines, in the order they were logged (other Debug lines of the system are skipped)
        var lines = new List<string>();
        while (lines.Count < 2 * OneTick.Length)
        {
            var e = probe.FishForMessage<Debug>(d => d.Message.ToString()!.StartsWith("tick ", StringComparison.Ordinal));
            lines.Add(e.Message.ToString()!);
            Assert.Equal("akka://tick-phases/user/pool", e.LogSource); // the pool supervisor
        }
        Assert.Equal(OneTick.Select(p => $"tick 1: {p}").Concat(OneTick.Select(p => $"tick 2: {p}")), lines);
    }

    [Fact]
    public void The_phase_after_each_phase_closes_the_cycle_back_to_idle()
    {
        var seen = new List<TickPhase>();
        var phase = TickPhase.Idle;
        do { seen.Add(phase); phase = PoolSupervisor.After(phase); } while (phase != TickPhase.Idle);
        Assert.Equal([TickPhase.Idle, TickPhase.Prices, TickPhase.Rebalancers, TickPhase.Cron, TickPhase.Keepers, TickPhase.Liquidations, TickPhase.Finishing], seen);
        Assert.Equal(Enum.GetValues<TickPhase>(), seen);
    }
}

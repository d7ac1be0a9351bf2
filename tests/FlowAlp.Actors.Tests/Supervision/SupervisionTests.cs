using System.Text.Json.Nodes;
using Akka.Actor;
using FlowAlp.Actors.Engine;
using FlowAlp.Actors.Oracles;
using FlowAlp.Actors.Pool;
using FlowAlp.Actors.Positions;
using FlowAlp.Actors.Rebalancing;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Scripting;
using Xunit.Abstractions;
using FlowAlp.Engine.Core;
using FlowAlp.Engine.Loop;
using FlowAlp.Engine.Operations;
using FlowAlp.Engine.Oracles;
using FlowAlp.Engine.Positions;
using FlowAlp.Engine.Rebalancing;
using FlowAlp.Engine.World;
using FlowAlp.Simulation.ReferenceMarket;
using FlowAlp.Simulation.Prices;

namespace FlowAlp.Actors.Tests.Supervision;

/// <summary>
/// The supervision strategy at work: a position actor that crashes mid-step is restarted with its replica restored
/// from the supervisor and the step still completes with exactly the outcome of an undisturbed run; a rebalancer
/// whose funder ran dry stops (FailedRecurringSchedule) until the supervisor cron repairs it.
/// </summary>
public class SupervisionTests(ITestOutputHelper output) : EngineTestKit(output)
{
    private static readonly TickMarket Market = new(Positions: 6, Seed: 3, Volatility: 0.9, CrashFraction: 0.3, CrashAt: 1200);

    private async Task<(PoolEngine Engine, EventLog Log)> Run(string name, bool crash)
    {
        // naive mode: every due rebalancer wakes its position, so the crash is certain to hit a decision request at 1800
        var engine = PoolEngine.StartOn(Sys, Market.Setup(), name, wakeEveryone: true);
        foreach (var step in Market.OpenPositions()) await engine.StepLine(step);
        await engine.Ask<Status.Success>(new AddOracle("FLOW", Market.FlowPrice()));
        for (long p = 0; p < Market.Positions; p++) await engine.Ask<RebalancerAdded>(new AddRebalancer(p, Market.Rebalancer()));
        foreach (var t in Market.Ticks(1200)) await engine.Tick(t);
        if (crash)
        {
            // position 2's actor (made from the pool's copy when asked for: positions are passive) crashes on the next
            // message it handles: its rebalancer's decision request at t = 1800
            var actor = (await engine.Ask<PositionActorRef>(new GetPositionActor(2))).Actor!;
            actor.Tell(new CrashOnNextMessage());
        }
        foreach (var t in Market.Ticks(1800).Where(t => t > UFix64.FromInteger(1200))) await engine.Tick(t);
        return (engine, await engine.EventLog());
    }

    [Fact]
    public async Task A_crashed_position_actor_restarts_with_its_replica_and_the_step_completes()
    {
        var (_, calm) = await Run("calm", crash: false);
        var (engine, crashed) = await Run("crashed", crash: true);

        // the crash changed nothing the pool committed: same events, byte for byte
        Assert.Equal(calm.Sha256, crashed.Sha256);
        Assert.Contains(crashed.Lines, l => l.Contains("\"type\":\"Rebalanced\"") && l.Contains("\"position\":2"));

        Assert.Equal(1, (await engine.Ask<SupervisionStats>(new GetSupervisionStats())).ChildRestarts);
        // the position's actor (made again from the pool's copy once the restarted one went idle) holds the pool's
        // position, and its decision count is the position's whole life's: 600, 1200 and the retried request at 1800
        var actor = (await engine.Ask<PositionActorRef>(new GetPositionActor(2))).Actor!;
        await AwaitAssertAsync(async () =>
        {
            var replica = await actor.Ask<Replica>(new GetReplica(), TimeSpan.FromSeconds(5));
            var line = await engine.StepLine(new QueryStep(0, "health", new QueryArgs(Position: 2)));
            Assert.NotNull(replica.State);
            Assert.Equal(line["result"]!["health"]!.GetValue<string>(), replica.State!.Health.ToString());
            Assert.Equal(3, replica.Decisions);
        });
    }

    [Fact]
    public async Task A_rebalancer_whose_funder_ran_dry_is_repaired_by_the_supervisor_cron()
    {
        var engine = PoolEngine.StartOn(Sys, Market.Setup(), "cron-repair");
        foreach (var step in Market.OpenPositions().Take(1)) await engine.StepLine(step);
        await engine.Ask<Status.Success>(new AddOracle("FLOW", new ConstantPath(UFix64.One)));
        // the funder holds two fees: one paid at creation (first run booked at 600), one at the first run (booked at 1200)
        await engine.StepLine(new MintStep(0, "poor", "FLOW", TickMarket.Fee + TickMarket.Fee));
        var spec = Market.Rebalancer() with { Funder = "poor" };
        var added = await engine.Ask<RebalancerAdded>(new AddRebalancer(0, spec));
        Assert.Equal(UFix64.FromInteger(600), added.FirstRun);
        await engine.Ask<Status.Success>(new EnableRebalanceSupervisor(3600));

        foreach (var t in Market.Ticks(1800)) await engine.Tick(t);
        var stuck = await engine.Ask<RebalancerState>(new GetRebalancer(added.RebalancerId));
        Assert.Equal(2, stuck.Runs);           // 600 and 1200
        Assert.Equal(1, stuck.FailedSchedules); // the run at 1200 could not pay for the next one
        Assert.Null(stuck.NextRun);

        // the funder is topped up; the hourly cron at 3600 fixReschedules for max(last run + interval, now + 1 s) = 3601,
        // which the next one-minute block (3660) runs, booking 4260
        await engine.StepLine(new MintStep(1, "poor", "FLOW", UFix64.FromInteger(1)));
        foreach (var t in Market.Ticks(4200).Where(t => t > UFix64.FromInteger(1800))) await engine.Tick(t);
        var repaired = await engine.Ask<RebalancerState>(new GetRebalancer(added.RebalancerId));
        Assert.Equal(3, repaired.Runs);
        Assert.True(repaired.FixedReschedules >= 2, $"fixed {repaired.FixedReschedules}"); // creation + cron repair
        Assert.Equal(UFix64.FromInteger(4260), repaired.NextRun);

        var types = (await engine.EventLog()).Lines
            .Select(l => JsonNode.Parse(l)!)
            .Where(j => j["event"]!["type"]!.GetValue<string>() is "RebalancerRun" or "FailedRecurringSchedule" or "SupervisorExecuted" or "FixedReschedule")
            .Select(j => $"{j["t"]!.GetValue<string>().Split('.')[0]}:{j["event"]!["type"]!.GetValue<string>()}")
            .ToList();
        Assert.Equal(new[]
        {
            "0:FixedReschedule", "600:RebalancerRun", "1200:RebalancerRun", "1200:FailedRecurringSchedule",
            "3600:SupervisorExecuted", "3600:FixedReschedule", "3660:RebalancerRun",
        }, types);
    }
}

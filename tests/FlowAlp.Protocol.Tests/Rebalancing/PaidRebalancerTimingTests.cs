using FlowAlp.Protocol.Numerics;
using FlowAlp.Protocol.Rebalancing;

namespace FlowAlp.Protocol.Tests.Rebalancing;

/// <summary>CV-74 (spec §10.9, paid_auto_balance_test.cdc): the paid rebalancer's timing, funding and lifecycle.</summary>
public class PaidRebalancerTimingTests
{
    private static readonly UFix64 Fee = UFix64.Parse("0.00027772"); // default config's fee with margin

    [Fact]
    public void On_time_runs_every_interval()
    {
        var f = new RebalancerFixture();
        f.Paid.Create(new PoolRebalanceTarget(f.Pool, f.Position));
        f.Advance(90);
        Assert.Equal(0, f.Count<RebalancerRun>());
        f.Advance(10);
        Assert.Equal(1, f.Count<RebalancerRun>());
        f.Advance(90);
        Assert.Equal(1, f.Count<RebalancerRun>());
        f.Advance(10);
        Assert.Equal(2, f.Count<RebalancerRun>());
        Assert.Equal(new[] { "100.00000000", "200.00000000" }, f.Events.Events.OfType<RebalancerRun>().Select(r => r.Time.ToString()));
        // creation + two runs each booked one run and paid for it
        Assert.Equal(UFix64.Parse("1000") - Fee - Fee - Fee, f.AdminFlow);
        Assert.Equal(Fee + Fee + Fee, f.Scheduler.FeesHeld);
    }

    [Fact]
    public void Delayed_run_executes_once_and_restarts_the_clock()
    {
        var f = new RebalancerFixture();
        var r = f.Paid.Create(new PoolRebalanceTarget(f.Pool, f.Position));
        Assert.Equal(1, f.Advance(1000));
        Assert.Equal(1, f.Count<RebalancerRun>());
        Assert.Equal(UFix64.FromInteger(1000), r.LastRebalanceTimestamp);
        f.Advance(1);
        Assert.Equal(1, f.Count<RebalancerRun>());
        f.Advance(99);
        Assert.Equal(2, f.Count<RebalancerRun>());
    }

    [Fact]
    public void Fix_reschedule_is_idempotent()
    {
        var f = new RebalancerFixture();
        var r = f.Paid.Create(new PoolRebalanceTarget(f.Pool, f.Position));
        Assert.Equal(1, f.Count<FixedReschedule>());
        f.Paid.FixReschedule(f.Position);
        f.Paid.FixReschedule(f.Position);
        f.Advance(10);
        f.Paid.FixReschedule(f.Position);
        f.Advance(1000);
        f.Paid.FixReschedule(f.Position);
        f.Paid.FixReschedule(f.Position);
        Assert.Equal(1, f.Count<FixedReschedule>());
        Assert.Equal(1, r.FixedReschedules);
        Assert.Single(r.PendingRuns);
    }

    [Fact]
    public void Drained_funder_runs_once_more_then_idles_until_fixed()
    {
        var f = new RebalancerFixture();
        var r = f.Paid.Create(new PoolRebalanceTarget(f.Pool, f.Position));
        f.Advance(100);
        Assert.Equal(1, f.Count<RebalancerRun>());
        f.DrainAdmin();
        f.Advance(100);
        Assert.Equal(2, f.Count<RebalancerRun>());
        var failed = Assert.Single(f.Events.Events.OfType<FailedRecurringSchedule>());
        Assert.Equal("insufficient fees available, expected: 0.00027772 but available: 0.00000000", failed.Error);
        Assert.Null(f.Events.Events.OfType<RebalancerRun>().Last().NextRun);
        Assert.Empty(r.PendingRuns);
        f.Advance(1000);
        Assert.Equal(2, f.Count<RebalancerRun>());

        f.Wallets.Credit("admin", "FLOW", UFix64.Parse("1000"));
        f.Paid.FixReschedule(f.Position);
        Assert.Equal(UFix64.FromInteger(1201), f.Events.Events.OfType<FixedReschedule>().Last().NextRun); // now + 1
        f.Advance(1);
        Assert.Equal(3, f.Count<RebalancerRun>());
        Assert.Equal(2, f.Count<FixedReschedule>());
        Assert.Equal((3, 2, 1), (r.Runs, r.FixedReschedules, r.FailedSchedules));
    }

    [Fact]
    public void Interval_change_cancels_and_reschedules_from_the_last_run()
    {
        var f = new RebalancerFixture(startAt: 50);
        var r = f.Paid.Create(new PoolRebalanceTarget(f.Pool, f.Position));
        f.Advance(100);
        Assert.Equal(UFix64.FromInteger(150), r.LastRebalanceTimestamp);
        f.Advance(1);
        UFix64 before = f.AdminFlow;
        f.Paid.SetConfig(f.Position, r.Config.WithInterval(1000));
        // the cancelled run refunds half its fee to the old funder; the new one is paid in full
        Assert.Equal(before + Fee * UFix64.Parse("0.5") - Fee, f.AdminFlow);
        Assert.Single(r.PendingRuns);
        f.Advance(980);
        Assert.Equal(1, f.Count<RebalancerRun>());
        f.Advance(20);
        Assert.Equal(2, f.Count<RebalancerRun>());
        Assert.Equal(UFix64.FromInteger(1151), r.LastRebalanceTimestamp);

        f.Paid.SetConfig(f.Position, r.Config.WithInterval(50));
        f.Advance(45);
        Assert.Equal(2, f.Count<RebalancerRun>());
        f.Advance(5);
        Assert.Equal(3, f.Count<RebalancerRun>());
    }

    [Fact]
    public void Second_paid_rebalancer_for_a_position_fails_and_changes_nothing()
    {
        var f = new RebalancerFixture();
        f.Paid.Create(new PoolRebalanceTarget(f.Pool, f.Position));
        UFix64 flow = f.AdminFlow;
        var e = Assert.Throws<ProtocolException>(() => f.Paid.Create(new PoolRebalanceTarget(f.Pool, f.Position)));
        Assert.Equal("rebalancer already exists", e.Reason);
        Assert.Equal(1, f.Count<CreatedRebalancerPaid>());
        Assert.Equal(flow, f.AdminFlow);
        Assert.Single(f.Events.Events.OfType<CreatedRebalancer>());
    }

    [Fact]
    public void Deleted_rebalancer_never_runs_again()
    {
        var f = new RebalancerFixture();
        var r = f.Paid.Create(new PoolRebalanceTarget(f.Pool, f.Position));
        f.Advance(100);
        Assert.Equal(1, f.Count<RebalancerRun>());
        f.Paid.Delete(f.Position);
        Assert.True(r.IsDestroyed);
        Assert.False(f.Paid.Exists(f.Position));
        Assert.Equal(0, f.Advance(1000));
        Assert.Equal(1, f.Count<RebalancerRun>());
        Assert.Equal(1, f.Count<RemovedRebalancerPaid>());
        Assert.Throws<ProtocolException>(() => f.Paid.FixReschedule(f.Position));
    }

    [Fact]
    public void Supervisor_repairs_a_stuck_rebalancer()
    {
        var f = new RebalancerFixture();
        var r = f.Paid.Create(new PoolRebalanceTarget(f.Pool, f.Position));
        f.Supervisor.Start();
        f.Advance(100);
        Assert.Equal(1, f.Count<RebalancerRun>());
        f.Supervisor.AddPaidRebalancer(f.Position);
        f.DrainAdmin();
        f.Advance(100);
        Assert.Equal(2, f.Count<RebalancerRun>());
        f.Advance(1000);
        f.Wallets.Credit("admin", "FLOW", UFix64.Parse("1000"));
        f.Events.TakeEvents();

        f.Advance(6000); // t = 7200: the 3600 tick runs once, late, and books 10800
        var tick = f.Events.TakeEvents();
        Assert.Equal(new[] { "SupervisorExecuted", "FixedReschedule" }, tick.Select(e => e.GetType().Name));
        Assert.Equal(2, r.FixedReschedules);
        Assert.Equal(1, f.Supervisor.Ticks);
        f.Advance(10);
        Assert.Equal(3, r.Runs);
    }

    [Fact]
    public void Supervisor_prunes_a_deleted_rebalancer_once()
    {
        var f = new RebalancerFixture();
        f.Paid.Create(new PoolRebalanceTarget(f.Pool, f.Position));
        f.Supervisor.Start();
        f.Supervisor.AddPaidRebalancer(f.Position);
        f.Paid.Delete(f.Position);
        f.Advance(3600);
        f.Advance(3600);
        Assert.Equal(2, f.Count<SupervisorExecuted>());
        var removed = Assert.Single(f.Events.Events.OfType<RemovedPaidRebalancer>());
        Assert.Equal(f.Position, removed.Position);
        f.Advance(3600);
        Assert.Equal(1, f.Count<RemovedPaidRebalancer>());
        Assert.Empty(f.Supervisor.Positions);
        Assert.Equal(0, f.Count<RebalancerRun>());
    }
}

using FlowAlp.Protocol.Numerics;
using FlowAlp.Protocol.Rebalancing;

namespace FlowAlp.Protocol.Tests.Rebalancing;

/// <summary>The virtual-time scheduler: canonical order, per-run atomicity, and a failing rebalance not killing the schedule.</summary>
public class RebalanceSchedulerTests
{
    private sealed class Recorder(List<string> log, string name) : IScheduledHandler
    {
        public void ExecuteTransaction(ScheduledRun run) => log.Add($"{name}@{run.Due}");
    }

    private sealed class Failing(RebalancerFixture f) : IScheduledHandler
    {
        public void ExecuteTransaction(ScheduledRun run) => f.Tx.Run(() =>
        {
            f.Wallets.Credit("admin", "FLOW", UFix64.One);
            throw new ProtocolException("boom");
        });
    }

    [Fact]
    public void Due_runs_execute_by_due_time_then_creation_order()
    {
        var f = new RebalancerFixture();
        var log = new List<string>();
        f.Tx.Run(() =>
        {
            f.Scheduler.Schedule(new Recorder(log, "b"), UFix64.FromInteger(20), UFix64.Zero);
            f.Scheduler.Schedule(new Recorder(log, "a"), UFix64.FromInteger(10), UFix64.Zero);
            f.Scheduler.Schedule(new Recorder(log, "c"), UFix64.FromInteger(20), UFix64.Zero);
            f.Scheduler.Schedule(new Recorder(log, "d"), UFix64.FromInteger(30), UFix64.Zero);
        });
        Assert.Equal(3, f.Advance(25));
        Assert.Equal(new[] { "a@10.00000000", "b@20.00000000", "c@20.00000000" }, log);
        Assert.Equal(UFix64.FromInteger(30), f.Scheduler.NextDue);
    }

    [Fact]
    public void A_reverting_handler_is_rolled_back_recorded_and_not_retried()
    {
        var f = new RebalancerFixture();
        var run = f.Tx.Run(() => f.Scheduler.Schedule(new Failing(f), UFix64.FromInteger(5), UFix64.Zero));
        Assert.Equal(1, f.Advance(5));
        Assert.Equal(UFix64.FromInteger(1000), f.AdminFlow);
        Assert.Equal(new ScheduledRunFailed(run.Id, "boom"), Assert.Single(f.Events.Events));
        Assert.Equal(ScheduledRunStatus.Executed, f.Scheduler.StatusOf(run.Id));
        Assert.Equal(0, f.Advance(100));
    }

    [Fact]
    public void Past_due_times_are_refused()
    {
        var f = new RebalancerFixture(startAt: 10);
        Assert.Throws<ProtocolException>(() => f.Tx.Run(() => f.Scheduler.Schedule(new Recorder(new(), "x"), UFix64.FromInteger(10), UFix64.Zero)));
    }

    [Fact]
    public void A_failing_rebalance_keeps_the_schedule()
    {
        var f = new RebalancerFixture();
        var r = f.Paid.Create(new PoolRebalanceTarget(f.Pool, f.Position));
        f.Pool.PausePool();
        f.Events.TakeEvents();
        f.Advance(100);
        var events = f.Events.TakeEvents();
        Assert.Equal(new[] { "RebalanceFailed", "RebalancerRun" }, events.Select(e => e.GetType().Name));
        Assert.Equal(UFix64.FromInteger(200), ((RebalancerRun)events[1]).NextRun);
        Assert.Equal((1, 1), (r.Runs, r.FailedRebalances));
        f.Pool.UnpausePool();
        f.Advance(100);
        Assert.Equal((2, 1), (r.Runs, r.FailedRebalances));
    }

    [Fact]
    public void Standard_rebalancer_waits_for_fix_reschedule_and_uses_its_own_funder()
    {
        var f = new RebalancerFixture();
        f.Wallets.Credit("bob", "FLOW", UFix64.One);
        var funder = new TxFunder(new Connectors.WalletSource(f.Wallets, "bob", "FLOW"), new Connectors.WalletSink(f.Wallets, "bob", "FLOW"));
        var config = RecurringConfig.Create(30, SchedulerPriority.Low, 1000, UFix64.One, true, funder);
        var r = f.Tx.Run(() => new Rebalancer(f.Scheduler, new PoolRebalanceTarget(f.Pool, f.Position), config));
        Assert.Equal(0, f.Advance(100));
        r.FixReschedule();
        Assert.Equal(UFix64.One - UFix64.Parse("0.00011180"), f.Wallets.Balance("bob", "FLOW"));
        f.Advance(30);
        Assert.Equal(UFix64.FromInteger(130), r.LastRebalanceTimestamp);
        Assert.True(f.Events.Events.OfType<RebalancerRun>().Single().Force);
    }
}

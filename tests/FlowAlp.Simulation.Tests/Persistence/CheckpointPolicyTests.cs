using FlowAlp.Simulation.Persistence;
using FlowAlp.Simulation.Tests.Scenarios;

namespace FlowAlp.Simulation.Tests.Persistence;

/// <summary>
/// The checkpoint policies' decisions, on a fake clock (no sleeps): the default wall-clock budget keeps checkpoints within
/// 5 % of the wall time and at least 10 s apart, and takes none in a short run; an explicit everySteps is every N-th step.
/// </summary>
public sealed class CheckpointPolicyTests
{
    private TimeSpan _now;
    private CheckpointBudget Budget() => new(() => _now, S(1));
    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    [Fact]
    public void The_first_checkpoint_waits_until_its_estimated_cost_fits_five_percent_of_the_wall_time()
    {
        var b = Budget();
        _now = S(10);
        Assert.False(b.Due(100)); // 1 s estimate > 5 % of 11 s
        _now = S(18.9);
        Assert.False(b.Due(189));
        _now = S(19); // 1 s ≤ 5 % of (19 + 1) s
        Assert.True(b.Due(190));
    }

    [Fact]
    public void After_a_costly_checkpoint_the_next_waits_until_both_fit_the_budget()
    {
        var b = Budget();
        _now = S(21);
        Assert.True(b.Due(1));
        b.Took(S(2)); // at 21 s: 2 s spent
        _now = S(77.9);
        Assert.False(b.Due(2)); // 2 + 2 s > 5 % of 79.9 s
        _now = S(78); // 4 s ≤ 5 % of 80 s
        Assert.True(b.Due(3));
        Assert.Equal(S(2), b.Spent);
    }

    [Fact]
    public void The_journal_s_opening_counts_once_not_in_the_next_estimate()
    {
        var b = Budget();
        _now = S(40);
        Assert.True(b.Due(1));
        b.Took(S(1.5), oneOff: S(1)); // 0.5 s of snapshot, 1 s of opening the journal
        _now = S(49.9);
        Assert.False(b.Due(2)); // 10 s apart
        _now = S(50); // 1.5 + 0.5 s ≤ 5 % of 50.5 s
        Assert.True(b.Due(3));
        Assert.Equal(S(1.5), b.Spent);
    }

    [Fact]
    public void Cheap_checkpoints_are_at_least_ten_seconds_apart()
    {
        var b = Budget();
        _now = S(30);
        Assert.True(b.Due(1));
        b.Took(S(0.01));
        _now = S(39.99);
        Assert.False(b.Due(2));
        _now = S(40);
        Assert.True(b.Due(3));
    }

    [Fact]
    public void A_run_shorter_than_about_twenty_seconds_takes_no_checkpoint()
    {
        var b = Budget();
        for (int step = 1; step <= 180; step++)
        {
            _now = S(step * 0.1); // 18 s of steps
            Assert.False(b.Due(step));
        }
    }

    [Theory]
    [InlineData(0.02, 0.05)]
    [InlineData(0.5, 0.05)]
    [InlineData(3.0, 0.5)]
    public void Over_a_long_run_checkpoints_take_at_most_five_percent_of_the_wall_time(double cost, double stepSeconds)
    {
        var b = Budget();
        int taken = 0;
        for (int step = 1; step <= 20_000; step++)
        {
            _now += S(stepSeconds);
            if (!b.Due(step)) continue;
            _now += S(cost);
            b.Took(S(cost));
            taken++;
        }
        double share = b.Spent.TotalSeconds / _now.TotalSeconds;
        Assert.InRange(share, 0.001, CheckpointBudget.Share);
        // the gaps are as small as the budget allows: at most one checkpoint's worth under the target
        Assert.True(share > CheckpointBudget.Share * 0.5 || _now.TotalSeconds / taken < CheckpointBudget.MinInterval.TotalSeconds * 1.1,
            $"{taken} checkpoints, {share:P1} of {_now.TotalSeconds:0} s");
    }

    [Fact]
    public void The_first_estimate_grows_with_the_positions_a_snapshot_holds()
    {
        Assert.Equal(S(0.75), CheckpointBudget.FirstEstimate(0));
        Assert.Equal(S(0.9), CheckpointBudget.FirstEstimate(10_000));
        Assert.Equal(S(2.25), CheckpointBudget.FirstEstimate(100_000));
        var b = new CheckpointBudget(() => _now, CheckpointBudget.FirstEstimate(100_000));
        _now = S(42.7);
        Assert.False(b.Due(1));
        _now = S(42.75); // 2.25 s ≤ 5 % of 45 s
        Assert.True(b.Due(2));
    }

    [Fact]
    public void Every_steps_is_every_nth_step_and_never_step_zero()
    {
        var p = new EveryStepsPolicy(20);
        Assert.Equal([20L, 40, 60], Enumerable.Range(0, 70).Select(i => (long)i).Where(p.Due).ToArray());
    }

    [Fact]
    public void The_scenario_picks_the_policy_the_budget_when_every_steps_is_absent()
    {
        var absent = TestScenarios.Parse();
        Assert.Null(absent.Persistence.EverySteps);
        Assert.IsType<CheckpointBudget>(CheckpointPolicy.For(absent.Persistence, 46));
        var set = TestScenarios.Parse(TestScenarios.Crash.Replace("\"outputs\":", "\"persistence\": { \"everySteps\": 15 }, \"outputs\":"));
        Assert.Equal(15, set.Persistence.EverySteps);
        Assert.IsType<EveryStepsPolicy>(CheckpointPolicy.For(set.Persistence, 46));
    }
}

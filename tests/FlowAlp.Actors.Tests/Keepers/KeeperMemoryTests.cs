using FlowAlp.Protocol.Numerics;
using FlowAlp.Engine.Keepers;

namespace FlowAlp.Actors.Tests.Keepers;

/// <summary>A keeper's decision: its timer and the deviation band start a trigger, which acts after the arbitrage delay; and the reference price path.</summary>
public class KeeperMemoryTests
{
    private static UFix64 U(string s) => UFix64.Parse(s);
    private static UFix64 T(ulong s) => UFix64.FromInteger(s);
    private static readonly KeeperSettings Settings = new(2, U("1000"), U("1000"), IntervalSeconds: 3600, DeviationBps: 50, DelaySeconds: 120);

    private static KeeperObservation At(ulong t, string spot) => KeeperObservation.Of(T(t), U(spot), UFix64.One);

    [Fact]
    public void Keepers_are_staggered_across_the_interval()
    {
        Assert.Equal(T(1800), KeeperMemory.Start(Settings, 0, UFix64.Zero).NextTimer);
        Assert.Equal(T(3600 + 100), KeeperMemory.Start(Settings, 1, T(100)).NextTimer);
        Assert.Equal(T(3600), KeeperMemory.Start(Settings with { Count = 1 }, 0, UFix64.Zero).NextTimer);
    }

    [Fact]
    public void The_deviation_is_measured_in_whole_basis_points_either_way()
    {
        Assert.Equal(50UL, At(0, "0.995").DeviationBps);
        Assert.Equal(49UL, At(0, "0.99500001").DeviationBps);
        Assert.Equal(50UL, At(0, "1.005").DeviationBps);
        Assert.Equal(0UL, At(0, "1").DeviationBps);
        Assert.Null(KeeperObservation.Of(T(0), null, UFix64.One).DeviationBps);
    }

    [Fact]
    public void A_deviation_acts_after_the_delay_and_the_timer_on_its_own_steps()
    {
        var m = KeeperMemory.Start(Settings, 0, UFix64.Zero); // timer at 1800, 5400, …
        var acted = new List<(ulong, KeeperTrigger)>();
        // one step a minute; the pool drifts 60 bps away at 600 s and stays there until the keeper acts
        bool away = false;
        for (ulong t = 60; t <= 7200; t += 60)
        {
            if (t == 600) away = true;
            if (m.Observe(At(t, away ? "0.994" : "1"), Settings) is { } trigger) { acted.Add((t, trigger)); away = false; }
        }
        // the deviation seen at 600 acts at 720 (120 s later); the timers at 1800 and 5400 act at 1920 and 5520
        Assert.Equal(new List<(ulong, KeeperTrigger)> { (720, KeeperTrigger.Deviation), (1920, KeeperTrigger.Timer), (5520, KeeperTrigger.Timer) }, acted);
        Assert.Equal(3, m.Triggers);
        Assert.Equal(3, m.Acts);
        Assert.Equal(T(9000), m.NextTimer);
    }

    [Fact]
    public void A_deviation_below_the_band_waits_for_the_timer_and_a_pending_trigger_is_not_restarted()
    {
        var m = KeeperMemory.Start(Settings with { DelaySeconds = 300 }, 1, UFix64.Zero); // timer at 3600
        Assert.Null(m.Observe(At(3000, "0.9951"), Settings with { DelaySeconds = 300 })); // 49 bps: no trigger
        Assert.Null(m.ActAt);
        Assert.Null(m.Observe(At(3600, "0.9951"), Settings with { DelaySeconds = 300 })); // the timer: acts at 3900
        Assert.Equal(T(3900), m.ActAt);
        Assert.Null(m.Observe(At(3700, "0.98"), Settings with { DelaySeconds = 300 })); // a deviation meanwhile does not push the action back
        Assert.Equal(T(3900), m.ActAt);
        Assert.Equal(KeeperTrigger.Timer, m.Observe(At(3900, "0.98"), Settings with { DelaySeconds = 300 }));
        Assert.Equal(1, m.Triggers);
        Assert.Equal(T(7200), m.NextTimer);
    }

    [Fact]
    public void A_timer_missed_by_a_long_step_moves_on_by_whole_intervals()
    {
        var m = KeeperMemory.Start(Settings with { DelaySeconds = 0 }, 0, UFix64.Zero);
        Assert.Equal(KeeperTrigger.Timer, m.Observe(At(9000, "1"), Settings with { DelaySeconds = 0 }));
        Assert.Equal(T(12600), m.NextTimer); // 1800 + 3·3600
    }

    [Fact]
    public void The_reference_path_is_linear_between_points_and_flat_outside()
    {
        var p = new ReferencePricePath([(3600UL, U("1")), (7200UL, U("1.1")), (10800UL, U("1.05"))]);
        Assert.Equal(U("1"), p.At(UFix64.Zero));
        Assert.Equal(U("1"), p.At(T(3600)));
        Assert.Equal(U("1.05"), p.At(T(5400)));
        Assert.Equal(U("1.03333333"), p.At(T(4800))); // 1 + 0.1 · 1200/3600, truncated
        Assert.Equal(U("1.1"), p.At(T(7200)));
        Assert.Equal(U("1.075"), p.At(T(9000)));
        Assert.Equal(U("1.05"), p.At(T(99999)));
        Assert.Throws<ArgumentException>(() => new ReferencePricePath([(10UL, U("1")), (10UL, U("2"))]));
        Assert.Throws<ArgumentException>(() => new ReferencePricePath([(0UL, UFix64.Zero)]));
    }
}

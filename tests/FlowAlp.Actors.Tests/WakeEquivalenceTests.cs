using FlowAlp.Actors.Engine;
using FlowAlp.Actors.Pool;
using Xunit.Abstractions;
using FlowAlp.Engine.Core;
using FlowAlp.Engine.Loop;
using FlowAlp.Simulation.ReferenceMarket;

namespace FlowAlp.Actors.Tests;

/// <summary>
/// Waking only who must act changes nothing but the work: the optimised actor engine (due rebalancers of positions
/// certainly inside their health bounds are applied without a message; only positions the screen cannot clear are
/// checked for liquidation) and the naive "message everyone" engine write byte-identical event logs on the same market,
/// and so do the plain loop in both modes — while the optimised engine really skipped most wake-ups.
/// </summary>
public class WakeEquivalenceTests(ITestOutputHelper output) : EngineTestKit(output)
{
    // a harsher market than TickEquivalence's: more positions, a deeper crash, so top-ups, draw-downs and liquidations all happen
    private static readonly TickMarket Market = new(Positions: 120, Seed: 5, Volatility: 1.2, CrashFraction: 0.4, CrashAt: 2 * 3600);
    private const ulong Seconds = 4 * 3600;

    private static async Task<(EventLog Log, int Quiet)> RunActors(bool wakeEveryone, string name)
    {
        await using var engine = await Market.StartActors(new EngineSettings(DispatcherThreads: 2, SystemName: name, WakeEveryone: wakeEveryone));
        int quiet = 0;
        foreach (var t in Market.Ticks(Seconds)) quiet += (await engine.Tick(t)).QuietRuns;
        return (await engine.EventLog(), quiet);
    }

    private static (PlainLoop Loop, int Quiet) RunPlain(bool wakeEveryone)
    {
        var loop = Market.StartPlain(wakeEveryone: wakeEveryone);
        int quiet = 0;
        foreach (var t in Market.Ticks(Seconds)) quiet += loop.Tick(t).QuietRuns;
        return (loop, quiet);
    }

    [Fact]
    public async Task Optimised_and_naive_engines_write_identical_event_logs()
    {
        var naive = await RunActors(wakeEveryone: true, "naive");
        var optimised = await RunActors(wakeEveryone: false, "optimised");
        var plainNaive = RunPlain(wakeEveryone: true);
        var plainOptimised = RunPlain(wakeEveryone: false);

        Assert.Equal(naive.Log.Lines.Count, optimised.Log.Lines.Count);
        for (int i = 0; i < naive.Log.Lines.Count; i++) Assert.Equal(naive.Log.Lines[i], optimised.Log.Lines[i]);
        Assert.Equal(naive.Log.Sha256, optimised.Log.Sha256);
        Assert.Equal(naive.Log.Sha256, plainNaive.Loop.Core.Log.Sha256());
        Assert.Equal(naive.Log.Sha256, plainOptimised.Loop.Core.Log.Sha256());

        // the naive engines wake every due position; the optimised ones agree on how many they did not need to
        int runs = naive.Log.Lines.Count(l => l.Contains("\"type\":\"RebalancerRun\""));
        Assert.Equal(120 * (int)(Seconds / 600), runs);
        Assert.Equal(0, naive.Quiet);
        Assert.Equal(0, plainNaive.Quiet);
        Assert.Equal(optimised.Quiet, plainOptimised.Quiet);
        Assert.True(optimised.Quiet >= runs / 2 && optimised.Quiet < runs, $"{optimised.Quiet} of {runs} runs quiet"); // most runs found their position inside its bounds

        // and the market really moved funds both ways and liquidated
        string all = string.Join("\n", naive.Log.Lines);
        Assert.Contains("\"fromUnder\":true", all);
        Assert.Contains("\"type\":\"LiquidationExecuted\"", all);
        Assert.Contains("\"type\":\"Rebalanced\"", all);
    }
}

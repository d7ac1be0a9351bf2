using System.Diagnostics;
using FlowAlp.Actors.Engine;
using FlowAlp.Actors.Pool;
using Xunit.Abstractions;
using FlowAlp.Engine.Core;
using FlowAlp.Engine.Loop;
using FlowAlp.Simulation.ReferenceMarket;

namespace FlowAlp.Actors.Tests.Scale;

/// <summary>Runs alone: it measures the process's working set, which other tests running beside it would move.</summary>
[CollectionDefinition(nameof(MemoryFlatness), DisableParallelization = true)]
public sealed class MemoryFlatness;

/// <summary>
/// A short soak (the `soak` benchmark's market, 400 positions, three simulated weeks of one-minute ticks on the actor
/// engine, event log hashed not kept): after the first week of warm-up neither the managed heap nor the working set
/// grows — nothing in the engine accumulates per tick (samples, events, due lists, the screen all stay bounded).
/// </summary>
[Collection(nameof(MemoryFlatness))]
public class MemoryFlatnessTests(ITestOutputHelper output)
{
    private static long ManagedAfterFullGc()
    {
        GC.Collect(); GC.WaitForPendingFinalizers(); GC.Collect();
        return GC.GetTotalMemory(true);
    }

    [Fact]
    public async Task Working_set_and_managed_heap_stay_flat_after_the_first_week()
    {
        var market = new TickMarket(400, Seed: 7, Volatility: 0.8);
        await using var engine = await market.StartActors(new EngineSettings(2, SystemName: "soak-test", EventLog: new EventLogOptions(Retain: false)));
        var process = Process.GetCurrentProcess();
        var managed = new List<long>();
        var workingSet = new List<long>();
        int events = 0;
        foreach (var t in market.Ticks(21 * 86400))
        {
            events = (await engine.Tick(t)).EventLogLength;
            if (t.Floor % (7 * 86400) != 0) continue;
            managed.Add(ManagedAfterFullGc());
            process.Refresh();
            workingSet.Add(process.WorkingSet64);
        }
        output.WriteLine($"managed after weeks 1..3: {string.Join(", ", managed.Select(b => $"{b / 1024.0 / 1024:F2} MiB"))}; " +
                         $"working set: {string.Join(", ", workingSet.Select(b => $"{b / 1024.0 / 1024:F1} MiB"))}; {events:N0} events");

        Assert.Equal(3, managed.Count);
        Assert.True(events > 400 * 6 * 24 * 21, $"{events} events"); // every rebalancer ran every 10 minutes for three weeks
        // the managed heap after a full collection: within 1 MiB of week 1 (it holds ~400 positions' state, a few MiB)
        Assert.True(managed[2] - managed[0] < 1 << 20, $"managed heap grew {managed[0]} -> {managed[2]} bytes");
        // the working set: within 15 % of week 1 (the runtime's own growth and page noise, not the run's)
        Assert.True(workingSet[2] < workingSet[0] * 1.15, $"working set grew {workingSet[0]} -> {workingSet[2]} bytes");
    }
}

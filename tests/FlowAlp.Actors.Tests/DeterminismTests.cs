using FlowAlp.Actors.Engine;
using FlowAlp.Engine.Loop;

namespace FlowAlp.Actors.Tests;

/// <summary>The same market on 1, 2 and 8 dispatcher threads: identical event-log hashes.</summary>
public class DeterminismTests
{
    [Fact]
    public async Task Event_log_hash_does_not_depend_on_the_thread_count()
    {
        var one = await TickEquivalenceTests.RunActors(new EngineSettings(1, SystemName: "threads1"));
        var two = await TickEquivalenceTests.RunActors(new EngineSettings(2, SystemName: "threads2"));
        var eight = await TickEquivalenceTests.RunActors(new EngineSettings(8, SystemName: "threads8"));
        Assert.True(one.Lines.Count > 1000, $"a real run: {one.Lines.Count} events");
        Assert.Equal(one.Sha256, two.Sha256);
        Assert.Equal(one.Sha256, eight.Sha256);
    }
}

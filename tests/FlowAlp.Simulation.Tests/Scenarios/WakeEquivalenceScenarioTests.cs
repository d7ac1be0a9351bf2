using FlowAlp.Actors.Engine;
using FlowAlp.Simulation.Running;
using FlowAlp.Simulation.Scenarios;
using FlowAlp.Engine.Loop;

namespace FlowAlp.Simulation.Tests.Scenarios;

/// <summary>
/// Shipped scenarios (agents, yield vaults, DEX LPs, chaos faults) give the same event log whether the actor engine
/// wakes only the positions that must act (the default) or messages every due position (naive mode).
/// </summary>
public class WakeEquivalenceScenarioTests
{
    [Theory]
    [InlineData("config/scenarios/default.json")]
    [InlineData("config/scenarios/hightide-vs-passive.json")]
    [InlineData("config/scenarios/hightide-keepers.json")]
    [InlineData("config/scenarios/presets/flow-exploit-2025.json")]
    [InlineData("config/scenarios/chaos/scheduler-outage-during-crash.json")]
    [InlineData("config/scenarios/chaos/actor-kill-storm.json")]
    public async Task Naive_and_optimised_actor_engines_agree_on_a_shipped_scenario(string file)
    {
        var s = ScenarioParser.Load(Path.Combine(Repo.Root, file));
        var name = Path.GetFileNameWithoutExtension(file);
        var optimised = await SimulationRunner.Run(s, EngineKind.Actors, systemName: $"{name}-optimised");
        var naive = await SimulationRunner.Run(s, EngineKind.Actors, makeEngine: (setup, log) =>
            ActorSimulationEngine.Start(setup, new EngineSettings(s.Threads, SystemName: $"{name}-naive", EventLog: log, WakeEveryone: true)));

        Assert.Equal(naive.EventCount, optimised.EventCount);
        Assert.Equal(naive.EventLogSha256, optimised.EventLogSha256);
        Assert.True(naive.EventCount > 1000, $"{naive.EventCount} events");
        Assert.Equal(naive.Outcomes.HealthByPosition, optimised.Outcomes.HealthByPosition);
    }
}

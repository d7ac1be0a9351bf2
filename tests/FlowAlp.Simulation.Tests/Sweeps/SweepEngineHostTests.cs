using FlowAlp.Simulation.Running;
using FlowAlp.Simulation.Scenarios;
using FlowAlp.Simulation.Sweeps;
using FlowAlp.Simulation.Tests.Scenarios;

namespace FlowAlp.Simulation.Tests.Sweeps;

/// <summary>
/// A sweep runs every run on one warm ActorSystem (<see cref="ActorEngineHost"/>): each run's results are those of a
/// separate `flowalp run --set seed=…`, and a finished run leaves no actor behind in the shared system.
/// </summary>
public class SweepEngineHostTests
{
    /// <summary>The scenario as `flowalp run --set seed=N` builds it, run in an ActorSystem of its own.</summary>
    private static async Task<SimulationResult> SeparateRun(ulong seed) =>
        await SimulationRunner.Run(ScenarioParser.Parse(ScenarioOverrides.Apply(TestScenarios.Crash, [("seed", seed.ToString())]), Repo.Root), EngineKind.Actors);

    [Fact]
    public async Task A_three_seed_sweep_on_one_actor_system_logs_what_three_separate_runs_log()
    {
        var sweep = await SweepRunner.Run(TestScenarios.Crash, Repo.Root, [], 11, 3, 2, EngineKind.Actors);
        var separate = new List<SimulationResult>();
        foreach (ulong seed in new ulong[] { 11, 12, 13 }) separate.Add(await SeparateRun(seed));

        Assert.Equal([11UL, 12, 13], sweep.Select(r => r.Seed));
        Assert.Equal(separate.Select(r => r.EventLogSha256), sweep.Select(r => r.Summary["eventLogSha256"]!.GetValue<string>()));
        Assert.Equal(separate.Select(r => r.EventCount), sweep.Select(r => r.Summary["events"]!.GetValue<int>()));
        // the seeds differ in their event logs (a sweep that ran one seed three times would pass the equality above)
        Assert.Equal(3, separate.Select(r => r.EventLogSha256).Distinct().Count());
        // the plain engine agrees run for run
        var plain = await SweepRunner.Run(TestScenarios.Crash, Repo.Root, [], 11, 3, 2, EngineKind.Plain);
        Assert.Equal(sweep.Select(r => r.Summary.ToJsonString()), plain.Select(r => r.Summary.ToJsonString()));
    }

    [Fact]
    public async Task Runs_back_to_back_on_one_host_match_a_run_of_its_own_and_stop_their_actors()
    {
        var s = TestScenarios.Parse();
        var own = await SimulationRunner.Run(s, EngineKind.Actors);
        await using var host = new ActorEngineHost(threads: 2, "host-test");
        var engines = new List<ActorSimulationEngine>();
        ISimulationEngine Track(FlowAlp.Engine.Operations.Script genesis, FlowAlp.Engine.Core.EventLogOptions? log)
        {
            var e = (ActorSimulationEngine)host.NewEngine(genesis, log);
            engines.Add(e);
            return e;
        }
        var first = await SimulationRunner.Run(s, EngineKind.Actors, makeEngine: Track);
        var second = await SimulationRunner.Run(s, EngineKind.Actors, makeEngine: Track);
        Assert.Equal(own.EventLogSha256, first.EventLogSha256);
        Assert.Equal(own.EventLogSha256, second.EventLogSha256);
        Assert.Equal(own.EventCount, second.EventCount);
        // each run had a supervisor and a DEX of its own, both stopped when it ended; the system itself still runs
        Assert.Equal(["pool-1", "pool-2"], engines.Select(e => e.Engine.Supervisor.Path.Name));
        Assert.Equal(["pool-1-dex", "pool-2-dex"], engines.Select(e => e.Dex!.Path.Name));
#pragma warning disable CS0618 // IsTerminated: a test's synchronous look at an actor that the run's end already awaited stopping
        Assert.All(engines, e => Assert.True(((Akka.Actor.IInternalActorRef)e.Engine.Supervisor).IsTerminated));
        Assert.All(engines, e => Assert.True(((Akka.Actor.IInternalActorRef)e.Dex!).IsTerminated));
#pragma warning restore CS0618
        Assert.False(engines[0].Engine.System.WhenTerminated.IsCompleted);
    }

    [Fact]
    public async Task A_run_on_a_shared_system_keeps_its_event_log_in_memory()
    {
        await using var host = new ActorEngineHost(threads: 1, "host-log-test");
        var e = Assert.Throws<ArgumentException>(() => host.NewEngine(null!, new FlowAlp.Engine.Core.EventLogOptions(File: "events.jsonl")));
        Assert.StartsWith("runs on a shared ActorSystem keep their event log in memory", e.Message);
    }
}

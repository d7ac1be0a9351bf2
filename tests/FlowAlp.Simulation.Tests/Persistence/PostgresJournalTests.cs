using FlowAlp.Simulation.Persistence;
using FlowAlp.Simulation.Running;
using FlowAlp.Simulation.Scenarios;
using FlowAlp.Simulation.Tests.Scenarios;

namespace FlowAlp.Simulation.Tests.Persistence;

/// <summary>
/// The same journal on PostgreSQL, started by scripts/postgres.sh (which installs it from Debian's packages if needed).
/// Skipped, with the script's reason, where PostgreSQL cannot be installed or started.
/// </summary>
public class PostgresJournalTests
{
    [SkippableFact]
    public async Task A_postgres_journal_recovers_and_verifies_a_rerun()
    {
        Skip.IfNot(PostgresServer.Up, PostgresServer.Why);
        string connection = PostgresServer.ConnectionString;
        var spec = new PersistenceSpec(PersistenceMode.Checkpoint, 10, "postgres", connection);
        var s = TestScenarios.Parse() with { Persistence = spec };
        string dir = Path.Combine(Path.GetTempPath(), $"flowalp-pg-{Guid.NewGuid():N}"); // names the run's persistence id
        SimulationResult first;
        await using (var j = await RunJournal.Open(spec, dir, "sha-pg", "plain"))
            first = await SimulationRunner.Run(s, EngineKind.Plain, journal: j);
        await using var reopened = await RunJournal.Open(spec, dir, "sha-pg", "plain");
        Assert.Equal((long)s.Steps, reopened.State.LastStep);
        Assert.Equal((int)(s.Steps / 10) + 1, reopened.State.Steps.Count); // step 0 and every 10th
        Assert.Equal(first.EventLogSha256, reopened.State.Completed!.LogSha256);
        var again = await SimulationRunner.Run(s, EngineKind.Actors, journal: reopened, systemName: "pg-rerun");
        Assert.Equal(first.EventLogSha256, again.EventLogSha256);
    }
}

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
        // recovery starts at the latest state snapshot (a multiple of 10 before the last step), then the step records after it
        long last = ((long)s.Steps - 1) / 10 * 10;
        Assert.Equal(last, RunSnapshot.Parse(reopened.State.Snapshot!).Step);
        Assert.Equal(new JournalOpened("sha-pg", JournalFormat.Current, "plain"), reopened.State.Header);
        Assert.Equal((long)s.Steps, reopened.State.LastStep);
        Assert.Equal(first.EventLogSha256, reopened.State.Completed!.LogSha256);
        // resumed from the snapshot, the steps after it are re-run and checked against their records
        var again = await SimulationRunner.Run(s, EngineKind.Plain, journal: reopened);
        Assert.Equal(first.EventLogSha256, again.EventLogSha256);
    }
}

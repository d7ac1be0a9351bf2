using FlowAlp.Simulation.Persistence;
using FlowAlp.Simulation.Running;
using FlowAlp.Simulation.Scenarios;
using FlowAlp.Simulation.Tests.Scenarios;

namespace FlowAlp.Simulation.Tests.Persistence;

/// <summary>
/// The same journal on PostgreSQL, on the tests' throwaway instance (<see cref="PostgresInstance"/>). Skipped, with
/// the reason and how to install PostgreSQL, where its binaries are absent.
/// </summary>
[Collection(PostgresCollection.Name)]
public class PostgresJournalTests(PostgresInstance server)
{
    [SkippableFact]
    public async Task A_postgres_journal_recovers_and_verifies_a_rerun()
    {
        Skip.IfNot(server.Up, server.Why);
        string connection = server.ConnectionString!;
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

    [SkippableFact]
    public async Task A_journal_write_that_fails_stops_the_run_with_the_reason()
    {
        Skip.IfNot(server.Up, server.Why);
        // its own database: the journal table is dropped under the running run (a database that went away mid-run)
        string db = $"flowalp_wf_{Guid.NewGuid():N}";
        var admin = new Npgsql.NpgsqlConnectionStringBuilder(server.ConnectionString!);
        var own = new Npgsql.NpgsqlConnectionStringBuilder(server.ConnectionString!) { Database = db, Pooling = false };
        await Exec(admin.ConnectionString, $"CREATE DATABASE {db}");
        try
        {
            var spec = new PersistenceSpec(PersistenceMode.Checkpoint, 10, "postgres", own.ConnectionString);
            var s = TestScenarios.Parse() with { Persistence = spec };
            string dir = Path.Combine(Path.GetTempPath(), $"flowalp-pg-{Guid.NewGuid():N}");
            bool dropped = false;
            await using var journal = await RunJournal.Open(spec, dir, "sha-wf", "plain");
            var e = await Assert.ThrowsAsync<JournalWriteException>(() => SimulationRunner.Run(s, EngineKind.Plain, p =>
            {
                if (dropped || p.Step < 60) return;
                Exec(own.ConnectionString, "DROP TABLE journal").GetAwaiter().GetResult();
                dropped = true;
            }, journal: journal));
            Assert.True(dropped);
            // the next step record (step 70) cannot be written: the run stops there, saying what was saved
            Assert.Equal("journal: write failed: 42P01: relation \"journal\" does not exist; the run stops here, nothing after step 60 was saved", e.Message);
            Assert.Equal(60, e.SavedStep);
        }
        finally
        {
            Npgsql.NpgsqlConnection.ClearAllPools();
            await Exec(admin.ConnectionString, $"DROP DATABASE IF EXISTS {db} WITH (FORCE)");
        }
    }

    [SkippableFact]
    public async Task A_user_who_may_not_create_or_own_the_journal_tables_is_refused_in_seconds_not_retried()
    {
        Skip.IfNot(server.Up, server.Why);
        // its own database (public schema: CREATE for its owner only) and a login role without rights on it
        string db = $"flowalp_priv_{Guid.NewGuid():N}", role = $"reader_{Guid.NewGuid():N}"[..20];
        var admin = new Npgsql.NpgsqlConnectionStringBuilder(server.ConnectionString!);
        var owner = new Npgsql.NpgsqlConnectionStringBuilder(server.ConnectionString!) { Database = db, Pooling = false };
        var reader = new Npgsql.NpgsqlConnectionStringBuilder(server.ConnectionString!) { Database = db, Username = role, Password = "reader-password-1", Pooling = false };
        await Exec(admin.ConnectionString, $"CREATE DATABASE {db}");
        await Exec(admin.ConnectionString, $"CREATE ROLE {role} LOGIN PASSWORD 'reader-password-1'");
        try
        {
            var spec = new PersistenceSpec(PersistenceMode.Checkpoint, 10, "postgres", reader.ConnectionString);
            string name = $"postgres 127.0.0.1:{admin.Port}/{db}";
            var e = Assert.Throws<SimulationException>(() => DatabasePreflight.Check(spec, ""));
            Assert.Equal($"journal: cannot use {name}: user '{role}' may not create the journal's tables in schema 'public' (grant CREATE on it, or connect as its owner)", e.Message);

            await Exec(owner.ConnectionString, $"GRANT CREATE ON SCHEMA public TO {role}; CREATE TABLE snapshot (x int)");
            e = Assert.Throws<SimulationException>(() => DatabasePreflight.Check(spec, ""));
            Assert.Equal($"journal: cannot use {name}: user '{role}' does not own the existing table 'public.snapshot' (the journal alters its tables on start; connect as their owner)", e.Message);

            DatabasePreflight.Check(spec with { ConnectionString = owner.ConnectionString }, ""); // its owner may
        }
        finally
        {
            Npgsql.NpgsqlConnection.ClearAllPools();
            await Exec(admin.ConnectionString, $"DROP DATABASE IF EXISTS {db} WITH (FORCE)");
            await Exec(admin.ConnectionString, $"DROP ROLE IF EXISTS {role}");
        }
    }

    private static async Task Exec(string connection, string sql)
    {
        await using var c = new Npgsql.NpgsqlConnection(connection);
        await c.OpenAsync();
        await using var cmd = new Npgsql.NpgsqlCommand(sql, c);
        await cmd.ExecuteNonQueryAsync();
    }
}

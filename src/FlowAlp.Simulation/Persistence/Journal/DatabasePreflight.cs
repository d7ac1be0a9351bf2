using Npgsql;
using FlowAlp.Simulation.Running;

namespace FlowAlp.Simulation.Persistence;

/// <summary>
/// Before a journal's ActorSystem starts (whose SQL plugin would retry a missing database for minutes), one plain
/// connection with a short timeout: a database that is down, unreachable or refuses the credentials fails in seconds
/// with one line naming it (host:port/database, never the password) and the reason.
/// </summary>
internal static class DatabasePreflight
{
    public const int TimeoutSeconds = 5;

    public static void Check(PersistenceSpec spec, string runDir)
    {
        if (spec.Backend == "postgres") Postgres(spec.ConnectionString ?? throw new SimulationException("persistence.connectionString: required for the postgres backend"));
        else Sqlite(runDir);
    }

    private static void Postgres(string connection)
    {
        NpgsqlConnectionStringBuilder builder;
        try { builder = new NpgsqlConnectionStringBuilder(connection); }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException or OverflowException)
        { throw new SimulationException($"persistence.connectionString: not a valid PostgreSQL connection string ({FirstLine(e.Message)})"); }
        if (string.IsNullOrWhiteSpace(builder.Host)) throw new SimulationException("persistence.connectionString: names no Host");
        string name = $"postgres {builder.Host}:{builder.Port}/{builder.Database ?? builder.Username ?? "(default)"}";
        var probe = new NpgsqlConnectionStringBuilder(builder.ConnectionString) { Timeout = TimeoutSeconds, CommandTimeout = TimeoutSeconds, Pooling = false };
        try
        {
            using var c = new NpgsqlConnection(probe.ConnectionString);
            // the driver's own timeout, and a deadline of ours in case a half-open peer keeps it waiting
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(TimeoutSeconds + 1));
            c.OpenAsync(deadline.Token).WaitAsync(TimeSpan.FromSeconds(TimeoutSeconds + 2)).GetAwaiter().GetResult();
            // the SQL plugin creates its tables on start and retries for minutes when it may not: say so now
            using var cmd = new NpgsqlCommand("SELECT current_user, current_schema(), current_schema() IS NOT NULL AND has_schema_privilege(current_schema(), 'CREATE')", c);
            using var r = cmd.ExecuteReader();
            r.Read();
            string user = r.GetString(0), schema = r.IsDBNull(1) ? "(none)" : r.GetString(1);
            if (!r.GetBoolean(2))
                throw new SimulationException($"journal: cannot use {name}: user '{user}' may not create the journal's tables in schema '{schema}' (grant CREATE on it, or connect as its owner)");
            r.Close();
            // existing tables are altered on start too, which only their owner may do
            using var owned = new NpgsqlCommand("""
                SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = current_schema() AND c.relname IN ('journal', 'snapshot', 'tags') AND NOT pg_has_role(current_user, c.relowner, 'USAGE')
                ORDER BY c.relname LIMIT 1
                """, c);
            if (owned.ExecuteScalar() is string table)
                throw new SimulationException($"journal: cannot use {name}: user '{user}' does not own the existing table '{schema}.{table}' (the journal alters its tables on start; connect as their owner)");
        }
        catch (OperationCanceledException) { throw new SimulationException($"journal: cannot open {name}: no answer within {TimeoutSeconds} s"); }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException or ArgumentException or System.Net.Sockets.SocketException or IOException)
        {
            string reason = FirstLine(e.GetBaseException().Message);
            if (builder.Password is { Length: >= 4 }) reason = reason.Replace(builder.Password, "***", StringComparison.Ordinal);
            throw new SimulationException($"journal: cannot open {name}: {reason}");
        }
    }

    // the SQLite journal lives in the run folder: a folder that cannot be made or a journal.db that is not a file fails here, by name
    private static void Sqlite(string runDir)
    {
        string file = Path.Combine(runDir, "journal.db");
        try { Directory.CreateDirectory(runDir); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        { throw new SimulationException($"journal {file}: cannot create its folder: {FirstLine(e.Message)}"); }
        if (Directory.Exists(file)) throw new SimulationException($"journal {file}: is a folder, not a database file");
    }

    private static string FirstLine(string s) => s.Split('\n')[0].Trim();
}

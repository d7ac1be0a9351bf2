using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace FlowAlp.Simulation.Persistence;

/// <summary>
/// Before a journal is recovered, every row of its persistence id (events and snapshots) must name FlowAlp's own
/// serializer and one of its manifests (<see cref="PersistedEventSerializer.Manifests"/>): a row that selects any other
/// serializer (Akka's JSON with <c>$type</c>, a type name as manifest, none at all) is refused with one line, before
/// Akka.Persistence reads a single row. The serializers themselves refuse such rows too (<see cref="TypeNameSerializerRefused"/>).
/// </summary>
public static class JournalRowCheck
{
    /// <summary>The check for a persistent actor's own rows, on the SQL journal its ActorSystem is configured with (none: nothing to check).</summary>
    public static string? ForSystem(Akka.Actor.ActorSystem system, string persistenceId)
    {
        var config = system.Settings.Config;
        string? connection = config.GetString("akka.persistence.journal.sql.connection-string", null);
        string? provider = config.GetString("akka.persistence.journal.sql.provider-name", null);
        return string.IsNullOrEmpty(connection) || string.IsNullOrEmpty(provider) ? null : Check(connection, provider, persistenceId);
    }

    /// <returns>null when every row is FlowAlp's, else the reason (one line, naming the row)</returns>
    public static string? Check(string connection, string provider, string persistenceId)
    {
        string manifests = string.Join(", ", PersistedEventSerializer.Manifests.Select((_, i) => $"@m{i}"));
        (string Table, string Serializer)[] tables = [("journal", "identifier"), ("snapshot", "serializer_id")];
        try
        {
            using DbConnection c = provider == PersistenceConfig.PostgresProvider ? new Npgsql.NpgsqlConnection(connection) : new SqliteConnection(connection);
            c.Open();
            foreach (var (table, serializer) in tables)
            {
                if (!Exists(c, table)) continue;
                using var cmd = c.CreateCommand();
                cmd.CommandText = $"SELECT sequence_number, {serializer}, manifest FROM {table} WHERE persistence_id = @id " +
                    $"AND ({serializer} IS NULL OR {serializer} <> {PersistedEventSerializer.Id} OR manifest IS NULL OR manifest NOT IN ({manifests})) " +
                    "ORDER BY sequence_number LIMIT 1";
                Add(cmd, "id", persistenceId);
                int i = 0;
                foreach (var m in PersistedEventSerializer.Manifests) Add(cmd, $"m{i++}", m);
                using var r = cmd.ExecuteReader();
                if (!r.Read()) continue;
                string id = r.IsDBNull(1) ? "none" : r.GetValue(1).ToString()!;
                string manifest = r.IsDBNull(2) ? "" : r.GetString(2);
                if (manifest.Length > 80) manifest = manifest[..80] + "…";
                return $"{table} row {r.GetInt64(0)} names serializer {id} with manifest '{manifest}', which flowalp does not write (an older flowalp's journal, or not written by flowalp): refused";
            }
            return null;
        }
        catch (DbException e) { return $"its rows cannot be checked: {e.Message.Split('\n')[0]}"; }
    }

    private static bool Exists(DbConnection c, string table)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = c is SqliteConnection
            ? "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = @t"
            : "SELECT count(*) FROM information_schema.tables WHERE table_name = @t AND table_schema = current_schema()";
        Add(cmd, "t", table);
        return Convert.ToInt64(cmd.ExecuteScalar()) > 0;
    }

    private static void Add(DbCommand cmd, string name, object value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        cmd.Parameters.Add(p);
    }
}

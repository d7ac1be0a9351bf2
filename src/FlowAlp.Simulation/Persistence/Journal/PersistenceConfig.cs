using Akka.Configuration;

namespace FlowAlp.Simulation.Persistence;

/// <summary>
/// HOCON for Akka.Persistence.Sql on one database (journal and snapshot store), and the binding of every
/// <see cref="IPersistedEvent"/> to <see cref="PersistedEventSerializer"/> (stable manifests, no CLR type names stored).
/// Akka's <c>json</c> serializer (id 1, Newtonsoft with <c>$type</c>) is replaced by <see cref="TypeNameSerializerRefused"/>:
/// a journal row that selects it is refused, never read, and nothing unbound is ever written with CLR type names.
/// </summary>
public static class PersistenceConfig
{
    public const string SqliteProvider = "SQLite.MS";
    public const string PostgresProvider = "PostgreSQL.15";

    public static Config Sql(string connection, string provider) => ConfigurationFactory.ParseString($$"""
        akka.actor {
          serializers {
            flowalp-persisted = "FlowAlp.Simulation.Persistence.PersistedEventSerializer, FlowAlp.Simulation"
            json = "FlowAlp.Simulation.Persistence.TypeNameSerializerRefused, FlowAlp.Simulation"
          }
          serialization-bindings { "FlowAlp.Simulation.Persistence.IPersistedEvent, FlowAlp.Simulation" = flowalp-persisted }
        }
        akka.persistence {
          journal {
            plugin = "akka.persistence.journal.sql"
            sql {
              class = "Akka.Persistence.Sql.Journal.SqlWriteJournal, Akka.Persistence.Sql"
              connection-string = {{HoconString.Quote(connection)}}
              provider-name = "{{provider}}"
              auto-initialize = on
            }
          }
          snapshot-store {
            plugin = "akka.persistence.snapshot-store.sql"
            sql {
              class = "Akka.Persistence.Sql.Snapshot.SqlSnapshotStore, Akka.Persistence.Sql"
              connection-string = {{HoconString.Quote(connection)}}
              provider-name = "{{provider}}"
              auto-initialize = on
            }
          }
        }
        """);

    /// <summary>An SQLite file (created if missing) in WAL mode.</summary>
    public static Config Sqlite(string file)
    {
        string connection = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder { DataSource = file }.ToString();
        using (var c = new Microsoft.Data.Sqlite.SqliteConnection(connection))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "PRAGMA journal_mode=WAL;";
            cmd.ExecuteNonQuery();
        }
        return Sql(connection, SqliteProvider);
    }
}

using FlowAlp.Simulation.Persistence;

namespace FlowAlp.Simulation.Tests.Persistence;

/// <summary>A connection string goes into the journal's HOCON as one quoted value: a '"', '}' or newline in it cannot add configuration.</summary>
public class ConnectionStringHoconTests
{
    [Theory]
    [InlineData("Host=127.0.0.1;Port=5432;Database=flowalp;Username=flowalp;Password=plain")]
    [InlineData("Host=127.0.0.1;Password=\"a\\\"b}c\"")]
    [InlineData("Host=x;Password=\"\n}\nakka.loglevel = DEBUG\nakka.persistence.journal.sql.provider-name = \"evil\"\nx")]
    [InlineData("Host=x;Password=${akka.loglevel}\t\u0001")]
    public void The_connection_string_comes_back_exactly_and_adds_nothing(string connection)
    {
        var config = PersistenceConfig.Sql(connection, PersistenceConfig.PostgresProvider);
        Assert.Equal(connection, config.GetString("akka.persistence.journal.sql.connection-string"));
        Assert.Equal(connection, config.GetString("akka.persistence.snapshot-store.sql.connection-string"));
        Assert.Equal(PersistenceConfig.PostgresProvider, config.GetString("akka.persistence.journal.sql.provider-name"));
        Assert.False(config.HasPath("akka.loglevel"));
    }

    [Fact]
    public void Quoting_escapes_only_what_hocon_needs()
    {
        Assert.Equal("\"a\\\"b\\\\c\\nd\\u0001é\"", HoconString.Quote("a\"b\\c\nd\u0001é"));
    }
}

using System.Text;
using Npgsql;

namespace FlowAlp.Simulation.Tests.Persistence;

/// <summary>
/// The tests' PostgreSQL leaves the machine as it found it: a private server in a temp folder on loopback, run by an
/// unprivileged user, its password in no file, the folder gone after Dispose; no binaries means a skip that says how
/// to install them.
/// </summary>
[Collection(PostgresCollection.Name)]
public class PostgresInstanceTests(PostgresInstance shared)
{
    /// <summary>
    /// The one line a test run shows where PostgreSQL is absent: dotnet test lists skipped tests by display name (not by
    /// skip reason), so this test's name says how to install it.
    /// </summary>
    [SkippableFact(DisplayName = "PostgreSQL tests need PostgreSQL's binaries: where absent they are skipped; install them with `apt-get install postgresql`")]
    public async Task PostgreSQL_is_there_for_the_tests()
    {
        Skip.IfNot(shared.Up, shared.Why);
        await using var c = new NpgsqlConnection(shared.ConnectionString);
        await c.OpenAsync();
        Assert.Equal("flowalp", await Scalar(c, "SELECT current_database()"));
    }

    [Fact]
    public void Without_the_binaries_the_tests_are_skipped_with_how_to_install_them()
    {
        using var none = new PostgresInstance([], searchPath: false);
        Assert.False(none.Up);
        Assert.Null(none.Folder);
        Assert.Equal("PostgreSQL tests skipped: no PostgreSQL binaries found; install them with `apt-get install postgresql` (initdb, pg_ctl and postgres under /usr/lib/postgresql/*/bin or on PATH)", none.Why);
    }

    [SkippableFact]
    public async Task A_throwaway_server_is_private_unprivileged_and_removed_on_dispose()
    {
        var systemConfigs = SystemConfigStamps();
        string connectionFile = Path.Combine(Repo.Root, "config", "persistence", "postgres.conf");
        var connectionFileBefore = File.Exists(connectionFile) ? File.GetLastWriteTimeUtc(connectionFile) : (DateTime?)null;

        string folder, connection;
        int port;
        using (var server = new PostgresInstance())
        {
            Skip.IfNot(server.Up, server.Why);
            Skip.If(OperatingSystem.IsWindows(), "the throwaway server is for Unix");
            (folder, connection, port) = (server.Folder!, server.ConnectionString!, server.Port);
            var builder = new NpgsqlConnectionStringBuilder(connection);
            Assert.Equal(("127.0.0.1", port, "flowalp", "flowalp"), (builder.Host, builder.Port, builder.Database, builder.Username));
            Assert.Equal(48, builder.Password!.Length); // random per instance

            await using (var c = new NpgsqlConnection(connection))
            {
                await c.OpenAsync();
                Assert.Equal("127.0.0.1", await Scalar(c, "SHOW listen_addresses"));
                Assert.Equal(folder, await Scalar(c, "SHOW unix_socket_directories"));
                Assert.Equal(Path.Combine(folder, "data"), await Scalar(c, "SHOW data_directory"));
            }

            // run by an unprivileged user when the tests run as root; the folder is private to that user
            int postmaster = int.Parse(File.ReadLines(Path.Combine(folder, "data", "postmaster.pid")).First());
            string uid = File.ReadLines($"/proc/{postmaster}/status").First(l => l.StartsWith("Uid:")).Split('\t', StringSplitOptions.RemoveEmptyEntries)[1];
            Assert.NotEqual("0", uid);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, OperatingSystem.IsWindows() ? default : File.GetUnixFileMode(folder));

            // the password is in no file of the instance
            byte[] secret = Encoding.ASCII.GetBytes(builder.Password);
            foreach (var f in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".s.PGSQL." + port)))
                Assert.True(File.ReadAllBytes(f).AsSpan().IndexOf(secret) < 0, $"password found in {f}");
        }

        Assert.False(Directory.Exists(folder));
        await using (var gone = new NpgsqlConnection(connection + ";Timeout=3;Pooling=false"))
            await Assert.ThrowsAnyAsync<NpgsqlException>(() => gone.OpenAsync());
        Assert.Equal(connectionFileBefore, File.Exists(connectionFile) ? File.GetLastWriteTimeUtc(connectionFile) : null);
        Assert.Equal(systemConfigs, SystemConfigStamps());
    }

    private static async Task<string?> Scalar(NpgsqlConnection c, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, c);
        return (string?)await cmd.ExecuteScalarAsync();
    }

    /// <summary>The system PostgreSQL configuration files (Debian's /etc/postgresql), with their sizes and times: untouched by the tests.</summary>
    private static List<(string, long, DateTime)> SystemConfigStamps() =>
        Directory.Exists("/etc/postgresql")
            ? Directory.EnumerateFiles("/etc/postgresql", "*", SearchOption.AllDirectories).Order()
                .Select(f => (f, new FileInfo(f).Length, File.GetLastWriteTimeUtc(f))).ToList()
            : [];
}

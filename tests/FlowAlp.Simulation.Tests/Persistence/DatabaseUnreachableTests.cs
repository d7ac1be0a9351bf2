using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using FlowAlp.Simulation.Persistence;
using FlowAlp.Simulation.Tests.Scenarios;

namespace FlowAlp.Simulation.Tests.Persistence;

/// <summary>
/// A journal database that is down, unreachable or named by a bad connection string (or an SQLite journal that cannot
/// be opened): `flowalp run` exits 2 within seconds with one line naming the database (host:port/database, never the
/// password) and the reason, instead of the SQL plugin's minutes of retries.
/// </summary>
public sealed class DatabaseUnreachableTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("flowalp-db-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Runs the crash scenario with the given persistence section: the exit code, the stderr lines, the time taken and the output folder.</summary>
    private (int Code, string[] Lines, TimeSpan Took, string Out) Run(JsonObject persistence)
    {
        var scenario = JsonNode.Parse(TestScenarios.Crash)!.AsObject();
        scenario["persistence"] = persistence;
        string file = Path.Combine(_dir, "scenario.json");
        File.WriteAllText(file, scenario.ToJsonString());
        string outDir = Path.Combine(_dir, "out");
        var clock = Stopwatch.StartNew();
        var (code, _, err) = MalformedScenarioTests.Cli("run", file, "--quiet", "--out", outDir);
        var lines = err.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return (code, lines, clock.Elapsed, outDir);
    }

    private static JsonObject Postgres(string connection) => new() { ["mode"] = "checkpoint", ["backend"] = "postgres", ["connectionString"] = connection };

    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    [Fact]
    public void A_closed_port_fails_in_seconds_naming_the_database_without_the_password()
    {
        int port = ClosedPort();
        var (code, lines, took, dir) = Run(Postgres($"Host=127.0.0.1;Port={port};Database=flowalp;Username=flowalp;Password=hunter2-secret"));
        Assert.Equal(2, code);
        Assert.Equal($"run {dir}: journal: cannot open postgres 127.0.0.1:{port}/flowalp: Connection refused", Assert.Single(lines));
        Assert.InRange(took.TotalSeconds, 0, 20);
    }

    [Theory]
    [InlineData("Port=abc;Host=127.0.0.1", "persistence.connectionString: not a valid PostgreSQL connection string (Couldn't set port (Parameter 'port'))")]
    [InlineData("Host=127.0.0.1;Colour=red", "persistence.connectionString: not a valid PostgreSQL connection string (Couldn't set colour (Parameter 'colour'))")]
    [InlineData("Database=flowalp", "persistence.connectionString: names no Host")]
    public void A_bad_connection_string_fails_at_once_with_the_reason(string connection, string message)
    {
        var (code, lines, took, dir) = Run(Postgres(connection));
        Assert.Equal(2, code);
        Assert.Equal($"run {dir}: {message}", Assert.Single(lines));
        Assert.InRange(took.TotalSeconds, 0, 20);
    }

    [Fact]
    public void A_host_that_accepts_but_never_answers_times_out_in_seconds()
    {
        // a loopback listener that takes the connection and never speaks: the PostgreSQL handshake waits on it
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var held = new List<Socket>();
        var accepting = Task.Run(async () => { while (true) held.Add(await listener.AcceptSocketAsync()); });
        try
        {
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            var (code, lines, took, dir) = Run(Postgres($"Host=127.0.0.1;Port={port};Database=journal;Username=flowalp;Password=hunter2-secret"));
            Assert.Equal(2, code);
            string line = Assert.Single(lines);
            Assert.StartsWith($"run {dir}: journal: cannot open postgres 127.0.0.1:{port}/journal: ", line);
            Assert.Contains("tim", line, StringComparison.OrdinalIgnoreCase); // "...timed out..." / "Timeout during reading"
            Assert.DoesNotContain("hunter2", line);
            Assert.InRange(took.TotalSeconds, DatabasePreflight.TimeoutSeconds - 1, 20);
        }
        finally
        {
            listener.Stop();
            foreach (var s in held) s.Dispose();
        }
    }

    [Fact]
    public async Task An_sqlite_journal_that_cannot_be_opened_fails_with_one_line()
    {
        string runDir = Path.Combine(_dir, "run");
        Directory.CreateDirectory(Path.Combine(runDir, "journal.db"));
        var spec = new PersistenceSpec(PersistenceMode.Checkpoint, 10, "sqlite", null);
        var e = await Assert.ThrowsAsync<FlowAlp.Simulation.Running.SimulationException>(() => RunJournal.Open(spec, runDir, "sha", "plain", fresh: true));
        Assert.Equal($"journal {Path.Combine(runDir, "journal.db")}: is a folder, not a database file", e.Message);

        string underFile = Path.Combine(_dir, "a-file");
        File.WriteAllText(underFile, "");
        e = await Assert.ThrowsAsync<FlowAlp.Simulation.Running.SimulationException>(() => RunJournal.Open(spec, Path.Combine(underFile, "run"), "sha", "plain", fresh: true));
        Assert.StartsWith($"journal {Path.Combine(underFile, "run", "journal.db")}: cannot create its folder: ", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }
}

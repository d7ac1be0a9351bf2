using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Npgsql;

namespace FlowAlp.Simulation.Tests.Persistence;

/// <summary>The PostgreSQL tests share one throwaway instance, started before the first and removed after the last.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresInstance>
{
    public const string Name = "postgres";
}

/// <summary>
/// A throwaway PostgreSQL server for the tests, leaving the machine as it was found: initdb into a fresh temp folder,
/// the server on a free port of 127.0.0.1 with its Unix socket in that folder (trust there, the folder is 0700), a
/// random password for TCP that lives only in this process, run as an unprivileged user when the tests run as root
/// (runuser: "postgres", else "nobody"; no user is created), stopped and deleted on Dispose. No system file is read or
/// written. Where the binaries are absent, <see cref="Up"/> is false and <see cref="Why"/> says how to install them.
/// </summary>
public sealed class PostgresInstance : IDisposable
{
    public const string InstallHint = "install them with `apt-get install postgresql` (initdb, pg_ctl and postgres under /usr/lib/postgresql/*/bin or on PATH)";
    private static readonly TimeSpan CommandGuard = TimeSpan.FromSeconds(60);

    private readonly string? _pgCtl;
    private readonly string? _user; // the user the server runs as, when this process is root
    private bool _running;

    /// <summary>The temp folder: data/, the Unix socket, the server log. Null when nothing was created.</summary>
    public string? Folder { get; private set; }
    public int Port { get; private set; }
    public bool Up => ConnectionString is not null;
    public string Why { get; } = "";
    /// <summary>TCP on 127.0.0.1 as user "flowalp" with the in-memory password, database "flowalp".</summary>
    public string? ConnectionString { get; private set; }

    public PostgresInstance() : this(DefaultBinDirs(), searchPath: true) { }

    /// <summary>For tests of the fixture itself: where to look for the binaries.</summary>
    internal PostgresInstance(IEnumerable<string> binDirs, bool searchPath)
    {
        var bin = FindBinaries(binDirs, searchPath);
        if (bin is null) { Why = $"PostgreSQL tests skipped: no PostgreSQL binaries found; {InstallHint}"; return; }
        _pgCtl = Path.Combine(bin, "pg_ctl");
        if (Environment.IsPrivilegedProcess) _user = UserExists("postgres") ? "postgres" : "nobody";
        try { Start(bin); }
        catch (Exception e) when (e is PostgresStartException or NpgsqlException or IOException or System.ComponentModel.Win32Exception)
        {
            Why = $"PostgreSQL tests skipped: the throwaway server did not start: {e.Message}";
            Dispose();
        }
    }

    private void Start(string bin)
    {
        Folder = _user is null
            ? Directory.CreateTempSubdirectory("flowalp-pg-").FullName // 0700, ours
            : Run("mktemp", ["-d", Path.Combine(Path.GetTempPath(), "flowalp-pg-XXXXXXXX")]).Trim(); // 0700, the server user's
        string data = Path.Combine(Folder, "data");
        Run(Path.Combine(bin, "initdb"), ["-D", data, "-U", "flowalp", "-E", "UTF8", "--auth-local=trust", "--auth-host=scram-sha-256", "--no-sync"]);
        for (int attempt = 1; ; attempt++)
        {
            Port = FreePort();
            try
            {
                Run(_pgCtl!, ["-D", data, "-l", Path.Combine(Folder, "server.log"), "-w", "-t", "30", "-o",
                    $"-p {Port} -k {Folder} -h 127.0.0.1 -c fsync=off -c full_page_writes=off", "start"]);
                _running = true;
                break;
            }
            catch (PostgresStartException) when (attempt < 3) { } // the free port was taken in between: try another
        }

        // the password is set over the private socket (trust) and kept only in this process
        string password = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
        var socket = new NpgsqlConnectionStringBuilder { Host = Folder, Port = Port, Username = "flowalp", Database = "postgres", Pooling = false };
        using (var c = new NpgsqlConnection(socket.ConnectionString))
        {
            c.Open();
            using (var alter = new NpgsqlCommand($"ALTER ROLE flowalp PASSWORD '{password}'", c)) alter.ExecuteNonQuery(); // hex: nothing to escape
            using (var create = new NpgsqlCommand("CREATE DATABASE flowalp", c)) create.ExecuteNonQuery();
        }
        ConnectionString = new NpgsqlConnectionStringBuilder
        { Host = "127.0.0.1", Port = Port, Username = "flowalp", Password = password, Database = "flowalp" }.ConnectionString;
    }

    public void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        if (_running)
        {
            try { Run(_pgCtl!, ["-D", Path.Combine(Folder!, "data"), "-m", "immediate", "-w", "-t", "30", "stop"]); }
            catch (Exception e) when (e is PostgresStartException or IOException) { KillPostmaster(); }
            _running = false;
        }
        if (Folder is not null && Directory.Exists(Folder)) Directory.Delete(Folder, recursive: true);
        Folder = null;
        ConnectionString = null;
    }

    // the server this fixture started, by the pid it wrote: only when pg_ctl could not stop it
    private void KillPostmaster()
    {
        string pidFile = Path.Combine(Folder!, "data", "postmaster.pid");
        if (File.Exists(pidFile) && int.TryParse(File.ReadLines(pidFile).First(), out int pid))
            try { Process.GetProcessById(pid).Kill(entireProcessTree: true); } catch (ArgumentException) { }
    }

    private static IEnumerable<string> DefaultBinDirs() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").OrderByDescending(d => int.TryParse(Path.GetFileName(d), out int v) ? v : 0).Select(d => Path.Combine(d, "bin"))
            : [];

    private static string? FindBinaries(IEnumerable<string> binDirs, bool searchPath)
    {
        var dirs = binDirs.ToList();
        if (searchPath) dirs.AddRange((Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries));
        return dirs.FirstOrDefault(d => new[] { "initdb", "pg_ctl", "postgres" }.All(b => File.Exists(Path.Combine(d, b))));
    }

    private static bool UserExists(string name)
    {
        try { Run("id", ["-u", name], asUser: null); return true; }
        catch (PostgresStartException) { return false; }
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private string Run(string file, IEnumerable<string> args) => Run(file, args, _user);

    /// <summary>Runs a command (as <paramref name="asUser"/> through runuser when given) and returns its output; a failure says which and why.</summary>
    private static string Run(string file, IEnumerable<string> args, string? asUser)
    {
        var psi = new ProcessStartInfo(asUser is null ? file : "runuser") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetTempPath() };
        if (asUser is not null) foreach (var a in new[] { "-u", asUser, "--", file }) psi.ArgumentList.Add(a);
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(CommandGuard)) { p.Kill(entireProcessTree: true); throw new PostgresStartException($"{Path.GetFileName(file)} took over {CommandGuard.TotalSeconds} s"); }
        if (p.ExitCode != 0)
        {
            string why = (error.Result + output.Result).Trim().ReplaceLineEndings(" ");
            throw new PostgresStartException($"{Path.GetFileName(file)} exited {p.ExitCode}: {(why.Length > 300 ? why[..300] : why)}");
        }
        return output.Result;
    }
}

internal sealed class PostgresStartException(string message) : Exception(message);

using System.Diagnostics;

namespace FlowAlp.Simulation.Tests.Persistence;

/// <summary>
/// PostgreSQL for the tests, started once per test run by scripts/postgres.sh (which installs it from Debian's packages
/// if needed). Where it cannot be installed or started, <see cref="Why"/> says why and the PostgreSQL tests skip.
/// </summary>
internal static class PostgresServer
{
    private static readonly Lazy<(bool Up, string Why)> Server = new(Start);

    public static bool Up => Server.Value.Up;
    public static string Why => Server.Value.Why;
    public static string ConnectionString => File.ReadAllText(Path.Combine(Repo.Root, "config", "persistence", "postgres.conf")).Trim();

    private static (bool, string) Start()
    {
        try
        {
            var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Repo.Root };
            psi.ArgumentList.Add(Path.Combine(Repo.Root, "scripts", "postgres.sh"));
            psi.ArgumentList.Add("start");
            using var p = Process.Start(psi)!;
            var err = p.StandardError.ReadToEndAsync();
            p.StandardOutput.ReadToEnd();
            if (!p.WaitForExit(180_000)) { p.Kill(true); return (false, "scripts/postgres.sh start took over 3 minutes"); }
            return p.ExitCode == 0 ? (true, "") : (false, $"scripts/postgres.sh start failed ({p.ExitCode}): {err.Result.Trim()}");
        }
        catch (Exception e) { return (false, $"scripts/postgres.sh could not run: {e.Message}"); }
    }
}

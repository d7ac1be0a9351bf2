using System.Diagnostics;
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
    private static readonly Lazy<(bool Up, string Why)> Server = new(Start);

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

    [SkippableFact]
    public async Task A_postgres_journal_recovers_and_verifies_a_rerun()
    {
        var (up, why) = Server.Value;
        Skip.IfNot(up, why);
        string connection = File.ReadAllText(Path.Combine(Repo.Root, "config", "persistence", "postgres.conf")).Trim();
        var spec = new PersistenceSpec(PersistenceMode.Checkpoint, 10, "postgres", connection);
        var s = TestScenarios.Parse() with { Persistence = spec };
        string dir = Path.Combine(Path.GetTempPath(), $"flowalp-pg-{Guid.NewGuid():N}"); // names the run's persistence id
        SimulationResult first;
        await using (var j = await RunJournal.Open(spec, dir, "sha-pg", "plain"))
            first = await SimulationRunner.Run(s, EngineKind.Plain, journal: j);
        await using var reopened = await RunJournal.Open(spec, dir, "sha-pg", "plain");
        Assert.Equal((long)s.Steps, reopened.State.LastStep);
        Assert.Equal((int)(s.Steps / 10) + 1, reopened.State.Steps.Count); // step 0 and every 10th
        Assert.Equal(first.EventLogSha256, reopened.State.Completed!.LogSha256);
        var again = await SimulationRunner.Run(s, EngineKind.Actors, journal: reopened, systemName: "pg-rerun");
        Assert.Equal(first.EventLogSha256, again.EventLogSha256);
    }
}

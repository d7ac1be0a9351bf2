using FlowAlp.Simulation.Persistence;
using FlowAlp.Simulation.Running;
using FlowAlp.Simulation.Scenarios;
using FlowAlp.Simulation.Tests.Scenarios;
using Microsoft.Data.Sqlite;

namespace FlowAlp.Simulation.Tests.Running;

/// <summary>A run as a session in phases (start, step, finish) and how it ended as a typed outcome.</summary>
public sealed class RunSessionTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"flowalp-session-{Guid.NewGuid():N}");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_dir)) Directory.Delete(_dir, true);
    }

    private static Scenario Checkpointed() => TestScenarios.Parse() with { Persistence = new PersistenceSpec(PersistenceMode.Checkpoint, 10) };

    [Fact]
    public async Task A_run_that_reaches_its_end_is_Completed_conserved_with_the_one_call_runners_event_log()
    {
        var s = TestScenarios.Parse();
        var direct = await SimulationRunner.Run(s, EngineKind.Plain);
        var outcome = await RunSession.Run(new RunOptions(s) { Engine = EngineKind.Plain });
        var done = Assert.IsType<RunOutcome.Completed>(outcome);
        Assert.True(done.Conserved);
        Assert.Equal(direct.EventLogSha256, done.Result.EventLogSha256);
        Assert.Equal(direct.EventCount, done.Result.EventCount);
    }

    [Fact]
    public async Task The_phases_step_by_step_give_the_same_event_log_and_samples_as_the_whole_run()
    {
        var s = TestScenarios.Parse();
        var whole = await SimulationRunner.Run(s, EngineKind.Plain);
        var steps = new List<ulong>();
        SimulationResult result;
        await using (var session = await RunSession.Start(new RunOptions(s) { Engine = EngineKind.Plain, Progress = p => steps.Add(p.Step) }))
        {
            Assert.Equal(1, session.FirstStep); // a new run: step 0 is the set-up
            for (long k = session.FirstStep; k <= (long)s.Steps; k++) await session.Step(k);
            result = await session.Finish();
        }
        Assert.Equal(whole.EventLogSha256, result.EventLogSha256);
        Assert.Equal(whole.SampleCount, result.SampleCount);
        Assert.Equal(s.Steps, steps[^1]);
    }

    [Fact]
    public async Task A_journal_that_cannot_write_ends_the_run_as_JournalFailed_with_the_last_saved_step()
    {
        var s = Checkpointed();
        bool dropped = false;
        await using var journal = await RunJournal.Open(s.Persistence, _dir, "sha-a", "plain");
        var outcome = await RunSession.Run(new RunOptions(s)
        {
            Engine = EngineKind.Plain, Journal = journal,
            Progress = p =>
            {
                if (dropped || p.Step < 60) return;
                using var c = new SqliteConnection($"Data Source={Path.Combine(_dir, "journal.db")};Pooling=False");
                c.Open();
                using var cmd = c.CreateCommand();
                cmd.CommandText = "DROP TABLE journal";
                cmd.ExecuteNonQuery();
                dropped = true;
            },
        });
        var failed = Assert.IsType<RunOutcome.JournalFailed>(outcome);
        Assert.Equal(60, failed.SavedStep);
        Assert.StartsWith("journal: write failed: ", failed.Reason);
        Assert.EndsWith("; the run stops here, nothing after step 60 was saved", failed.Reason);
    }

    [Fact]
    public async Task A_cancelled_run_ends_as_Interrupted_with_what_its_journal_saved()
    {
        var s = Checkpointed();
        await using var journal = await RunJournal.Open(s.Persistence, _dir, "sha-a", "plain");
        using var cancel = new CancellationTokenSource();
        ulong stoppedAfter = 0;
        var outcome = await RunSession.Run(new RunOptions(s)
        {
            Engine = EngineKind.Plain, Journal = journal, Cancel = cancel.Token,
            Progress = p =>
            {
                if (p.Step < 60 || cancel.IsCancellationRequested) return;
                stoppedAfter = p.Step;
                cancel.Cancel();
            },
        });
        var interrupted = Assert.IsType<RunOutcome.Interrupted>(outcome);
        Assert.Equal((long)stoppedAfter / 10 * 10, interrupted.SavedStep); // the last checkpoint (every 10 steps) at or before the stop
        Assert.Equal(journal.Saved, interrupted.SavedStep);
        Assert.Null(journal.State.Completed);
    }

    [Fact]
    public async Task A_cancelled_run_without_a_journal_is_Interrupted_with_nothing_saved()
    {
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        var outcome = await RunSession.Run(new RunOptions(TestScenarios.Parse()) { Engine = EngineKind.Plain, Cancel = cancel.Token });
        Assert.Equal(new RunOutcome.Interrupted(null), outcome);
    }
}

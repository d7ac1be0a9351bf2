using FlowAlp.Simulation.Persistence;
using FlowAlp.Simulation.Reports;
using FlowAlp.Simulation.Running;
using FlowAlp.Simulation.Scenarios;
using FlowAlp.Simulation.Tests.Scenarios;
using Microsoft.Data.Sqlite;

namespace FlowAlp.Simulation.Tests.Persistence;

/// <summary>
/// The journal opened at its first write (<see cref="RunJournal.OpenWhenNeeded"/>): a run that ends or stops before its
/// first checkpoint leaves no journal.db and still resumes (from step 0, to the same event log); a forced policy opens
/// it at its first checkpoint and resumes from its snapshots; a journal that cannot be opened then stops the run as a
/// failed write does.
/// </summary>
public sealed class LazyJournalTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"flowalp-lazy-{Guid.NewGuid():N}");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_root)) Directory.Delete(_root, true);
    }

    private static Scenario Crash(int? every = null) => TestScenarios.Parse() with { Persistence = new PersistenceSpec(PersistenceMode.Checkpoint, every) };

    [Fact]
    public async Task A_run_that_ends_before_its_first_checkpoint_opens_no_journal()
    {
        var s = Crash();
        var (outcome, journalOpened) = await Run(s, "short");
        var done = Assert.IsType<RunOutcome.Completed>(outcome);
        Assert.False(journalOpened);
        Assert.Empty(Directory.GetFiles(Dir("short"), "journal.db*"));
        var off = await SimulationRunner.Run(s with { Persistence = new PersistenceSpec(PersistenceMode.Off) }, EngineKind.Plain);
        Assert.Equal(off.EventLogSha256, done.Result.EventLogSha256);
    }

    [Fact]
    public async Task A_new_run_removes_a_stale_journal_before_it_starts()
    {
        var s = Crash(60);
        Directory.CreateDirectory(Dir("stale"));
        await using (var old = await RunJournal.Open(s.Persistence, Dir("stale"), "sha-old", "plain", "old")) { }
        Assert.True(File.Exists(Path.Combine(Dir("stale"), "journal.db")));
        await using var fresh = await RunJournal.OpenWhenNeeded(s.Persistence, Dir("stale"), "sha", "plain", "new", fresh: true);
        Assert.False(fresh.IsOpen);
        Assert.Empty(Directory.GetFiles(Dir("stale"), "journal.db*"));
    }

    [Fact]
    public async Task Every_steps_opens_the_journal_at_its_first_checkpoint_and_a_stopped_run_resumes_from_its_snapshot()
    {
        var s = Crash(60); // 360 steps: checkpoints after 60, 120, 180, 240, 300
        var (clean, cleanOpened) = await Run(s, "clean");
        Assert.True(cleanOpened);
        await using (var j = await RunJournal.Open(s.Persistence, Dir("clean"), "sha", "plain", "clean"))
        {
            Assert.Equal(5, (await j.SnapshotSequenceNrs()).Count);
            Assert.Equal(300, RunSnapshot.Parse(j.State.Snapshot!).Step);
            Assert.Equal([360L], j.State.Steps.Keys.ToArray()); // recorded after the latest snapshot: the last step
            Assert.Equal(360, j.State.Completed!.Steps);
        }

        var (stopped, _) = await Run(s, "stopped", stopAt: 200);
        Assert.IsType<RunOutcome.Interrupted>(stopped);
        var (resumed, _) = await Run(s, "stopped", resume: true);
        Assert.True(_firstStep > 180, $"the resume ran from step {_firstStep}, not after the snapshot at 180");
        AssertSameRun(clean, "clean", resumed, "stopped");
    }

    [Fact]
    public async Task A_run_stopped_before_its_first_checkpoint_leaves_no_journal_and_resumes_from_step_zero()
    {
        var s = Crash();
        var (clean, _) = await Run(s, "clean");
        var (stopped, _) = await Run(s, "stopped", stopAt: 200);
        Assert.IsType<RunOutcome.Interrupted>(stopped);
        Assert.Empty(Directory.GetFiles(Dir("stopped"), "journal.db*"));
        var (resumed, opened) = await Run(s, "stopped", resume: true);
        Assert.False(opened);
        Assert.Equal(5, _firstStep); // re-run from step 0: its first sample is step 5's
        AssertSameRun(clean, "clean", resumed, "stopped");
    }

    [Fact]
    public async Task A_journal_that_cannot_be_opened_at_its_first_write_stops_the_run_with_nothing_saved()
    {
        var s = Crash(60);
        string d = Dir("blocked");
        Directory.CreateDirectory(d);
        await using var journal = await RunJournal.OpenWhenNeeded(s.Persistence, d, "sha", "plain", "blocked", fresh: true);
        Directory.CreateDirectory(Path.Combine(d, "journal.db")); // taken after the run started
        var outcome = await RunSession.Run(new RunOptions(s) { Engine = EngineKind.Plain, Journal = journal, EventLogFile = Path.Combine(d, "events.jsonl") });
        var failed = Assert.IsType<RunOutcome.JournalFailed>(outcome);
        Assert.Equal(0, failed.SavedStep);
        Assert.Equal($"journal {Path.Combine(d, "journal.db")}: is a folder, not a database file; the run stops here, nothing after step 0 was saved", failed.Reason);
    }

    private long _firstStep;

    private string Dir(string name) => Path.Combine(_root, name);

    private void AssertSameRun(RunOutcome expected, string expectedDir, RunOutcome actual, string actualDir)
    {
        var a = Assert.IsType<RunOutcome.Completed>(expected).Result;
        var b = Assert.IsType<RunOutcome.Completed>(actual).Result;
        Assert.Equal(a.EventLogSha256, b.EventLogSha256);
        Assert.Equal(RunReport.Summary(a).ToJsonString(), RunReport.Summary(b).ToJsonString());
        foreach (var f in new[] { "events.jsonl", "timeseries.csv" })
            Assert.Equal(File.ReadAllBytes(Path.Combine(Dir(expectedDir), f)), File.ReadAllBytes(Path.Combine(Dir(actualDir), f)));
    }

    /// <summary>A journaled run as `flowalp run` / `resume` do it (outputs streamed to the folder, the journal opened when needed); cancelled at <paramref name="stopAt"/>.</summary>
    private async Task<(RunOutcome Outcome, bool JournalOpened)> Run(Scenario s, string dir, long stopAt = -1, bool resume = false)
    {
        string d = Dir(dir);
        Directory.CreateDirectory(d);
        using var cancel = new CancellationTokenSource();
        _firstStep = long.MaxValue;
        using var stream = new TimeSeriesStream(s, Path.Combine(d, "timeseries.csv"), keep: resume);
        await using var journal = await RunJournal.OpenWhenNeeded(s.Persistence, d, "sha", "plain", dir, fresh: !resume);
        var outcome = await RunSession.Run(new RunOptions(s)
        {
            Engine = EngineKind.Plain, Cancel = cancel.Token, EventLogFile = Path.Combine(d, "events.jsonl"), Journal = journal, OnSample = stream.Add, Series = stream,
            Progress = p =>
            {
                _firstStep = Math.Min(_firstStep, (long)p.Step);
                if (stopAt >= 0 && (long)p.Step >= stopAt) cancel.Cancel();
            },
        });
        stream.Flush();
        return (outcome, journal.IsOpen);
    }
}

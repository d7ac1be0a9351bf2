using FlowAlp.Simulation.Persistence;
using FlowAlp.Simulation.Reports;
using FlowAlp.Simulation.Running;
using FlowAlp.Simulation.Scenarios;
using FlowAlp.Simulation.Tests.Scenarios;
using Microsoft.Data.Sqlite;

namespace FlowAlp.Simulation.Tests.Persistence;

/// <summary>The run journal on SQLite: recovery after the actor system stops, integrity checks, forks.</summary>
public sealed class JournalTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"flowalp-journal-{Guid.NewGuid():N}");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_dir)) Directory.Delete(_dir, true);
    }

    private static Scenario Crash(PersistenceMode mode, int every = 5) => TestScenarios.Parse() with { Persistence = new PersistenceSpec(mode, every) };

    /// <summary>No state snapshot is taken (one is due only before the last step): recovery replays every journaled step.</summary>
    private static Scenario WithoutSnapshots(PersistenceMode mode) => Crash(mode, (int)TestScenarios.Parse().Steps);

    [Fact]
    public async Task A_journal_recovers_every_step_after_its_actor_system_is_gone_and_a_rerun_matches_it()
    {
        var s = WithoutSnapshots(PersistenceMode.Events);
        SimulationResult first;
        await using (var journal = await RunJournal.Open(s.Persistence, _dir, "sha-a", "plain"))
            first = await SimulationRunner.Run(s, EngineKind.Plain, journal: journal);

        await using var reopened = await RunJournal.Open(s.Persistence, _dir, "sha-a", "plain");
        var state = reopened.State;
        Assert.Equal((long)s.Steps, state.LastStep);
        Assert.Equal((int)s.Steps + 1, state.Steps.Count); // step 0 (set-up) and every step
        Assert.NotNull(state.Completed);
        Assert.Equal(first.EventLogSha256, state.Steps[(long)s.Steps].LogSha256);
        Assert.Equal(first.EventCount, state.Steps[(long)s.Steps].EventCount);
        // events mode: the journal holds every event line, in order
        Assert.Equal(first.EventLog, state.Steps.OrderBy(kv => kv.Key).SelectMany(kv => kv.Value.Events!).ToList());
        // a resumed run re-derives every step and checks it against the journal
        var again = await SimulationRunner.Run(s, EngineKind.Actors, journal: reopened, systemName: "rerun");
        Assert.Equal(first.EventLogSha256, again.EventLogSha256);
    }

    [Fact]
    public async Task A_journal_recovers_from_its_latest_snapshot_and_the_steps_after_it()
    {
        var s = Crash(PersistenceMode.Events, 40);
        SimulationResult first;
        await using (var journal = await RunJournal.Open(s.Persistence, _dir, "sha-a", "plain"))
            first = await SimulationRunner.Run(s, EngineKind.Plain, journal: journal);

        await using var reopened = await RunJournal.Open(s.Persistence, _dir, "sha-a", "plain");
        var state = reopened.State;
        long last = ((long)s.Steps - 1) / 40 * 40; // the last snapshot: a multiple of 40 before the last step
        var snap = RunSnapshot.Parse(state.Snapshot!);
        Assert.Equal(last, snap.Step);
        Assert.Equal(new JournalOpened("sha-a", JournalFormat.Current, "plain"), state.Header); // the header comes back with the snapshot
        Assert.Equal(Enumerable.Range((int)last + 1, (int)((long)s.Steps - last)).Select(i => (long)i), state.Steps.Keys); // only the steps after it are replayed
        Assert.Equal(first.EventLogSha256, state.Steps[(long)s.Steps].LogSha256);
        // the snapshot's log position is the step record's at that step
        Assert.Equal(first.EventLog.Count - state.Steps.Values.Sum(v => v.Events!.Length), snap.Engine.Log.Count);
    }

    [Fact]
    public async Task A_resume_whose_steps_after_the_snapshot_do_not_match_stops()
    {
        var s = Crash(PersistenceMode.Checkpoint, 50);
        await using (var j = await RunJournal.Open(s.Persistence, _dir, "sha-a", "plain"))
            await SimulationRunner.Run(s, EngineKind.Plain, journal: j);
        // same scenario hash claimed, but FLOW ends lower: restored from the snapshot (5 h), the last hour differs from the journal's record
        var lower = TestScenarios.Parse(TestScenarios.Crash.Replace("\"hours\": 6, \"price\": 0.66", "\"hours\": 6, \"price\": 0.30")) with { Persistence = s.Persistence };
        Assert.NotEqual(s.Prices["FLOW"], lower.Prices["FLOW"]);
        await using var reopened = await RunJournal.Open(s.Persistence, _dir, "sha-a", "plain");
        var e = await Assert.ThrowsAsync<SimulationException>(() => SimulationRunner.Run(lower, EngineKind.Plain, journal: reopened));
        Assert.Matches(@"^journal: step \d+ does not match this run", e.Message);
        long step = long.Parse(e.Message.Split(' ')[2]);
        Assert.True(step > RunSnapshot.Parse(reopened.State.Snapshot!).Step, e.Message);
    }

    [Fact]
    public async Task A_damaged_snapshot_is_detected_and_the_run_is_re_derived_from_step_0()
    {
        var s = Crash(PersistenceMode.Checkpoint, 50);
        SimulationResult first;
        await using (var j = await RunJournal.Open(s.Persistence, _dir, "sha-a", "plain"))
            first = await SimulationRunner.Run(s, EngineKind.Plain, journal: j);
        Assert.True(DamageSnapshots(latestOnly: false) >= 2);
        await using var reopened = await RunJournal.Open(s.Persistence, _dir, "sha-a", "plain");
        var e = Assert.Throws<InvalidDataException>(() => RunSnapshot.Parse(reopened.State.Snapshot!));
        Assert.Equal("state snapshot is damaged or truncated (its SHA-256 does not match)", e.Message);
        Assert.Null(await reopened.SnapshotBefore(long.MaxValue)); // every stored one fails its check
        var again = await SimulationRunner.Run(s, EngineKind.Plain, journal: reopened); // never half-loaded: it runs again from step 0
        Assert.Equal(first.EventLogSha256, again.EventLogSha256);
    }

    [Fact]
    public async Task A_journal_write_that_fails_stops_the_run_with_the_reason()
    {
        var s = Crash(PersistenceMode.Checkpoint, 10);
        bool dropped = false;
        await using var journal = await RunJournal.Open(s.Persistence, _dir, "sha-a", "plain");
        var e = await Assert.ThrowsAsync<JournalWriteException>(() => SimulationRunner.Run(s, EngineKind.Plain, p =>
        {
            if (dropped || p.Step < 60) return;
            // the journal's table goes away under the running run (another process, a broken disk): its next write fails
            using var c = new SqliteConnection($"Data Source={Path.Combine(_dir, "journal.db")};Pooling=False");
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "DROP TABLE journal";
            cmd.ExecuteNonQuery();
            dropped = true;
        }, journal: journal));
        Assert.True(dropped);
        Assert.StartsWith("journal: write failed: ", e.Message);
        Assert.Contains("no such table: journal", e.Message);
        Assert.EndsWith("; the run stops here, nothing after step 60 was saved", e.Message);
        Assert.Equal(60, e.SavedStep);
    }

    [Fact]
    public async Task Older_snapshots_are_thinned_to_a_bounded_spread_and_a_fork_finds_the_latest_before_its_step()
    {
        var s = Crash(PersistenceMode.Checkpoint, 5); // 71 snapshots over the run
        await using (var j = await RunJournal.Open(s.Persistence, _dir, "sha-a", "plain"))
            await SimulationRunner.Run(s, EngineKind.Plain, journal: j);
        await using var reopened = await RunJournal.Open(s.Persistence, _dir, "sha-a", "plain");
        var stored = await reopened.SnapshotSequenceNrs();
        Assert.InRange(stored.Count, RunJournal.KeptSnapshots / 2, RunJournal.KeptSnapshots + 1);
        var latest = RunSnapshot.Parse(reopened.State.Snapshot!);
        Assert.Equal(((long)s.Steps - 1) / 5 * 5, latest.Step); // the latest is always kept
        // the oldest kept is from early in the run: the spread covers it all
        var oldest = await reopened.SnapshotBefore(long.MaxValue) is { } any ? any.Step : -1;
        Assert.Equal(latest.Step, oldest);
        var early = await reopened.SnapshotBefore(60);
        Assert.NotNull(early);
        Assert.InRange(early!.Step, 5, 55);
        var before = await reopened.SnapshotBefore(200);
        Assert.NotNull(before);
        Assert.InRange(before!.Step, early.Step, 195);
        Assert.Null(await reopened.SnapshotBefore(5)); // none before the first
    }

    [Fact]
    public async Task A_damaged_latest_snapshot_gives_way_to_the_one_before_it()
    {
        var s = Crash(PersistenceMode.Checkpoint, 50);
        SimulationResult first;
        await using (var j = await RunJournal.Open(s.Persistence, _dir, "sha-a", "plain"))
            first = await SimulationRunner.Run(s, EngineKind.Plain, eventLogFile: Path.Combine(_dir, "events.jsonl"), journal: j);
        Assert.Equal(1, DamageSnapshots(latestOnly: true));
        await using var reopened = await RunJournal.Open(s.Persistence, _dir, "sha-a", "plain");
        var older = await reopened.SnapshotBefore(long.MaxValue); // the damaged latest is skipped
        Assert.Equal(300, older!.Step); // the run's snapshots: 50, 100, …, 350
        var again = await SimulationRunner.Run(s, EngineKind.Plain, eventLogFile: Path.Combine(_dir, "events.jsonl"), journal: reopened);
        Assert.Equal(first.EventLogSha256, again.EventLogSha256);
        Assert.Equal(first.EventCount, again.EventCount);
    }

    /// <summary>Flips one byte in the middle of the stored snapshots (their headers stay readable); returns how many.</summary>
    private int DamageSnapshots(bool latestOnly)
    {
        SqliteConnection.ClearAllPools();
        using var c = new SqliteConnection($"Data Source={Path.Combine(_dir, "journal.db")}");
        c.Open();
        var rows = new List<(long Seq, byte[] Bytes)>();
        using (var read = c.CreateCommand())
        {
            read.CommandText = "SELECT sequence_number, snapshot FROM snapshot ORDER BY sequence_number DESC";
            using var r = read.ExecuteReader();
            while (r.Read()) rows.Add((r.GetInt64(0), (byte[])r.GetValue(1)));
        }
        foreach (var (seq, bytes) in latestOnly ? rows.Take(1) : rows)
        {
            bytes[bytes.Length / 2] ^= 0xFF;
            using var write = c.CreateCommand();
            write.CommandText = "UPDATE snapshot SET snapshot = $b WHERE sequence_number = $s";
            write.Parameters.AddWithValue("$b", bytes);
            write.Parameters.AddWithValue("$s", seq);
            write.ExecuteNonQuery();
        }
        c.Close();
        SqliteConnection.ClearAllPools();
        return latestOnly ? Math.Min(1, rows.Count) : rows.Count;
    }

    [Fact]
    public async Task A_journal_of_another_scenario_is_refused()
    {
        var s = Crash(PersistenceMode.Checkpoint);
        await using (var j = await RunJournal.Open(s.Persistence, _dir, "sha-a", "plain")) { }
        var e = await Assert.ThrowsAsync<SimulationException>(() => RunJournal.Open(s.Persistence, _dir, "sha-b", "plain"));
        Assert.Equal("journal: belongs to another scenario (its scenario hash differs from this one)", e.Message);
    }

    [Fact]
    public async Task A_journal_whose_steps_do_not_match_the_run_stops_it()
    {
        var s = WithoutSnapshots(PersistenceMode.Checkpoint);
        await using (var j = await RunJournal.Open(s.Persistence, _dir, "sha-a", "plain"))
            await SimulationRunner.Run(s, EngineKind.Plain, journal: j);
        // same scenario hash claimed, but another seed: the re-derived steps differ from the journal
        await using var reopened = await RunJournal.Open(s.Persistence, _dir, "sha-a", "plain");
        var e = await Assert.ThrowsAsync<SimulationException>(() => SimulationRunner.Run(s with { Seed = 99 }, EngineKind.Plain, journal: reopened));
        Assert.StartsWith($"journal: step {s.Steps} does not match this run", e.Message); // the one step it holds: no checkpoint before the last step (step 0 is not recorded)
    }

    [Fact]
    public async Task A_corrupted_journal_file_is_detected_not_half_loaded()
    {
        Directory.CreateDirectory(_dir);
        File.WriteAllBytes(Path.Combine(_dir, "journal.db"), Enumerable.Repeat((byte)0x5A, 8192).ToArray());
        var e = await Assert.ThrowsAsync<SimulationException>(() => RunJournal.Open(PersistenceSpec.Default, _dir, "sha-a", "plain"));
        Assert.StartsWith($"journal {Path.Combine(_dir, "journal.db")}: cannot be read", e.Message);
    }

    [Fact]
    public async Task A_journal_with_damaged_pages_is_refused_in_one_line()
    {
        var s = WithoutSnapshots(PersistenceMode.Events);
        await using (var j = await RunJournal.Open(s.Persistence, _dir, "sha-a", "plain"))
            await SimulationRunner.Run(s, EngineKind.Plain, journal: j);
        string file = Path.Combine(_dir, "journal.db");
        using (var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={file}"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            cmd.ExecuteNonQuery();
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var bytes = File.ReadAllBytes(file);
        Assert.True(bytes.Length > 3 * 4096, $"journal of {bytes.Length} bytes");
        // zero the cell pointers of every page after the first two: the b-trees no longer hold together
        for (int page = 2; page * 4096 < bytes.Length; page++) Array.Clear(bytes, page * 4096 + 12, 64);
        File.WriteAllBytes(file, bytes);
        var e = await Assert.ThrowsAsync<SimulationException>(() => RunJournal.Open(s.Persistence, _dir, "sha-a", "plain"));
        Assert.Matches($"^journal {System.Text.RegularExpressions.Regex.Escape(file)}: (corrupted \\(.+\\)|cannot be read: .+)$", e.Message);
        Assert.DoesNotContain("\n", e.Message);
    }

    [Fact]
    public async Task A_fork_follows_the_source_up_to_its_step_and_diverges_after()
    {
        var s = TestScenarios.Parse();
        var source = await SimulationRunner.Run(s, EngineKind.Plain);
        const long at = 150; // 2.5 h: before the crash of hour 2–3 has finished
        var fork = RunFolder.ForkSpecFrom(TestScenarios.Crash, Repo.Root, at,
            [("prices.FLOW", """{ "process": "constant", "start": 1.0 }""")]);
        var forked = await SimulationRunner.Run(s, EngineKind.Plain, fork: fork);

        var a = source.EventLog;
        var b = forked.EventLog;
        ulong forkTime = (ulong)at * s.StepSeconds;
        int prefix = a.TakeWhile(l => Time(l) <= forkTime).Count();
        Assert.True(prefix > 100);
        Assert.Equal(a.Take(prefix), b.Take(prefix));            // identical up to and including the fork step
        Assert.NotEqual(a.Skip(prefix).Take(50), b.Skip(prefix).Take(50)); // then the futures differ
        var srcPrice = source.Samples.Single(m => m.Time.Floor == forkTime).Tokens.Single(t => t.Token == "FLOW").Price;
        // the new process continues from the price at the fork: FLOW stays at that price from then on
        Assert.All(forked.Samples.Where(m => m.Time.Floor > forkTime), m => Assert.Equal(srcPrice, m.Tokens.Single(t => t.Token == "FLOW").Price));
        Assert.True(RunReport.Summary(forked)["conservation"]!.AsObject().All(c => c.Value!["conserved"]!.GetValue<bool>()));
    }

    [Fact]
    public void A_fork_may_not_change_what_is_set_up_at_step_0()
    {
        var e = Assert.Throws<ScenarioException>(() => RunFolder.ForkSpecFrom(TestScenarios.Crash, Repo.Root, 10, [("rebalancers.intervalSeconds", "60")]));
        Assert.Equal("set: 'rebalancers.intervalSeconds': a fork changes prices.TOKEN…, tokens[i].SETTING, pool.SETTING or faults only (the rest is set up at step 0)", e.Message);
        var late = Assert.Throws<ScenarioException>(() => RunFolder.ForkSpecFrom(TestScenarios.Crash, Repo.Root, 360, [("prices.FLOW.start", "2")]));
        Assert.Equal(("at", true, "must be a step between 0 and 359"), (late.Field, late.IsArgument, late.Reason));
    }

    private static ulong Time(string line) => ulong.Parse(System.Text.Json.Nodes.JsonNode.Parse(line)!["t"]!.GetValue<string>().Split('.')[0]);
}

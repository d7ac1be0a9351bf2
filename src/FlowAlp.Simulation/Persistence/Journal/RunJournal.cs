using Akka.Actor;
using Akka.Configuration;
using Microsoft.Data.Sqlite;
using FlowAlp.Simulation.Running;

namespace FlowAlp.Simulation.Persistence;

/// <summary>
/// A run's journal on its own ActorSystem (so either engine can use it): SQLite in the run folder by default, PostgreSQL
/// by connection string. Opening checks the journal belongs to this scenario and format; every failure is a
/// <see cref="SimulationException"/> with a one-line reason (never a half-loaded journal). A run's journal is opened
/// when first written (<see cref="OpenWhenNeeded"/>): until then nothing of SQLite or Akka.Persistence is started, and a
/// run that ends before its first checkpoint leaves no journal (a resume of its folder re-runs from step 0, or finds it finished).
/// </summary>
public sealed class RunJournal : IAsyncDisposable
{
    /// <summary>SQLite's integrity report (many lines) as one: the first problem and how many more.</summary>
    private static string IntegrityProblems(string report)
    {
        var problems = report.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(l => !l.StartsWith("***", StringComparison.Ordinal)).ToList();
        return problems.Count switch { 0 => "integrity check failed", 1 => problems[0], _ => $"{problems[0]}; and {problems.Count - 1} more problems" };
    }

    private static readonly TimeSpan Guard = TimeSpan.FromMinutes(2);
    private ActorSystem? _system;
    private IActorRef? _actor;

    public PersistenceSpec Spec { get; }
    public JournalState State { get; private set; } = new(null, new Dictionary<long, StepJournaled>(), null);

    private string _connection, _provider, _id;
    /// <summary>Opens the journal at its first write (null once open, or for a journal opened at once).</summary>
    private Func<Task<RunJournal>>? _deferred;

    private RunJournal(ActorSystem? system, IActorRef? actor, PersistenceSpec spec, string connection, string provider, string id)
    {
        _system = system;
        _actor = actor;
        Spec = spec;
        (_connection, _provider, _id) = (connection, provider, id);
    }

    /// <summary>Whether the journal's stack is started (a deferred journal is not until its first write).</summary>
    public bool IsOpen => _system is not null;

    /// <summary>
    /// The run's journal, opened now only when it holds something to read (a resume of a folder whose journal exists, or
    /// a PostgreSQL resume); otherwise deferred to its first write: a new run's journal, or a resume of a run that never
    /// wrote one (its state is then empty). The checks that need no journal stack (the folder, the database's reachability)
    /// run now, and a new run's stale SQLite files are removed now, so they fail or happen as before.
    /// </summary>
    public static async Task<RunJournal> OpenWhenNeeded(PersistenceSpec spec, string runDir, string scenarioSha256, string engine, string? journalId, bool fresh)
    {
        string file = Path.Combine(runDir, "journal.db");
        bool sqlite = spec.Backend != "postgres";
        if (!fresh && (!sqlite || File.Exists(file))) return await Open(spec, runDir, scenarioSha256, engine, journalId, fresh: false);
        DatabasePreflight.Check(spec, runDir);
        if (sqlite && fresh && new[] { file, file + "-wal", file + "-shm" }.Any(File.Exists))
        {
            SqliteConnection.ClearAllPools();
            foreach (var f in new[] { file, file + "-wal", file + "-shm" }) File.Delete(f);
        }
        return new RunJournal(null, null, spec, "", "", journalId ?? "")
        {
            _deferred = () => Open(spec, runDir, scenarioSha256, engine, journalId, fresh: false),
        };
    }

    /// <summary>Opens a deferred journal (its first write): a failure stops the run as a failed write does, with nothing saved.</summary>
    private async Task EnsureOpen()
    {
        if (_deferred is not { } open) return;
        _deferred = null;
        RunJournal opened;
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        try { opened = await open(); }
        catch (SimulationException e) when (e is not JournalWriteException)
        {
            throw new JournalWriteException($"{e.Message}; the run stops here, nothing after step {Saved} was saved", Saved);
        }
        (_system, _actor, _connection, _provider, _id, State) = (opened._system, opened._actor, opened._connection, opened._provider, opened._id, opened.State);
        OpenTime = System.Diagnostics.Stopwatch.GetElapsedTime(started);
    }

    /// <summary>The wall time a deferred journal took to open at its first write (zero before, or for one opened at once).</summary>
    public TimeSpan OpenTime { get; private set; }

    /// <summary>The journal's header, opening a deferred journal first (a state snapshot carries it).</summary>
    public async Task<JournalOpened> Header()
    {
        await EnsureOpen();
        return State.Header!;
    }

    /// <param name="journalId">the run's persistence id (run.json keeps it, so a resume finds the same journal)</param>
    /// <param name="fresh">a new run: a SQLite journal left in the folder by an earlier run is replaced</param>
    public static async Task<RunJournal> Open(PersistenceSpec spec, string runDir, string scenarioSha256, string engine, string? journalId = null, bool fresh = false)
    {
        DatabasePreflight.Check(spec, runDir); // a database that is down or a bad connection string: one line in seconds, not a retry loop
        string connection, provider;
        if (spec.Backend == "postgres")
        {
            connection = spec.ConnectionString ?? throw new SimulationException("persistence.connectionString: required for the postgres backend");
            provider = PersistenceConfig.PostgresProvider;
        }
        else
        {
            Directory.CreateDirectory(runDir);
            string file = Path.Combine(runDir, "journal.db");
            if (fresh)
            {
                SqliteConnection.ClearAllPools();
                foreach (var f in new[] { file, file + "-wal", file + "-shm" }) File.Delete(f);
            }
            connection = new SqliteConnectionStringBuilder { DataSource = file }.ToString(); // a value, not spliced: the path may hold ; or "
            provider = PersistenceConfig.SqliteProvider;
            try
            {
                using var c = new SqliteConnection(connection);
                c.Open();
                using var cmd = c.CreateCommand();
                cmd.CommandText = "PRAGMA journal_mode=WAL; PRAGMA integrity_check;";
                using var r = cmd.ExecuteReader();
                r.NextResult();
                if (r.Read() && r.GetString(0) != "ok") throw new SimulationException($"journal {file}: corrupted ({IntegrityProblems(r.GetString(0))})");
            }
            catch (SqliteException e) { throw new SimulationException($"journal {file}: cannot be read: {e.Message.Split('\n')[0]}"); }
        }
        string id = journalId ?? "run-" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Path.GetFullPath(runDir))))[..16].ToLowerInvariant();
        // rows are untrusted input: each must be FlowAlp's own serializer and manifest before Akka reads any of them
        if (JournalRowCheck.Check(connection, provider, id) is { } refused)
            throw new SimulationException($"journal {(provider == PersistenceConfig.SqliteProvider ? Path.Combine(runDir, "journal.db") : "(PostgreSQL)")}: {refused}");
        var system = ActorSystem.Create("journal", Hocon(connection, provider));
        var actor = system.ActorOf(RunJournalActor.Props(id), "run-journal");
        var journal = new RunJournal(system, actor, spec, connection, provider, id);
        try
        {
            journal.State = await journal.Ask<JournalState>(new OpenJournal(scenarioSha256, engine));
        }
        catch (Exception e) when (e is not SimulationException)
        {
            await system.Terminate();
            throw new SimulationException($"journal: cannot be recovered: {e.Message.Split('\n')[0]}");
        }
        if (journal.State.Header is null && journal.State.SnapshotError is { } damaged)
        {
            await system.Terminate();
            throw new SimulationException($"journal: its state snapshot is unreadable ({damaged})");
        }
        var h = journal.State.Header!;
        if (h.Format > JournalFormat.Current)
        {
            await system.Terminate();
            throw new SimulationException($"journal: written by a newer format ({h.Format} > {JournalFormat.Current}); use a newer flowalp");
        }
        if (h.ScenarioSha256 != scenarioSha256)
        {
            await system.Terminate();
            throw new SimulationException("journal: belongs to another scenario (its scenario hash differs from this one)");
        }
        return journal;
    }

    private static Config Hocon(string connection, string provider) => ConfigurationFactory.ParseString($$"""
        akka {
          loglevel = WARNING
          stdout-loglevel = OFF
          {{FlowAlp.Actors.Engine.AkkaConfig.SerilogLoggers}}
        }
        """).WithFallback(PersistenceConfig.Sql(connection, provider));

    private async Task<T> Ask<T>(object message)
    {
        await EnsureOpen();
        try
        {
            var reply = await _actor!.Ask<object>(message, Guard);
            if (reply is Status.Failure f) throw f.Cause;
            return reply is T t ? t : throw new SimulationException($"journal: unexpected reply {reply.GetType().Name}");
        }
        catch (JournalWriteFailed e)
        {
            throw new JournalWriteException($"journal: write failed: {e.Message}; the run stops here, nothing after step {Saved} was saved", Saved);
        }
        catch (Exception e) when (e is AskTimeoutException or ActorKilledException or TaskCanceledException)
        {
            throw new JournalWriteException($"journal: write failed or timed out ({e.GetType().Name}); the run stops here, nothing after step {Saved} was saved", Saved);
        }
    }

    /// <summary>What this process wrote: step records, event lines inside them, and the time spent waiting for the writes.</summary>
    public (long Records, long Events, TimeSpan WriteTime) Written => (_records, _events, _writeTime.Elapsed);
    private long _records, _events, _saved;
    /// <summary>The last step the journal holds: recovered, or recorded by this process.</summary>
    public long Saved => Math.Max(State.LastStep, _saved);
    private readonly System.Diagnostics.Stopwatch _writeTime = new();

    public async Task Record(StepJournaled step)
    {
        _writeTime.Start();
        try { await Ask<Journaled>(step); }
        finally { _writeTime.Stop(); }
        _records++;
        _events += step.Events?.Length ?? 0;
        _saved = Math.Max(_saved, step.Step);
    }

    /// <summary>How many older snapshots are kept besides the latest (forks start from them): thinned to every other one when exceeded.</summary>
    public const int KeptSnapshots = 16;

    /// <summary>
    /// Stores a state snapshot. The journal keeps the latest and up to <see cref="KeptSnapshots"/> older ones: when there
    /// are more, every other older one is deleted, so they stay spread over the whole run (their spacing doubles).
    /// </summary>
    /// <param name="captureTime">the time it took to capture (counted in <see cref="Snapshots"/>)</param>
    public async Task SaveSnapshot(RunSnapshot snapshot, TimeSpan captureTime)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var bytes = snapshot.ToBytes();
        await Ask<Journaled>(new SaveRunSnapshot(bytes));
        var stored = await SnapshotSequenceNrs();
        if (stored.Count > KeptSnapshots + 1)
            _actor!.Tell(new DeleteRunSnapshots(stored.SkipLast(1).Where((_, i) => i % 2 == 1).ToList()));
        _snapshots++;
        _snapshotBytes = bytes.LongLength;
        _snapshotTime += watch.Elapsed + captureTime;
    }

    /// <summary>State snapshots this process stored, the size of the last, and the time spent capturing and storing them.</summary>
    public (long Count, long LastBytes, TimeSpan Time) Snapshots => (_snapshots, _snapshotBytes, _snapshotTime);
    private long _snapshots, _snapshotBytes;
    private TimeSpan _snapshotTime;

    /// <summary>The sequence numbers of the stored snapshots, oldest first (read from the snapshot table).</summary>
    public async Task<IReadOnlyList<long>> SnapshotSequenceNrs()
    {
        if (!IsOpen) return []; // a deferred journal has stored nothing
        const string Sql = "SELECT sequence_number FROM snapshot WHERE persistence_id = @id ORDER BY sequence_number";
        var list = new List<long>();
        try
        {
            await using System.Data.Common.DbConnection c = _provider == PersistenceConfig.PostgresProvider ? new Npgsql.NpgsqlConnection(_connection) : new SqliteConnection(_connection);
            await c.OpenAsync();
            await using var cmd = c.CreateCommand();
            cmd.CommandText = Sql;
            var id = cmd.CreateParameter();
            id.ParameterName = "id";
            id.Value = _id;
            cmd.Parameters.Add(id);
            await using var r = await cmd.ExecuteReaderAsync();
            while (await r.ReadAsync()) list.Add(r.GetInt64(0));
        }
        catch (System.Data.Common.DbException) { } // no snapshot table yet: none stored
        return list;
    }

    /// <summary>
    /// The latest stored snapshot taken before step <paramref name="step"/> (a fork starts from it), or null: one that
    /// cannot be read is skipped (the fork then starts from an earlier one, or re-derives from step 0).
    /// </summary>
    public async Task<RunSnapshot?> SnapshotBefore(long step)
    {
        foreach (var seq in (await SnapshotSequenceNrs()).Reverse())
        {
            var loaded = await Ask<RunSnapshotLoaded>(new LoadRunSnapshot(seq));
            if (loaded.Bytes is null) continue;
            try
            {
                if (RunSnapshot.HeaderAndStep(loaded.Bytes).Step >= step) continue;
                return RunSnapshot.Parse(loaded.Bytes);
            }
            catch (InvalidDataException) { }
        }
        return null;
    }

    public Task Complete(long steps, string sha) => Ask<Journaled>(new RunCompleted(steps, sha));

    public async ValueTask DisposeAsync()
    {
        if (_system is not null) await _system.Terminate();
    }
}

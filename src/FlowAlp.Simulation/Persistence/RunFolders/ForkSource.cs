using FlowAlp.Simulation.Running;
using FlowAlp.Simulation.Scenarios;
using Serilog;

namespace FlowAlp.Simulation.Persistence;

/// <summary>Where a fork starts: its source run's state snapshot before the fork step, with the source's outputs up to it.</summary>
public static class ForkSource
{
    /// <summary>
    /// A fork starts from its source's latest state snapshot taken before the fork step, when the source still has the
    /// event log and time series up to it: their prefixes are copied into the fork's folder (the source is only read).
    /// Otherwise (none, or the files are gone) the fork re-derives the source from step 0, which gives the same result.
    /// </summary>
    public static async Task<RunSnapshot?> Snapshot(RunFolder fork, Scenario s, ForkSpec spec, string eventLog, string seriesPartial)
    {
        // set by ForkCommand (a new fork only: a resumed fork restores from its own journal)
        string sourceDir = fork.Fork?.Source ?? throw new SimulationException($"{Path.Combine(fork.Dir, RunFolder.MetaFile)}: fork.source: missing");
        var source = RunFolder.Load(sourceDir);
        if (source.JournalId is null) return null;
        // a source that ended or stopped before its first checkpoint wrote no journal (it is opened at its first write)
        if (s.Persistence.Backend != "postgres" && !File.Exists(Path.Combine(sourceDir, "journal.db")))
        {
            Log.Information("Fork: the source wrote no journal (no checkpoint was due); re-running it from step 0");
            return null;
        }
        RunSnapshot? snap;
        // SQLite: the source's journal is copied into the fork's folder and read there, so the source is never opened for
        // writing (opening a journal checkpoints its WAL; a read-only source would fail)
        string journalDir = sourceDir;
        if (s.Persistence.Backend != "postgres")
        {
            journalDir = Path.Combine(fork.Dir, OutputFolder.SourceJournalDir);
            try
            {
                Directory.CreateDirectory(journalDir);
                foreach (var suffix in new[] { "", "-wal" })
                {
                    string from = Path.Combine(sourceDir, "journal.db" + suffix), to = Path.Combine(journalDir, "journal.db" + suffix);
                    if (File.Exists(from)) File.Copy(from, to, overwrite: true);
                    else File.Delete(to);
                }
                File.Delete(Path.Combine(journalDir, "journal.db-shm"));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new SimulationException($"source {sourceDir}: its journal cannot be copied to be read: {e.Message}");
            }
        }
        try
        {
            await using var journal = await RunJournal.Open(s.Persistence, journalDir, source.ScenarioSha256, source.Engine, source.JournalId);
            snap = await journal.SnapshotBefore(spec.AtStep);
        }
        finally
        {
            if (journalDir != sourceDir)
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                try { Directory.Delete(journalDir, recursive: true); }
                catch (IOException) { } // the copy is FlowAlp's own; a later fork replaces it
            }
        }
        if (snap is null) { Log.Information("Fork: the source has no state snapshot before step {Step}; re-running it from step 0", spec.AtStep); return null; }
        static string? Existing(string dir, string name) =>
            File.Exists(Path.Combine(dir, name + ".partial")) ? Path.Combine(dir, name + ".partial") : File.Exists(Path.Combine(dir, name)) ? Path.Combine(dir, name) : null;
        string? log = Existing(sourceDir, "events.jsonl"), csv = Existing(sourceDir, "timeseries.csv");
        if (log is null || csv is null || new FileInfo(log).Length < snap.Engine.Log.FileLength || new FileInfo(csv).Length < snap.SeriesLength)
        {
            Log.Information("Fork: the source's event log or time series no longer reaches its snapshot at step {Step}; re-running it from step 0", snap.Step);
            return null;
        }
        try
        {
            CopyPrefix(log, eventLog, snap.Engine.Log.FileLength);
            CopyPrefix(csv, seriesPartial, snap.SeriesLength);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.Information("Fork: cannot copy the source's outputs up to its snapshot ({Reason}); re-running it from step 0", e.Message);
            return null;
        }
        Log.Information("Fork: starting from the source's state snapshot at step {Step} (the fork changes the future after step {At})", snap.Step, spec.AtStep);
        return snap;
    }

    private static void CopyPrefix(string from, string to, long length)
    {
        using var input = File.OpenRead(from);
        using var output = new FileStream(to, FileMode.Create, FileAccess.Write);
        var buffer = new byte[1 << 20];
        for (long left = length; left > 0;)
        {
            int n = input.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
            if (n == 0) throw new IOException($"{from}: ended before {length} bytes");
            output.Write(buffer, 0, n);
            left -= n;
        }
    }
}

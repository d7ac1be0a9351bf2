using FlowAlp.Simulation.Running;

namespace FlowAlp.Simulation.Persistence;

/// <summary>
/// The folder a run writes into (--out or the scenario's outputs.dir), checked before anything is written: a usable path,
/// and a folder that is new, empty, or FlowAlp's own (it holds <see cref="ManifestFile"/>, or the run.json / report of an
/// earlier version). A folder with other files is refused unless forced, and even forced FlowAlp only writes beside
/// them: it refuses when a name it writes is already taken, so it never replaces or deletes a file it did not write.
/// </summary>
public static class OutputFolder
{
    /// <summary>FlowAlp's mark on a folder it writes: the names it may write there (and so replace on a later run).</summary>
    public const string ManifestFile = ".flowalp-manifest.json";

    /// <summary>Every top-level name FlowAlp writes in a run folder.</summary>
    public static readonly IReadOnlyList<string> Owned =
    [
        ManifestFile, RunLock.FileName, "run.log", RunFolder.ScenarioFile, RunFolder.MetaFile, RunFolder.ScenarioFile + ".tmp", RunFolder.MetaFile + ".tmp",
        "journal.db", "journal.db-wal", "journal.db-shm", "journal.db-journal", "events.jsonl", "events.jsonl.partial", ".events.jsonl.tmp",
        "timeseries.csv", "timeseries.csv.partial", "summary.json", "report.html", "plots", "comparison", Reports.ForkReport.Folder, SourceJournalDir,
        "positions.csv", "timeseries-populations.csv",
        .. Reports.ParquetOutputs.Owned,
    ];

    /// <summary>Every top-level name `flowalp sweep` writes in its folder.</summary>
    public static readonly IReadOnlyList<string> SweepOwned =
        [ManifestFile, "runs.csv", "sweep.json", "comparison", "runs.csv.tmp", "sweep.json.tmp", "runs.parquet", "runs.parquet.tmp", "sweep.html", "sweep.html.tmp"];

    /// <summary>Every top-level name `flowalp study` writes in its folder: the sweep's, and the comparison with the published figures.</summary>
    public static readonly IReadOnlyList<string> StudyOwned =
        [.. SweepOwned, "comparison.csv", "comparison.csv.tmp", "comparison.md", "comparison.md.tmp"];

    /// <summary>Where a fork copies its source's journal to read it (the source itself is never opened for writing).</summary>
    public const string SourceJournalDir = ".source-journal";

    /// <summary>The folder's full path; refuses an empty path, a filesystem root, an existing file, quotes, ';' and control characters.</summary>
    /// <param name="option">how the user gave it ("--out", "outputs.dir"), for the message</param>
    public static string Validate(string dir, string option)
    {
        if (string.IsNullOrWhiteSpace(dir)) throw new SimulationException($"{option}: is empty");
        // quotes and ';' would end up inside the journal's connection string and configuration
        if (dir.Any(c => char.IsControl(c) || c is '"' or ';')) throw new SimulationException($"{option} '{Printable(dir)}': must not contain quotes, ';' or control characters");
        string full;
        try { full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(dir)); }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException) { throw new SimulationException($"{option} '{dir}': not a usable path ({e.Message})"); }
        if (Path.GetDirectoryName(full) is null || Path.GetFileName(full).Length == 0) throw new SimulationException($"{option} '{dir}': is a filesystem root; give a folder of its own");
        if (File.Exists(full)) throw new SimulationException($"{option} '{dir}': is an existing file, not a folder");
        return full;
    }

    /// <summary>Refuses a folder FlowAlp may not write into (see the class); creates nothing.</summary>
    /// <param name="owned">the names the command writes (default: a run folder's, <see cref="Owned"/>)</param>
    public static void Check(string dir, string option, bool force, IReadOnlyList<string>? owned = null)
    {
        owned ??= Owned;
        if (!Directory.Exists(dir)) return;
        if (IsFlowAlps(dir)) { RefuseLinks(dir); return; }
        List<string> entries;
        try { entries = Directory.EnumerateFileSystemEntries(dir).Select(e => Path.GetFileName(e)).ToList(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new SimulationException($"{option} '{dir}': cannot be listed: {e.Message}"); }
        if (entries.Count == 0) return;
        if (!force)
            throw new SimulationException($"{option} '{dir}': exists and holds files FlowAlp did not write (no {ManifestFile}); choose a new folder, or add --force to write beside them");
        var taken = entries.Where(owned.Contains).Order(StringComparer.Ordinal).ToList();
        if (taken.Count > 0)
            throw new SimulationException($"{option} '{dir}': '{taken[0]}' is there and FlowAlp did not write it (--force writes beside other files, never over them); move it away first");
    }

    /// <summary>FlowAlp's folder: its manifest, or what an earlier version left (run.json, a sweep's sweep.json, or a run's log beside its summary).</summary>
    public static bool IsFlowAlps(string dir) =>
        File.Exists(Path.Combine(dir, ManifestFile)) || File.Exists(Path.Combine(dir, RunFolder.MetaFile)) || File.Exists(Path.Combine(dir, "sweep.json"))
        || (File.Exists(Path.Combine(dir, "run.log")) && File.Exists(Path.Combine(dir, "summary.json")) && File.Exists(Path.Combine(dir, "report.html")));

    /// <summary>Marks the folder as FlowAlp's (before anything else is written into it).</summary>
    public static void WriteManifest(string dir, IReadOnlyList<string>? owned = null)
    {
        string path = Path.Combine(dir, ManifestFile);
        string text = JsonText.String(w =>
        {
            w.WriteStartObject();
            w.WriteString("writtenBy", "flowalp");
            w.WriteStartArray("files");
            foreach (var name in owned ?? Owned) w.WriteStringValue(name);
            w.WriteEndArray();
            w.WriteEndObject();
        }) + "\n";
        if (File.Exists(path) && File.ReadAllText(path) == text) return;
        File.WriteAllText(path + ".tmp", text);
        File.Move(path + ".tmp", path, overwrite: true);
    }

    /// <summary>
    /// Refuses a run folder where one of FlowAlp's own names is a symbolic link: a run folder may come from someone else,
    /// and writing through a link (a resume cuts timeseries.csv.partial back) would change a file outside it.
    /// </summary>
    public static void RefuseLinks(string dir)
    {
        foreach (var name in Owned)
        {
            string path = Path.Combine(dir, name);
            FileSystemInfo info = Directory.Exists(path) ? new DirectoryInfo(path) : new FileInfo(path);
            if (info.LinkTarget is not null)
                throw new SimulationException($"{path}: is a symbolic link; a run folder's own files must be plain files (FlowAlp does not follow links in a run folder)");
        }
    }

    private static string Printable(string s) => new(s.Select(c => char.IsControl(c) ? '?' : c).ToArray());
}

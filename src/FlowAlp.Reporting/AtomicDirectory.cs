namespace FlowAlp.Reporting;

/// <summary>
/// Writes a report into a folder: everything goes into a fresh temporary folder next to the target first (bad data or a
/// full disk leave the target as it was). A new target is that folder renamed into place, whole. An existing target (a
/// run folder: it holds the live run's lock and journal, so it is never moved) gets the new entries one rename at a
/// time: each entry the report writes (a file, or a folder such as plots/) replaces the entry of the same name. Nothing
/// else in the target is touched (the caller, e.g. a run folder's manifest check, makes sure those names are the
/// report's own). An owned entry the report did not write this time (e.g. <c>plots/</c> of a report without plots) is
/// removed, so no stale file outlives the report that made it. A crash during the renames can leave some entries new and some old (each one whole); the old ones
/// replaced are under <c>.NAME.old-*</c> next to the target until the end.
/// </summary>
internal static class AtomicDirectory
{
    /// <param name="ownedEntries">the report's own top-level names (the caller's documentation of what it replaces)</param>
    public static void Write(string outputDir, IReadOnlyCollection<string> ownedEntries, Action<string> writeInto)
    {
        string full = ResolveTarget(outputDir);
        string parent = Path.GetDirectoryName(full)!;
        string name = Path.GetFileName(full);
        Directory.CreateDirectory(parent);

        string tag = $"{Environment.ProcessId}-{Guid.NewGuid():N}";
        string tmp = Path.Combine(parent, $".{name}.tmp-{tag}");
        Directory.CreateDirectory(tmp);
        try
        {
            writeInto(tmp);
        }
        catch
        {
            TryDelete(tmp);
            throw;
        }

        if (!Directory.Exists(full))
        {
            Directory.Move(tmp, full);
            return;
        }

        string old = Path.Combine(parent, $".{name}.old-{tag}");
        Directory.CreateDirectory(old);
        var written = Directory.GetFileSystemEntries(tmp).Select(Path.GetFileName).ToHashSet(StringComparer.Ordinal);
        Merge(tmp, full, old);
        foreach (string entry in ownedEntries.Where(e => !written.Contains(e)).Order(StringComparer.Ordinal))
            MoveAside(Path.Combine(full, entry), Path.Combine(old, entry));
        TryDelete(old);
        TryDelete(tmp);
    }

    /// <summary>Moves every entry of <paramref name="from"/> into <paramref name="into"/>; a same-named entry there goes to <paramref name="aside"/> first.</summary>
    private static void Merge(string from, string into, string aside)
    {
        // folders first, files in name order: the same order on every run
        foreach (string entry in Directory.GetDirectories(from).Order(StringComparer.Ordinal).Concat(Directory.GetFiles(from).Order(StringComparer.Ordinal)))
        {
            string entryName = Path.GetFileName(entry);
            string dest = Path.Combine(into, entryName), old = Path.Combine(aside, entryName);
            bool isDir = Directory.Exists(entry);
            MoveAside(dest, old);
            if (isDir) Directory.Move(entry, dest);
            else File.Move(entry, dest);
        }
    }

    /// <summary>Moves an existing entry (a folder, a file or a link) out of the way; nothing there is fine.</summary>
    private static void MoveAside(string dest, string old)
    {
        if (Directory.Exists(dest) && new DirectoryInfo(dest).LinkTarget is null) Directory.Move(dest, old);
        else if (File.Exists(dest) || new FileInfo(dest).LinkTarget is not null) File.Move(dest, old);
    }

    /// <summary>Full path of the target folder; throws <see cref="ArgumentException"/> for unusable paths.</summary>
    public static string ResolveTarget(string outputDir)
    {
        if (string.IsNullOrWhiteSpace(outputDir)) throw new ArgumentException("outputDir: is empty", nameof(outputDir));
        string full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(outputDir));
        if (Path.GetDirectoryName(full) is null || Path.GetFileName(full).Length == 0)
            throw new ArgumentException($"outputDir: \"{outputDir}\" is a root folder", nameof(outputDir));
        if (File.Exists(full)) throw new ArgumentException($"outputDir: \"{outputDir}\" is an existing file", nameof(outputDir));
        return full;
    }

    private static void TryDelete(string dir)
    {
        try { Directory.Delete(dir, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}

namespace FlowAlp.Reporting;

/// <summary>
/// Writes a report folder atomically: everything goes into a fresh temporary folder next to the target,
/// which is then renamed into place. When the target exists it is renamed aside first, the new folder takes its
/// name, and entries of the old folder that the report does not own (files the caller put there) are moved back;
/// the old report files are then deleted. A crash at any point leaves either the old or the new complete report
/// under the target name (or, in the instant between the two renames, both complete under hidden names
/// <c>.NAME.old-*</c> / <c>.NAME.tmp-*</c> next to it), never a half-written one.
/// </summary>
internal static class AtomicDirectory
{
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
        Directory.Move(full, old);
        Directory.Move(tmp, full);
        foreach (string entry in Directory.EnumerateFileSystemEntries(old))
        {
            string entryName = Path.GetFileName(entry);
            if (ownedEntries.Contains(entryName)) continue;
            string dest = Path.Combine(full, entryName);
            if (File.Exists(dest) || Directory.Exists(dest)) continue;
            if (Directory.Exists(entry)) Directory.Move(entry, dest);
            else File.Move(entry, dest);
        }
        TryDelete(old);
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

namespace FlowAlp.Cli;

/// <summary>
/// Input paths as the user typed them, found from anywhere: a relative path that does not exist from the current folder
/// is looked up beside the installed CLI (a `dotnet tool` carries config/ there) and then in the repository the CLI was
/// built in (the first folder above it with FlowAlp.sln), so `flowalp run config/scenarios/hightide-vs-passive.json`
/// and the default scenario work outside the repository root. Outputs are never redirected: they go where the user is.
/// </summary>
internal static class ShippedFiles
{
    /// <summary>The folders a relative input path is looked up in, after the current folder, in order.</summary>
    public static IReadOnlyList<string> Homes { get; } = FindHomes();

    /// <summary>
    /// <paramref name="path"/> itself when it is absolute, exists from the current folder, climbs with "..", or is found
    /// in no home (its error then names it as typed); otherwise its full path in the first home that has it.
    /// </summary>
    public static string Resolve(string path)
    {
        if (path.Length == 0 || Path.IsPathRooted(path) || File.Exists(path) || Directory.Exists(path)) return path;
        if (path.Split('/', '\\').Contains("..")) return path;
        foreach (var home in Homes)
        {
            string candidate = Path.Combine(home, path);
            if (File.Exists(candidate) || Directory.Exists(candidate)) return candidate;
        }
        return path;
    }

    private static List<string> FindHomes()
    {
        var homes = new List<string> { Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory) };
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "FlowAlp.sln"))) { homes.Add(dir.FullName); break; }
        return homes;
    }
}

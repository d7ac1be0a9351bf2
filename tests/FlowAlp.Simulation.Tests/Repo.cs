namespace FlowAlp.Simulation.Tests;

/// <summary>The repository root (where FlowAlp.sln is), found from the test binary's folder.</summary>
internal static class Repo
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "FlowAlp.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("FlowAlp.sln not found above " + AppContext.BaseDirectory);
    }
}

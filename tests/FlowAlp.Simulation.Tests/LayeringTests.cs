using System.Xml.Linq;

namespace FlowAlp.Simulation.Tests;

/// <summary>
/// The layering, read from the project files and sources: who may reference whom, and where JSON trees
/// (System.Text.Json.Nodes) may appear. A change that breaks a rule fails here with the file that broke it.
/// </summary>
public class LayeringTests
{
    private static readonly string Root = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "FlowAlp.sln"))) return dir.FullName;
        throw new InvalidOperationException("FlowAlp.sln not found above " + AppContext.BaseDirectory);
    }

    private static XDocument Project(string name) => XDocument.Load(Path.Combine(Root, "src", name, name + ".csproj"));

    private static string[] ProjectReferences(string name) =>
        Project(name).Descendants("ProjectReference").Select(e => Path.GetFileNameWithoutExtension(e.Attribute("Include")!.Value)).Order(StringComparer.Ordinal).ToArray();

    private static string[] Packages(string name) =>
        Project(name).Descendants("PackageReference").Select(e => e.Attribute("Include")!.Value).Order(StringComparer.Ordinal).ToArray();

    public static TheoryData<string, string[]> References => new()
    {
        { "FlowAlp.Protocol", [] },
        { "FlowAlp.Engine", ["FlowAlp.Protocol"] },
        { "FlowAlp.Actors", ["FlowAlp.Engine"] },
        { "FlowAlp.Scripting", ["FlowAlp.Engine"] },
        { "FlowAlp.Reporting", [] },
        // Scripting too: the scenario reader, the journal's step codec and the fork planner parse steps with ScriptParser
        { "FlowAlp.Simulation", ["FlowAlp.Actors", "FlowAlp.Engine", "FlowAlp.Reporting", "FlowAlp.Scripting"] },
        { "FlowAlp.Cli", ["FlowAlp.Actors", "FlowAlp.Engine", "FlowAlp.Scripting", "FlowAlp.Simulation"] },
    };

    [Theory]
    [MemberData(nameof(References))]
    public void Each_project_references_exactly_its_layers(string project, string[] expected) =>
        Assert.Equal(expected, ProjectReferences(project));

    [Fact]
    public void The_engine_has_no_actor_runtime_and_no_logging()
    {
        Assert.Equal(["MathNet.Numerics"], Packages("FlowAlp.Engine"));
        Assert.DoesNotContain(Sources("FlowAlp.Engine"), f => File.ReadLines(f).Any(l => l.StartsWith("using Akka") || l.StartsWith("using Serilog")));
    }

    /// <summary>
    /// JSON trees belong to the edges that read and write JSON: Scripting (script lines), Reporting (reports) and the
    /// scenario/config readers (a scenario, its --set overrides, a fork's partial scenario). Persistence (journal rows,
    /// pool commands, run.json) writes with Utf8JsonWriter and reads typed fields off a JsonDocument. The others listed
    /// here are the known remaining exceptions (the run and chaos summaries, sweeps): shrink the list as they move to
    /// typed records; a new file using JsonNode elsewhere fails this test.
    /// </summary>
    [Fact]
    public void Json_trees_appear_only_at_the_json_edges()
    {
        string[] allowedProjects = ["FlowAlp.Scripting", "FlowAlp.Reporting"];
        string[] scenarioReaders =
        [
            "src/FlowAlp.Simulation/Scenarios/ScenarioParser.cs", "src/FlowAlp.Simulation/Scenarios/ScenarioOverrides.cs",
            "src/FlowAlp.Simulation/Persistence/RunFolders/ForkOverridesFile.cs",
            // population mixes and history files: scenario JSON rewritten before it is read (profiles overlaid, files read in)
            "src/FlowAlp.Simulation/Populations/EmpiricalFiles.cs", "src/FlowAlp.Simulation/Populations/PopulationProfiles.cs",
            "src/FlowAlp.Simulation/Scenarios/InterestRateCsvReader.cs",
        ];
        string[] knownExceptions =
        [
            "src/FlowAlp.Simulation/Reports/ChaosReport.cs",
            "src/FlowAlp.Simulation/Reports/ForkReport.cs",
            "src/FlowAlp.Simulation/Reports/JsonNumbers.cs", // summary.json's numbers
            "src/FlowAlp.Simulation/Reports/PopulationSummary.cs", // summary.json's populations
            "src/FlowAlp.Simulation/Reports/RunHeadline.cs", // reads the summary it renders
            "src/FlowAlp.Simulation/Reports/RunReport.cs",
            "src/FlowAlp.Simulation/Studies/StudyComparison.cs", // a study's figure held as null in every summary is n/a, not a typo
            "src/FlowAlp.Simulation/Sweeps/SweepMetrics.cs", // the one place a sweep reads its runs' summaries
            "src/FlowAlp.Simulation/Sweeps/SweepRunner.cs",
        ];
        var users = Directory.GetDirectories(Path.Combine(Root, "src"))
            .Where(d => !allowedProjects.Contains(Path.GetFileName(d)))
            .SelectMany(d => Sources(Path.GetFileName(d)))
            .Where(f => File.ReadAllText(f).Contains("System.Text.Json.Nodes", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(Root, f).Replace('\\', '/'))
            .Where(f => !scenarioReaders.Contains(f))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Equal(knownExceptions, users);
    }

    [Fact]
    public void No_json_trees_in_the_protocol_the_engine_or_the_actors()
    {
        foreach (var project in new[] { "FlowAlp.Protocol", "FlowAlp.Engine", "FlowAlp.Actors" })
            Assert.DoesNotContain(Sources(project), f => File.ReadAllText(f).Contains("System.Text.Json.Nodes", StringComparison.Ordinal));
    }

    private static IEnumerable<string> Sources(string project) =>
        Directory.EnumerateFiles(Path.Combine(Root, "src", project), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"));
}

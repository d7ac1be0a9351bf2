using System.Reflection;
using PublicApiGenerator;

namespace FlowAlp.Simulation.Tests.PublicApi;

/// <summary>
/// The public surface of Protocol, Engine and Simulation, approved: a change to it shows up as a diff of a checked-in
/// text file in review, not by accident. After a deliberate change, accept it with
/// <c>FLOWALP_ACCEPT_API=1 dotnet test tests/FlowAlp.Simulation.Tests --filter FullyQualifiedName~PublicApiTests</c>
/// and commit the changed <c>*.approved.txt</c> files.
/// </summary>
public class PublicApiTests
{
    public static IEnumerable<object[]> Assemblies() =>
    [
        [typeof(FlowAlp.Protocol.Numerics.UFix64).Assembly.GetName().Name!],
        [typeof(FlowAlp.Engine.Core.PoolCore).Assembly.GetName().Name!],
        [typeof(FlowAlp.Simulation.Running.SimulationRunner).Assembly.GetName().Name!],
    ];

    [Theory]
    [MemberData(nameof(Assemblies))]
    public void Public_api_is_the_approved_one(string assembly)
    {
        string api = Assembly.Load(assembly).GeneratePublicApi(new ApiGeneratorOptions { IncludeAssemblyAttributes = false }).ReplaceLineEndings("\n");
        string file = Path.Combine(Repo.Root, "tests", "FlowAlp.Simulation.Tests", "PublicApi", $"{assembly}.approved.txt");
        if (Environment.GetEnvironmentVariable("FLOWALP_ACCEPT_API") == "1") File.WriteAllText(file, api);
        Assert.True(File.Exists(file), $"{file} is missing: run with FLOWALP_ACCEPT_API=1 to write it");
        string approved = File.ReadAllText(file).ReplaceLineEndings("\n");
        if (approved == api) return;
        // the first line that differs, so the failure says what changed
        var a = approved.Split('\n');
        var b = api.Split('\n');
        int i = 0;
        while (i < a.Length && i < b.Length && a[i] == b[i]) i++;
        Assert.Fail($"{assembly}'s public API changed at line {i + 1}: approved '{(i < a.Length ? a[i].Trim() : "(end)")}', now '{(i < b.Length ? b[i].Trim() : "(end)")}'. "
            + "If deliberate, accept it with FLOWALP_ACCEPT_API=1 (see the class comment).");
    }
}

using System.Text.Json.Nodes;
using FlowAlp.Scripting;
using FlowAlp.Engine.Core;
using FlowAlp.Engine.Operations;
using FlowAlp.Engine.World;

namespace FlowAlp.Protocol.Tests.Conformance;

/// <summary>
/// Every shared conformance vector (spec §10) and every random whole-pool script, run through the same code path as
/// `flowalp script` (ScriptParser + ScriptRunner), checked against its expectation file with the acceptance rules.
/// </summary>
public class ConformanceVectorTests
{
    private static readonly string VectorDir = Path.Combine(AppContext.BaseDirectory, "vectors");

    public static IEnumerable<object[]> Vectors() => Cases(VectorDir);
    public static IEnumerable<object[]> RandomScripts() => Cases(Path.Combine(VectorDir, "random"));

    private static IEnumerable<object[]> Cases(string dir) =>
        Directory.GetFiles(dir, "*.json")
            .Where(f => !f.EndsWith(".expect.json", StringComparison.Ordinal))
            .Select(f => new object[] { Path.GetFileNameWithoutExtension(f) })
            .OrderBy(x => (string)x[0], StringComparer.Ordinal);

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Vector_matches_the_spec_model_values(string name) => Check(VectorDir, name);

    [Theory]
    [MemberData(nameof(RandomScripts))]
    public void Random_whole_pool_script_matches(string name) => Check(Path.Combine(VectorDir, "random"), name);

    [Fact]
    public void Every_shared_vector_is_present()
    {
        Assert.Equal(47, Vectors().Count()); // the 46 shared vectors + CV74 (scheduled rebalancers, no shared script)
        Assert.Equal(50, RandomScripts().Count());
    }

    private static void Check(string dir, string name)
    {
        string script = File.ReadAllText(Path.Combine(dir, name + ".json"));
        var expectations = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, name + ".expect.json")))!.AsArray();
        int steps = JsonNode.Parse(script)!["steps"]!.AsArray().Count;
        var lines = ScriptRunner.RunText(script).Select(l => JsonNode.Parse(l)!.AsObject()).ToDictionary(l => l["step"]!.GetValue<int>());
        Assert.Equal(steps, lines.Count);
        Assert.DoesNotContain(lines.Values, l => l["error"]?.GetValue<string>().StartsWith("internal error", StringComparison.Ordinal) == true);
        var fails = ExpectationChecker.CheckAll(lines, expectations);
        Assert.True(fails.Count == 0, $"{name}: {fails.Count} of {expectations.Count} expectations differ:\n" + string.Join("\n", fails.Take(10)));
    }
}

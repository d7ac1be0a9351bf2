using FlowAlp.Actors.Engine;
using FlowAlp.Scripting;
using Xunit.Abstractions;
using FlowAlp.Engine.Core;
using FlowAlp.Engine.Loop;
using FlowAlp.Engine.Operations;
using FlowAlp.Engine.World;
using FlowAlp.Simulation.Running;

namespace FlowAlp.Actors.Tests;

/// <summary>
/// The actor engine and the in-process pool agree: every conformance vector and every random whole-pool script, run
/// step by step as messages to the pool supervisor, prints exactly the lines `flowalp script` prints.
/// </summary>
public class AgreementTests(ITestOutputHelper output) : EngineTestKit(output)
{
    private static readonly string VectorDir = Path.Combine(AppContext.BaseDirectory, "vectors");

    public static IEnumerable<object[]> Scripts() =>
        Directory.GetFiles(VectorDir, "*.json", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith(".expect.json", StringComparison.Ordinal))
            .Select(f => new object[] { Path.GetRelativePath(VectorDir, f) })
            .OrderBy(x => (string)x[0], StringComparer.Ordinal);

    [Fact]
    public void All_97_scripts_are_here() => Assert.Equal(97, Scripts().Count());

    [Theory]
    [MemberData(nameof(Scripts))]
    public async Task Actor_engine_prints_the_same_lines_as_the_protocol_runner(string file)
    {
        var script = ScriptParser.Parse(File.ReadAllText(Path.Combine(VectorDir, file)));
        var expected = new ScriptRunner(script).Run().ToList();
        var actual = await ActorScriptRunner.Run(PoolEngine.StartOn(Sys, script, "pool-" + Guid.NewGuid().ToString("N")), script);
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++) Assert.Equal(expected[i], actual[i]);
    }
}

using FlowAlp.Protocol.Numerics;
using FlowAlp.Scripting;

namespace FlowAlp.Protocol.Tests.Screening;

/// <summary>
/// The liquidation screen (one accrual and price per token for the whole scan) lists exactly the positions whose
/// health, asked one by one through the pool, is below 1 — at every step of the 50 random whole-pool scripts.
/// </summary>
public class LiquidationScreenTests
{
    public static IEnumerable<object[]> Scripts() =>
        Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "vectors", "random"), "*.json").Where(f => !f.EndsWith(".expect.json")).Order()
            .Select(f => new object[] { Path.GetFileName(f) });

    [Theory]
    [MemberData(nameof(Scripts))]
    public void Screen_equals_asking_every_position(string file)
    {
        var script = ScriptParser.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "vectors", "random", file)));
        var runner = new ScriptRunner(script);
        var pool = runner.World.Pool;
        int compared = 0;
        foreach (var step in script.Steps)
        {
            runner.RunStep(step);
            var naive = new List<long>();
            for (long pid = 0; pid < pool.PositionCount; pid++)
            {
                try { if (pool.PositionHealth(pid) < UFix128.One) naive.Add(pid); }
                catch (ProtocolException) { /* no price */ }
            }
            Assert.Equal(naive, pool.LiquidatablePositions());
            compared += pool.PositionCount;
        }
        Assert.True(compared > 0);
    }
}

using FlowAlp.Protocol.Numerics;
using FlowAlp.Scripting;
using FlowAlp.Engine.Core;
using FlowAlp.Engine.Operations;
using FlowAlp.Engine.World;

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

    private static Script Load(string file) => ScriptParser.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "vectors", "random", file)));

    [Theory]
    [MemberData(nameof(Scripts))]
    public void Screen_equals_asking_every_position(string file)
    {
        var script = Load(file);
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
            Assert.Equal(naive, pool.LiquidatablePositions(pool.Screen()));
            compared += pool.PositionCount;
        }
        Assert.True(compared > 0);
    }

    /// <summary>
    /// The wake screen never calls a position balanced that would plan a rebalance: wherever
    /// <see cref="Pool.CertainlyBalanced"/> says yes, the exact snapshot plans nothing — at every step of every script.
    /// </summary>
    [Theory]
    [MemberData(nameof(Scripts))]
    public void Certainly_balanced_positions_plan_nothing(string file)
    {
        var script = Load(file);
        var runner = new ScriptRunner(script);
        var pool = runner.World.Pool;
        foreach (var step in script.Steps)
        {
            runner.RunStep(step);
            var screen = pool.Screen();
            for (long pid = 0; pid < pool.PositionCount; pid++)
            {
                if (!pool.CertainlyBalanced(screen, pid)) continue;
                var plan = pool.SnapshotOf(pid).PlanRebalance(force: false);
                Assert.True(plan.IsNothing, $"{file}: position {pid} screened as balanced at health {plan.Health} plans {plan}");
                var p = pool.PositionOf(pid);
                bool inside = p.MinHealth <= plan.Health && plan.Health <= p.MaxHealth;
                bool nowhereToPull = p.TopUpSource is null && plan.Health < p.TargetHealth;
                bool nowhereToPush = p.DrawDownSink is null && plan.Health > p.TargetHealth;
                Assert.True(inside || nowhereToPull || nowhereToPush, $"{file}: position {pid} at {plan.Health}");
            }
        }
    }

    /// <summary>Across all scripts the screen does clear positions (it is not a screen that always says "not sure").</summary>
    [Fact]
    public void The_screen_clears_positions_across_the_random_scripts()
    {
        int quiet = 0, checkedPositions = 0;
        foreach (var file in Scripts().Select(o => (string)o[0]))
        {
            var script = Load(file);
            var runner = new ScriptRunner(script);
            foreach (var step in script.Steps) runner.RunStep(step);
            var pool = runner.World.Pool;
            var screen = pool.Screen();
            for (long pid = 0; pid < pool.PositionCount; pid++, checkedPositions++)
                if (pool.CertainlyBalanced(screen, pid)) quiet++;
        }
        Assert.True(quiet > 0 && checkedPositions > quiet, $"{quiet} of {checkedPositions} cleared");
    }
}

using FlowAlp.Protocol.Health;
using FlowAlp.Scripting;
using FlowAlp.Engine.Core;
using FlowAlp.Engine.Operations;
using FlowAlp.Engine.World;

namespace FlowAlp.Protocol.Tests.Health;

/// <summary>The allocation-free kernel gives exactly the pool's health for every position of every random whole-pool script.</summary>
public class HealthKernelTests
{
    [Fact]
    public void Kernel_equals_pool_health_on_every_random_script_position()
    {
        int checkedPositions = 0;
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "vectors", "random"), "r*.json").Where(f => !f.EndsWith(".expect.json")))
        {
            var runner = ScriptRunner.Load(File.ReadAllText(file));
            foreach (var _ in runner.Run()) { }
            var pool = runner.World.Pool;
            for (long pid = 0; pid < pool.PositionCount; pid++)
            {
                Positions.PositionSnapshot snap;
                try { snap = pool.SnapshotOf(pid); } catch (ProtocolException) { continue; }
                var flat = snap.Balances.Select(b => new HealthInput(b.Value.Direction, b.Value.Scaled.Quantity, snap.Tokens[b.Key])).ToArray();
                Assert.Equal(pool.PositionHealth(pid), HealthKernel.Health(flat));
                Assert.Equal(pool.PositionHealth(pid), snap.Health);
                checkedPositions++;
            }
        }
        Assert.True(checkedPositions >= 50, $"checked {checkedPositions} positions");
    }
}

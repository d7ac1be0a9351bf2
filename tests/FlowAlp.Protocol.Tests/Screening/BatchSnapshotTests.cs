using FlowAlp.Protocol.Positions;
using FlowAlp.Scripting;
using FlowAlp.Engine.Operations;
using FlowAlp.Engine.World;

namespace FlowAlp.Protocol.Tests.Screening;

/// <summary>
/// <see cref="Pool.SnapshotsOf"/> (one probe for many positions, token maps shared) gives, at every step of the 50 random
/// whole-pool scripts, exactly the snapshots <see cref="Pool.SnapshotOf"/> gives one position at a time, leaving out the
/// positions it throws for; positions listing the same tokens in the same order share one token map.
/// </summary>
public class BatchSnapshotTests
{
    public static IEnumerable<object[]> Scripts() => LiquidationScreenTests.Scripts();

    private static Script Load(string file) => ScriptParser.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "vectors", "random", file)));

    [Theory]
    [MemberData(nameof(Scripts))]
    public void Batch_snapshots_equal_one_at_a_time(string file)
    {
        var script = Load(file);
        var runner = new ScriptRunner(script);
        var pool = runner.World.Pool;
        int compared = 0;
        foreach (var step in script.Steps)
        {
            runner.RunStep(step);
            var ids = Enumerable.Range(0, pool.PositionCount).Select(i => (long)i).ToList();
            var single = new List<PositionSnapshot>();
            foreach (var pid in ids)
            {
                try { single.Add(pool.SnapshotOf(pid)); }
                catch (ProtocolException) { /* a listed token has no price */ }
            }
            var batch = pool.SnapshotsOf(ids);
            Assert.Equal(single.Count, batch.Count);
            for (int i = 0; i < single.Count; i++)
            {
                var (a, b) = (single[i], batch[i]);
                Assert.Equal(a.Id, b.Id);
                Assert.Equal(a.Time, b.Time);
                Assert.Equal(a.Balances.ToList(), b.Balances.ToList());
                Assert.Equal(a.Tokens.ToList(), b.Tokens.ToList());
                Assert.Equal((a.MinHealth, a.TargetHealth, a.MaxHealth), (b.MinHealth, b.TargetHealth, b.MaxHealth));
                Assert.Equal((a.TopUpToken, a.DrawDownToken), (b.TopUpToken, b.DrawDownToken));
                Assert.Equal(a.Health, b.Health);
                compared++;
            }
            for (int i = 1; i < batch.Count; i++)
                if (batch[i].Tokens.Keys.SequenceEqual(batch[i - 1].Tokens.Keys)) Assert.Same(batch[i - 1].Tokens, batch[i].Tokens);
        }
        Assert.True(compared > 0);
    }
}

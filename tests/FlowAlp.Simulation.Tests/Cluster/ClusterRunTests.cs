using System.Globalization;
using Akka.Actor;
using Akka.Cluster.Sharding;
using FlowAlp.Actors.Cluster;
using FlowAlp.Actors.Engine;
using FlowAlp.Actors.Pool;
using FlowAlp.Actors.Positions;
using FlowAlp.Simulation.Reports;
using FlowAlp.Simulation.Running;
using FlowAlp.Simulation.Tests.Scenarios;
using FlowAlp.Engine.Core;
using FlowAlp.Engine.Loop;
using FlowAlp.Engine.Positions;

namespace FlowAlp.Simulation.Tests.Cluster;

/// <summary>
/// Cluster mode against single-process mode on the crash scenario (46 positions, 360 one-minute steps): the pool
/// supervisor as a cluster singleton on the pool node, positions as sharding entities spread over loopback nodes in
/// this process. Same summary, same event-log hash, and every position actor's replica ends equal to the one-process
/// run's, also when a worker node leaves half-way and its shards move (their entities re-read their replica from the
/// supervisor).
/// </summary>
public class ClusterRunTests
{
    private static readonly ClusterSettings Loopback = new(SystemName: "flowalp-test", Port: 0, Shards: 30);

    /// <summary>The single-process run, with its position actors' replicas read just before the engine stops.</summary>
    private static readonly Lazy<Task<(SimulationResult Result, Dictionary<long, string> Replicas)>> Local = new(async () =>
    {
        var replicas = new Dictionary<long, string>();
        var result = await SimulationRunner.Run(TestScenarios.Parse(), makeEngine: (setup, log) =>
        {
            var engine = ActorSimulationEngine.Start(setup, new EngineSettings(SystemName: "cluster-baseline", EventLog: log));
            return new ObservedEngine(engine, beforeDispose: async () =>
            {
                var count = (await engine.Metrics()).Positions;
                for (long p = 0; p < count; p++)
                {
                    var actor = (await engine.Engine.Ask<PositionActorRef>(new GetPositionActor(p))).Actor!;
                    replicas[p] = Describe(await actor.Ask<Replica>(new GetReplica(), TimeSpan.FromSeconds(10)));
                }
            });
        });
        return (result, replicas);
    });

    [Fact]
    public async Task Two_nodes_give_the_same_summary_and_event_log_hash_as_one_process()
    {
        var (local, localReplicas) = await Local.Value;
        await using var cluster = await LocalCluster.Start(Loopback, new EngineSettings(), workers: 1);
        var replicas = new Dictionary<long, string>();
        IReadOnlyList<int>? hosted = null;
        var result = await SimulationRunner.Run(TestScenarios.Parse(), makeEngine: (setup, log) =>
            new ObservedEngine(new ActorSimulationEngine(cluster.StartEngine(setup, log)), beforeDispose: async () =>
            {
                hosted = await cluster.EntitiesPerNode();
                await ReadReplicas(cluster.PoolNode.Region, localReplicas.Count, replicas);
            }));

        Assert.Equal(local.EventLogSha256, result.EventLogSha256);
        Assert.Equal(local.EventCount, result.EventCount);
        Assert.Equal(RunReport.Summary(local).ToJsonString(), RunReport.Summary(result).ToJsonString());
        // the one-process positions are passive: each was made from the pool's copy when read, so its health is computed
        // at the end, while an entity's replica keeps the health of its last refresh; balances and bounds are the same
        Assert.Equal(localReplicas.Values.Select(WithoutHealth), replicas.Values.Select(WithoutHealth));
        Assert.Equal(localReplicas.Keys, replicas.Keys);
        Assert.Equal(localReplicas.Count, hosted!.Sum());
        Assert.All(hosted!, n => Assert.True(n > 0, $"entities per node: {string.Join(", ", hosted!)}")); // both nodes really hosted positions
    }

    [Fact]
    public async Task A_worker_node_that_leaves_while_ticks_run_loses_nothing()
    {
        var (local, localReplicas) = await Local.Value;
        await using var cluster = await LocalCluster.Start(Loopback, new EngineSettings(), workers: 2);
        var leaving = cluster.Workers[0];
        Task? left = null;
        int hostedBefore = 0;
        var replicas = new Dictionary<long, string>();
        var result = await SimulationRunner.Run(TestScenarios.Parse(), makeEngine: (setup, log) =>
            new ObservedEngine(new ActorSimulationEngine(cluster.StartEngine(setup, log)), afterTick: async tick =>
            {
                if (tick == 150)
                {
                    hostedBefore = (await cluster.EntitiesPerNode())[1];
                    left = leaving.Leave(); // the hand-off runs while the next ticks send to the leaving node's positions
                }
                if (tick == 300) await left!;
            }, beforeDispose: async () => await ReadReplicas(cluster.PoolNode.Region, localReplicas.Count, replicas)));

        Assert.True(hostedBefore > 0);
        Assert.True(leaving.System.WhenTerminated.IsCompleted);
        Assert.Equal(local.EventLogSha256, result.EventLogSha256);
        Assert.Equal(RunReport.Summary(local).ToJsonString(), RunReport.Summary(result).ToJsonString());
        Assert.Equal(localReplicas.Values.Select(WithoutHealth), replicas.Values.Select(WithoutHealth));
    }

    [Fact]
    public async Task A_worker_node_that_leaves_mid_run_loses_nothing_its_positions_move_and_recover_their_state()
    {
        var (local, localReplicas) = await Local.Value;
        await using var cluster = await LocalCluster.Start(Loopback, new EngineSettings(), workers: 2);
        var leaving = cluster.Workers[0];
        var moved = new List<long>();
        var replicas = new Dictionary<long, string>();
        var result = await SimulationRunner.Run(TestScenarios.Parse(), makeEngine: (setup, log) =>
            new ObservedEngine(new ActorSimulationEngine(cluster.StartEngine(setup, log)), afterTick: async tick =>
            {
                if (tick != 150) return; // half-way through the crash (hour 2.5)
                var state = await leaving.Region.Ask<CurrentShardRegionState>(GetShardRegionState.Instance, TimeSpan.FromSeconds(10));
                moved.AddRange(state.Shards.SelectMany(s => s.EntityIds).Select(id => long.Parse(id, CultureInfo.InvariantCulture)));
                await leaving.Leave();
            }, beforeDispose: async () => await ReadReplicas(cluster.PoolNode.Region, localReplicas.Count, replicas)));

        Assert.NotEmpty(moved);
        Assert.True(leaving.System.WhenTerminated.IsCompleted);
        var hosted = await cluster.EntitiesPerNode();
        Assert.Equal(0, hosted[1]);
        Assert.Equal(local.EventLogSha256, result.EventLogSha256);
        Assert.Equal(RunReport.Summary(local).ToJsonString(), RunReport.Summary(result).ToJsonString());
        // a moved entity re-read its replica when it restarted, and a one-process (passive) position is made from the
        // pool's copy when read, so their healths are computed at other times: balances and bounds are the same
        foreach (var p in localReplicas.Keys) Assert.Equal(WithoutHealth(localReplicas[p]), WithoutHealth(replicas[p]));
    }

    /// <summary>
    /// Each position's replica through the shard region. An entity that this request starts (its shard moved and it had no
    /// message since) answers before its replica has come back from the supervisor, so ask until it has one (as AwaitAssert).
    /// </summary>
    private static async Task ReadReplicas(IActorRef region, int positions, Dictionary<long, string> into)
    {
        for (long p = 0; p < positions; p++)
        {
            var deadline = DateTime.UtcNow.AddSeconds(10);
            Replica r;
            while ((r = await region.Ask<Replica>(new PositionEnvelope(p, new GetReplica()), TimeSpan.FromSeconds(10))).State is null && DateTime.UtcNow < deadline)
                await Task.Delay(20);
            into[p] = Describe(r);
        }
    }

    private static string WithoutHealth(string description) => description[..description.LastIndexOf(" health ", StringComparison.Ordinal)];

    /// <summary>A replica as text: balances (token, direction, scaled quantity) and the health bounds and health.</summary>
    private static string Describe(Replica r) => r.State is not { } s ? $"{r.Position}: none"
        : $"{r.Position}: {string.Join(" ", s.Balances.Select(b => $"{b.Token}:{b.Balance.Scaled.Direction}:{b.Balance.Scaled.Quantity}"))} " +
          $"min {s.MinHealth} target {s.TargetHealth} max {s.MaxHealth} health {s.Health}";
}

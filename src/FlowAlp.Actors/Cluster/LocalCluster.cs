using Akka.Actor;
using Akka.Cluster.Sharding;
using FlowAlp.Actors.Engine;
using FlowAlp.Actors.Pool;
using FlowAlp.Engine.Core;
using FlowAlp.Engine.Loop;
using FlowAlp.Engine.Operations;
using FlowAlp.Engine.World;

namespace FlowAlp.Actors.Cluster;

/// <summary>
/// A cluster started from one process: the pool node (the settings' address and roles) and <c>workers</c> position
/// nodes on free loopback ports that join it. `flowalp run --cluster`, the `cluster` benchmark and the cluster tests
/// use it; nodes in other processes can join the same seed nodes too. Start returns once every node is Up and every
/// shard region is registered with the coordinator, so shards spread over all nodes from the first position on.
/// </summary>
public sealed class LocalCluster : IAsyncDisposable
{
    private static readonly TimeSpan ReadyGuard = TimeSpan.FromSeconds(60);
    /// <summary>A node runs as many sweep jobs at once as the machine has cores.</summary>
    public static int SweepSlots => Environment.ProcessorCount;

    public ClusterNode PoolNode { get; }
    public IReadOnlyList<ClusterNode> Workers { get; }

    private LocalCluster(ClusterNode pool, IReadOnlyList<ClusterNode> workers)
    {
        PoolNode = pool;
        Workers = workers;
    }

    /// <param name="sweepRunner">
    /// given: every worker node also gets the "sweeps" role and a sweep worker (as does the pool node if its roles name
    /// "sweeps"), each with a runner of its own made from the node's slots (its cores); called pool node first, then the
    /// workers in order
    /// </param>
    public static async Task<LocalCluster> Start(ClusterSettings settings, EngineSettings engine, int workers, Func<int, ISweepJobRunner>? sweepRunner = null)
    {
        settings.Validate();
        if (workers < 0) throw new ClusterSettingsException("localWorkers", $"must not be negative, got {workers}");
        if (workers == 0 && !settings.RoleList.Contains(ClusterSettings.PositionsRole))
            throw new ClusterSettingsException("roles", $"with no worker nodes the pool node needs the '{ClusterSettings.PositionsRole}' role");
        var pool = ClusterNode.Start(settings, engine, settings.Port, settings.RoleList, settings.SeedAddresses());
        await pool.MemberUp().WaitAsync(ReadyGuard);
        IReadOnlyList<string> workerRoles = sweepRunner is null ? [ClusterSettings.PositionsRole] : [ClusterSettings.PositionsRole, ClusterSettings.SweepsRole];
        var nodes = Enumerable.Range(0, workers)
            .Select(_ => ClusterNode.Start(settings, engine, 0, workerRoles, [pool.Cluster.SelfAddress])).ToList();
        if (sweepRunner is not null)
            foreach (var node in nodes.Prepend(pool).Where(n => n.Roles.Contains(ClusterSettings.SweepsRole)))
                node.StartSweepWorker(sweepRunner(SweepSlots), SweepSlots);
        await Task.WhenAll(nodes.Select(n => n.MemberUp())).WaitAsync(ReadyGuard);
        int regions = workers + (pool.Roles.Contains(ClusterSettings.PositionsRole) ? 1 : 0);
        await RegionsRegistered(pool.Region, regions);
        return new LocalCluster(pool, nodes);
    }

    /// <summary>The engine: the pool supervisor as the singleton on the pool node; disposing it stops every node.</summary>
    public PoolEngine StartEngine(Script setup, EventLogOptions? log = null)
    {
        PoolNode.StartPool(setup, log);
        return PoolEngine.Attach(PoolNode.System, PoolNode.PoolProxy, DisposeAsync);
    }

    /// <summary>Positions hosted per node (shard region state), pool node first.</summary>
    public async Task<IReadOnlyList<int>> EntitiesPerNode()
    {
        var counts = new List<int>();
        foreach (var node in Workers.Prepend(PoolNode))
        {
            if (node.System.WhenTerminated.IsCompleted || !node.Roles.Contains(ClusterSettings.PositionsRole)) { counts.Add(0); continue; }
            var state = await node.Region.Ask<CurrentShardRegionState>(GetShardRegionState.Instance, TimeSpan.FromSeconds(10));
            counts.Add(state.Shards.Sum(s => s.EntityIds.Count));
        }
        return counts;
    }

    // readiness, not a synchronisation of work: the coordinator learns of each region asynchronously after member-up
    private static async Task RegionsRegistered(IActorRef region, int expected)
    {
        var deadline = DateTime.UtcNow + ReadyGuard;
        while (true)
        {
            var current = await region.Ask<CurrentRegions>(GetCurrentRegions.Instance, TimeSpan.FromSeconds(10));
            if (current.Regions.Count >= expected) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"cluster: {current.Regions.Count} of {expected} shard regions registered after {ReadyGuard.TotalSeconds} s");
            await Task.Delay(100);
        }
    }

    /// <summary>Workers leave first (their shards are handed off), then the pool node.</summary>
    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(Workers.Where(w => !w.System.WhenTerminated.IsCompleted).Select(w => w.Leave()));
        if (!PoolNode.System.WhenTerminated.IsCompleted) await PoolNode.Leave();
    }
}

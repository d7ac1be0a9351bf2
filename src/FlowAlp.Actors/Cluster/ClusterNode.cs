using System.Globalization;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Cluster.Tools.Singleton;
using FlowAlp.Actors.Engine;
using FlowAlp.Actors.Pool;
using FlowAlp.Actors.Positions;
using FlowAlp.Engine.Core;
using FlowAlp.Engine.Loop;
using FlowAlp.Engine.Operations;
using FlowAlp.Engine.Positions;
using FlowAlp.Engine.World;

namespace FlowAlp.Actors.Cluster;

/// <summary>
/// One cluster node: an ActorSystem with the cluster provider, the position shard region (a region on "positions"
/// nodes, a proxy elsewhere) and the proxy to the pool-supervisor singleton. The "pool" node also runs the singleton
/// manager (<see cref="StartPool"/>), so the supervisor, its oracles, rebalancers and liquidators live there.
/// </summary>
public sealed class ClusterNode
{
    public const string PositionTypeName = "position";
    private const string PoolName = "pool";

    public ActorSystem System { get; }
    public Akka.Cluster.Cluster Cluster => Akka.Cluster.Cluster.Get(System);
    /// <summary>The node's position shard region (or region proxy); send it <see cref="PositionEnvelope"/>s.</summary>
    public IActorRef Region { get; }
    /// <summary>The pool supervisor, wherever the singleton runs.</summary>
    public IActorRef PoolProxy { get; }
    public IReadOnlyList<string> Roles { get; }

    private ClusterNode(ActorSystem system, IActorRef region, IActorRef poolProxy, IReadOnlyList<string> roles)
    {
        System = system;
        Region = region;
        PoolProxy = poolProxy;
        Roles = roles;
    }

    /// <summary>Starts a node on <paramref name="port"/> (0 = any free port) and joins <paramref name="seeds"/> (none: it founds the cluster).</summary>
    public static ClusterNode Start(ClusterSettings settings, EngineSettings engine, int port, IReadOnlyList<string> roles, IReadOnlyList<Address> seeds)
    {
        settings.Validate();
        engine.Validate();
        var system = ActorSystem.Create(settings.SystemName, ClusterConfig.For(settings, engine, port, roles));
        var sharding = ClusterSharding.Get(system); // first: it injects sharding's reference config that the settings read
        var proxy = system.ActorOf(ClusterSingletonProxy.Props($"/user/{PoolName}", ClusterSingletonProxySettings.Create(system).WithRole(ClusterSettings.PoolRole)), "pool-proxy");
        var extractor = new PositionMessageExtractor(settings.Shards);
        var region = roles.Contains(ClusterSettings.PositionsRole)
            ? sharding.Start(PositionTypeName, id => PositionActor.Props(long.Parse(id, CultureInfo.InvariantCulture), proxy, null, recover: true),
                ClusterShardingSettings.Create(system).WithRole(ClusterSettings.PositionsRole), extractor)
            : sharding.StartProxy(PositionTypeName, ClusterSettings.PositionsRole, extractor);
        var cluster = Akka.Cluster.Cluster.Get(system);
        cluster.JoinSeedNodes(seeds.Count > 0 ? seeds : [cluster.SelfAddress]);
        return new ClusterNode(system, region, proxy, roles);
    }

    /// <summary>Resolves when this node is Up in the cluster.</summary>
    public Task MemberUp()
    {
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Cluster.RegisterOnMemberUp(() => up.TrySetResult());
        return up.Task;
    }

    /// <summary>
    /// Starts the pool supervisor as the cluster singleton over <paramref name="setup"/> (this node must have the "pool"
    /// role, and be the only one: the singleton's props hold the scenario's set-up, which never crosses nodes).
    /// </summary>
    public void StartPool(Script setup, EventLogOptions? log)
    {
        if (!Roles.Contains(ClusterSettings.PoolRole)) throw new ClusterSettingsException("roles", $"the node that runs the pool needs the '{ClusterSettings.PoolRole}' role");
        _ = new ScriptWorld(setup with { Steps = Array.Empty<Step>() }); // validates the set-up here, with the field's name
        var region = Region;
        var supervisor = PoolSupervisor.Props(setup, log, _ => new ShardedPositionDirectory(region));
        System.ActorOf(ClusterSingletonManager.Props(supervisor, PoisonPill.Instance,
            ClusterSingletonManagerSettings.Create(System).WithRole(ClusterSettings.PoolRole)), PoolName);
    }

    /// <summary>
    /// Starts this node's sweep worker (the node needs the "sweeps" role): it runs jobs with <paramref name="runner"/>, at
    /// most <paramref name="slots"/> at once; the runner is disposed when the node shuts down.
    /// </summary>
    public IActorRef StartSweepWorker(ISweepJobRunner runner, int slots)
    {
        if (!Roles.Contains(ClusterSettings.SweepsRole)) throw new ClusterSettingsException("roles", $"a node that runs sweep jobs needs the '{ClusterSettings.SweepsRole}' role");
        var worker = System.ActorOf(SweepWorker.Props(runner, slots), SweepWorker.Name);
        CoordinatedShutdown.Get(System).AddTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate, "sweep-runner-dispose", async () =>
        {
            await runner.DisposeAsync();
            return Akka.Done.Instance;
        });
        return worker;
    }

    /// <summary>Leaves the cluster gracefully (its shards are handed off to the other nodes) and terminates the system.</summary>
    public async Task Leave()
    {
        await CoordinatedShutdown.Get(System).Run(CoordinatedShutdown.ClusterLeavingReason.Instance);
        await System.WhenTerminated;
    }
}

using Akka.Actor;
using FlowAlp.Actors.Dex;
using FlowAlp.Actors.Engine;
using FlowAlp.Actors.Oracles;
using FlowAlp.Actors.Pool;
using FlowAlp.Actors.Rebalancing;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Scripting;
using FlowAlp.Engine.Connectors;
using FlowAlp.Engine.Core;
using FlowAlp.Engine.Dex;
using FlowAlp.Engine.Loop;
using FlowAlp.Engine.Operations;
using FlowAlp.Engine.Oracles;
using FlowAlp.Engine.Rebalancing;
using FlowAlp.Engine.World;

namespace FlowAlp.Simulation.Running;

/// <summary>
/// The actor engine behind <see cref="ISimulationEngine"/>: every call is a message to the pool supervisor. It runs in an
/// ActorSystem of its own (<see cref="Start"/>, terminated on dispose) or in a shared one (<see cref="StartOn"/>, where
/// dispose stops its supervisor and DEX and leaves the system running for the next run).
/// </summary>
public sealed class ActorSimulationEngine(PoolEngine engine) : ISimulationEngine
{
    private IActorRef? _dex;

    public static ActorSimulationEngine Start(Script setup, EngineSettings settings) => new(PoolEngine.Start(setup, settings));

    /// <summary>An engine whose supervisor is <paramref name="name"/> in <paramref name="system"/> (configured by <see cref="AkkaConfig.For"/>).</summary>
    public static ActorSimulationEngine StartOn(ActorSystem system, Script setup, string name) => new(PoolEngine.StartOn(system, setup, name));

    public PoolEngine Engine => engine;
    /// <summary>The DEX actor once <see cref="UseDex"/> made it (a top-level actor, stopped on dispose).</summary>
    internal IActorRef? Dex => _dex;
    public Task<OperationOutcome> Step(Step step) => engine.Step(step);
    public Task AddOracle(string token, IPricePath path) => engine.Ask<Status.Success>(new AddOracle(token, path));
    public Task AddRebalancer(long position, RebalancerSpec spec) => engine.Ask<RebalancerAdded>(new AddRebalancer(position, spec));
    public Task EnableRebalanceSupervisor(ulong cronSeconds) => engine.Ask<Status.Success>(new EnableRebalanceSupervisor(cronSeconds));
    // named after its supervisor: several engines may share one ActorSystem (a sweep)
    public Task UseDex(ConstantProductAmm amm)
    {
        _dex = engine.System.ActorOf(DexActor.Props(amm).WithDispatcher(AkkaConfig.Dispatcher), $"{engine.Supervisor.Path.Name}-dex");
        return engine.Ask<Status.Success>(new UseDex(_dex, amm));
    }
    public Task<EngineSnapshot> Capture(IReadOnlyList<object> externals) => engine.Capture(externals);
    public static ActorSimulationEngine Restore(EngineSnapshot snapshot, IReadOnlyList<object> externals, EngineSettings settings) => new(PoolEngine.Restore(snapshot, externals, settings));
    public Task AddLiquidator(string name, string account, ushort discountBps, ulong latencySeconds) =>
        engine.Ask<Status.Success>(new AddLiquidator(name, account, discountBps, latencySeconds));
    public Task SetTopUpSource(long position, ConnectorSpec spec) => engine.Ask<Status.Success>(new SetTopUpSource(position, spec));
    public Task SetDrawDownSink(long position, ConnectorSpec spec) => engine.Ask<Status.Success>(new SetDrawDownSink(position, spec));
    public Task AddStrategyLiquidity(string tokenA, UFix64 amountA, string tokenB, UFix64 amountB) =>
        engine.Ask<Status.Success>(new AddStrategyLiquidity(tokenA, amountA, tokenB, amountB));
    public Task AddStrategyConcentratedLiquidity(string token, string quote, uint feePips, UFix64 price, IReadOnlyList<FlowAlp.Engine.Dex.Concentrated.ConcentratedRange> ranges) =>
        engine.Ask<Status.Success>(new AddStrategyConcentratedLiquidity(token, quote, feePips, price, ranges));
    public Task AddYieldVault(string name, string yieldToken, UFix64 apr, string reserveAccount) =>
        engine.Ask<Status.Success>(new AddYieldVault(name, yieldToken, apr, reserveAccount));
    public Task SetYieldTokenMarket(FlowAlp.Engine.Keepers.YieldTokenMarket market) => engine.Ask<Status.Success>(new SetYieldTokenMarket(market));
    public async Task<SetUpOutcome> SetUpPositions(IReadOnlyList<PositionOpening> openings) => (await engine.Ask<PositionsSetUp>(new SetUpPositions(openings))).Outcome;
    public Task AddRebalancers(IReadOnlyList<(long Position, RebalancerSpec Spec)> rebalancers) => engine.Ask<RebalancersAdded>(new AddRebalancers(rebalancers));
    public Task<TickDone> Tick(UFix64 time) => engine.Tick(time);
    public Task<MetricsSample> Metrics() => engine.Ask<MetricsSample>(new GetMetrics());
    public Task<Outcomes> Outcomes() => engine.Ask<Outcomes>(new GetOutcomes());
    public Task<EventLog> EventLog() => engine.EventLog();
    public Task<StepLog> StepLog() => engine.Ask<StepLog>(new TakeStepLog());
    public async Task<string> Inject(FlowAlp.Engine.Chaos.FaultAction fault) => (string)(await engine.Ask<Status.Success>(new FlowAlp.Engine.Chaos.InjectFault(fault))).Status!;
    public async Task<IReadOnlyList<string>> CheckInvariants() => (await engine.Ask<FlowAlp.Engine.Chaos.InvariantReport>(new FlowAlp.Engine.Chaos.CheckInvariants())).Violations;
    public async ValueTask DisposeAsync()
    {
        await engine.DisposeAsync();
        // in a shared system the DEX outlives its supervisor unless stopped (an owned system is gone already)
        if (_dex is not null && !engine.System.WhenTerminated.IsCompleted) await _dex.GracefulStop(TimeSpan.FromMinutes(1));
    }
}

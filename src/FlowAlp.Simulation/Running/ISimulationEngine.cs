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
/// What a scenario run needs from an engine. Two implementations: the actor engine (the product) and the plain
/// single-threaded loop over the same core (the baseline); a scenario gives byte-identical outputs on both.
/// </summary>
public interface ISimulationEngine : IAsyncDisposable
{
    Task<OperationOutcome> Step(Step step);
    Task AddOracle(string token, IPricePath path);
    Task AddRebalancer(long position, RebalancerSpec spec);
    Task EnableRebalanceSupervisor(ulong cronSeconds);
    Task UseDex(ConstantProductAmm amm);
    Task AddLiquidator(string name, string account, ushort discountBps, ulong latencySeconds);
    Task SetTopUpSource(long position, ConnectorSpec spec);
    Task SetDrawDownSink(long position, ConnectorSpec spec);
    Task AddStrategyLiquidity(string tokenA, UFix64 amountA, string tokenB, UFix64 amountB);
    Task AddYieldVault(string name, string yieldToken, UFix64 apr, string reserveAccount);
    Task<TickDone> Tick(UFix64 time);
    Task<MetricsSample> Metrics();
    Task<Outcomes> Outcomes();
    Task<EventLog> EventLog();
    Task<StepLog> StepLog();
    Task<string> Inject(FlowAlp.Engine.Chaos.FaultAction fault);
    Task<IReadOnlyList<string>> CheckInvariants();
    /// <summary>The engine's whole state between ticks (a persistent run's snapshot); <paramref name="externals"/> are objects the restorer supplies again.</summary>
    Task<EngineSnapshot> Capture(IReadOnlyList<object> externals);
}

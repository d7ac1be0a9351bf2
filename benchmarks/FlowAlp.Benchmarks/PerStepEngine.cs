using FlowAlp.Engine.Connectors;
using FlowAlp.Engine.Core;
using FlowAlp.Engine.Dex;
using FlowAlp.Engine.Oracles;
using FlowAlp.Engine.Rebalancing;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Simulation.Running;

namespace FlowAlp.Benchmarks;

/// <summary>
/// An engine that sets up the way FlowAlp did before bulk set-up: every opening step, vault, connector and rebalancer
/// is its own call (ISimulationEngine's default SetUpPositions / AddRebalancers), the rest is forwarded. The `setup`
/// benchmark's "before" figures.
/// </summary>
internal sealed class PerStepEngine(ISimulationEngine inner) : ISimulationEngine
{
    public Task<FlowAlp.Engine.Operations.OperationOutcome> Step(FlowAlp.Engine.Operations.Step step) => inner.Step(step);
    public Task AddOracle(string token, IPricePath path) => inner.AddOracle(token, path);
    public Task AddRebalancer(long position, RebalancerSpec spec) => inner.AddRebalancer(position, spec);
    public Task EnableRebalanceSupervisor(ulong cronSeconds) => inner.EnableRebalanceSupervisor(cronSeconds);
    public Task UseDex(ConstantProductAmm amm) => inner.UseDex(amm);
    public Task AddLiquidator(string name, string account, ushort discountBps, ulong latencySeconds) => inner.AddLiquidator(name, account, discountBps, latencySeconds);
    public Task SetTopUpSource(long position, ConnectorSpec spec) => inner.SetTopUpSource(position, spec);
    public Task SetDrawDownSink(long position, ConnectorSpec spec) => inner.SetDrawDownSink(position, spec);
    public Task AddStrategyLiquidity(string a, UFix64 x, string b, UFix64 y) => inner.AddStrategyLiquidity(a, x, b, y);
    public Task AddStrategyConcentratedLiquidity(string token, string quote, uint feePips, UFix64 price, IReadOnlyList<FlowAlp.Engine.Dex.Concentrated.ConcentratedRange> ranges) => inner.AddStrategyConcentratedLiquidity(token, quote, feePips, price, ranges);
    public Task AddYieldVault(string name, string yieldToken, UFix64 apr, string reserveAccount) => inner.AddYieldVault(name, yieldToken, apr, reserveAccount);
    public Task SetYieldTokenMarket(FlowAlp.Engine.Keepers.YieldTokenMarket market) => inner.SetYieldTokenMarket(market);
    public Task<TickDone> Tick(UFix64 time) => inner.Tick(time);
    public Task<MetricsSample> Metrics() => inner.Metrics();
    public Task<Outcomes> Outcomes() => inner.Outcomes();
    public Task<FlowAlp.Actors.Pool.EventLog> EventLog() => inner.EventLog();
    public Task<FlowAlp.Actors.Pool.StepLog> StepLog() => inner.StepLog();
    public Task<string> Inject(FlowAlp.Engine.Chaos.FaultAction fault) => inner.Inject(fault);
    public Task<IReadOnlyList<string>> CheckInvariants() => inner.CheckInvariants();
    public Task<FlowAlp.Engine.Loop.EngineSnapshot> Capture(IReadOnlyList<object> externals) => inner.Capture(externals);
    public ValueTask DisposeAsync() => inner.DisposeAsync();
}

using System.Text.Json.Nodes;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Simulation.Running;

namespace FlowAlp.Simulation.Tests;

/// <summary>An engine that forwards every call; test variants override what they observe or break.</summary>
internal class DelegatingEngine(ISimulationEngine inner) : ISimulationEngine
{
    protected ISimulationEngine Inner => inner;
    public virtual Task<FlowAlp.Engine.Core.TickDone> Tick(UFix64 time) => inner.Tick(time);
    public Task<FlowAlp.Engine.Operations.OperationOutcome> Step(FlowAlp.Engine.Operations.Step step) => inner.Step(step);
    public Task AddOracle(string token, FlowAlp.Engine.Oracles.IPricePath path) => inner.AddOracle(token, path);
    public Task AddRebalancer(long position, FlowAlp.Engine.Rebalancing.RebalancerSpec spec) => inner.AddRebalancer(position, spec);
    public Task EnableRebalanceSupervisor(ulong cronSeconds) => inner.EnableRebalanceSupervisor(cronSeconds);
    public Task UseDex(FlowAlp.Engine.Dex.ConstantProductAmm amm) => inner.UseDex(amm);
    public Task AddLiquidator(string name, string account, ushort discountBps, ulong latencySeconds) => inner.AddLiquidator(name, account, discountBps, latencySeconds);
    public Task SetTopUpSource(long position, FlowAlp.Engine.Connectors.ConnectorSpec spec) => inner.SetTopUpSource(position, spec);
    public Task SetDrawDownSink(long position, FlowAlp.Engine.Connectors.ConnectorSpec spec) => inner.SetDrawDownSink(position, spec);
    public Task AddStrategyLiquidity(string a, UFix64 x, string b, UFix64 y) => inner.AddStrategyLiquidity(a, x, b, y);
    public Task AddStrategyConcentratedLiquidity(string token, string quote, uint feePips, UFix64 price, IReadOnlyList<FlowAlp.Engine.Dex.Concentrated.ConcentratedRange> ranges) => inner.AddStrategyConcentratedLiquidity(token, quote, feePips, price, ranges);
    public Task AddYieldVault(string name, string yieldToken, UFix64 apr, string reserveAccount) => inner.AddYieldVault(name, yieldToken, apr, reserveAccount);
    public Task SetYieldTokenMarket(FlowAlp.Engine.Keepers.YieldTokenMarket market) => inner.SetYieldTokenMarket(market);
    public Task<FlowAlp.Engine.Core.MetricsSample> Metrics() => inner.Metrics();
    public Task<FlowAlp.Engine.Core.Outcomes> Outcomes() => inner.Outcomes();
    public Task<Actors.Pool.EventLog> EventLog() => inner.EventLog();
    public Task<Actors.Pool.StepLog> StepLog() => inner.StepLog();
    public Task<string> Inject(FlowAlp.Engine.Chaos.FaultAction fault) => inner.Inject(fault);
    public virtual Task<IReadOnlyList<string>> CheckInvariants() => inner.CheckInvariants();
    public virtual Task<FlowAlp.Engine.Loop.EngineSnapshot> Capture(IReadOnlyList<object> externals) => inner.Capture(externals);
    public virtual ValueTask DisposeAsync() => inner.DisposeAsync();
}

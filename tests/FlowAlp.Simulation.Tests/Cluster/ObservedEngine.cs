using System.Text.Json.Nodes;
using FlowAlp.Actors.Chaos;
using FlowAlp.Actors.Connectors;
using FlowAlp.Actors.Dex;
using FlowAlp.Actors.Oracles;
using FlowAlp.Actors.Pool;
using FlowAlp.Actors.Rebalancing;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Scripting;
using FlowAlp.Simulation.Running;

namespace FlowAlp.Simulation.Tests.Cluster;

/// <summary>
/// An engine that forwards everything to the actor engine and lets a test act between ticks (stop a node) and read the
/// position actors just before the engine stops (the runner disposes it at the end of the run).
/// </summary>
internal sealed class ObservedEngine(ActorSimulationEngine inner, Func<int, Task>? afterTick = null, Func<Task>? beforeDispose = null) : ISimulationEngine
{
    private int _ticks;

    public async Task<TickDone> Tick(UFix64 time)
    {
        var done = await inner.Tick(time);
        if (afterTick is not null) await afterTick(++_ticks);
        return done;
    }

    public async ValueTask DisposeAsync()
    {
        if (beforeDispose is not null) await beforeDispose();
        await inner.DisposeAsync();
    }

    public Task<JsonObject> Step(Step step) => inner.Step(step);
    public Task AddOracle(string token, IPricePath path) => inner.AddOracle(token, path);
    public Task AddRebalancer(long position, RebalancerSpec spec) => inner.AddRebalancer(position, spec);
    public Task EnableRebalanceSupervisor(ulong cronSeconds) => inner.EnableRebalanceSupervisor(cronSeconds);
    public Task UseDex(ConstantProductAmm amm) => inner.UseDex(amm);
    public Task AddLiquidator(string name, string account, ushort discountBps, ulong latencySeconds) => inner.AddLiquidator(name, account, discountBps, latencySeconds);
    public Task SetTopUpSource(long position, ConnectorSpec spec) => inner.SetTopUpSource(position, spec);
    public Task SetDrawDownSink(long position, ConnectorSpec spec) => inner.SetDrawDownSink(position, spec);
    public Task AddStrategyLiquidity(string tokenA, UFix64 amountA, string tokenB, UFix64 amountB) => inner.AddStrategyLiquidity(tokenA, amountA, tokenB, amountB);
    public Task AddYieldVault(string name, string yieldToken, UFix64 apr, string reserveAccount) => inner.AddYieldVault(name, yieldToken, apr, reserveAccount);
    public Task<MetricsSample> Metrics() => inner.Metrics();
    public Task<Outcomes> Outcomes() => inner.Outcomes();
    public Task<EventLog> EventLog() => inner.EventLog();
    public Task<StepLog> StepLog() => inner.StepLog();
    public Task<string> Inject(FaultAction fault) => inner.Inject(fault);
    public Task<IReadOnlyList<string>> CheckInvariants() => inner.CheckInvariants();
}

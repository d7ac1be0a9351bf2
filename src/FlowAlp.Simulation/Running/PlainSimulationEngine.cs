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

/// <summary>The plain single-threaded loop behind <see cref="ISimulationEngine"/> (the baseline; same outputs).</summary>
public sealed class PlainSimulationEngine : ISimulationEngine
{
    private readonly PlainLoop _loop;

    // the same screen of who must act as the actor engine (the naive loop is the benchmarks' baseline, not the CLI's engine)
    public PlainSimulationEngine(Script setup, EventLogOptions? log = null) => _loop = new PlainLoop(setup, log, wakeEveryone: false);
    private PlainSimulationEngine(PlainLoop loop) => _loop = loop;

    public static PlainSimulationEngine Restore(EngineSnapshot snapshot, IReadOnlyList<object> externals, EventLogOptions? log) => new(PlainLoop.Restore(snapshot, externals, log));
    public Task<EngineSnapshot> Capture(IReadOnlyList<object> externals) => Task.FromResult(_loop.Capture(externals));

    public PlainLoop Loop => _loop;
    public Task<OperationOutcome> Step(Step step) => Task.FromResult(_loop.Step(step));
    public Task AddOracle(string token, IPricePath path) { _loop.AddOracle(token, path); return Task.CompletedTask; }
    public Task AddRebalancer(long position, RebalancerSpec spec) { _loop.AddRebalancer(position, spec); return Task.CompletedTask; }
    public Task EnableRebalanceSupervisor(ulong cronSeconds) { _loop.EnableRebalanceSupervisor(cronSeconds); return Task.CompletedTask; }
    public Task UseDex(ConstantProductAmm amm) { _loop.UseDex(amm); return Task.CompletedTask; }
    public Task AddLiquidator(string name, string account, ushort discountBps, ulong latencySeconds) { _loop.AddLiquidator(name, account, discountBps, latencySeconds); return Task.CompletedTask; }
    public Task SetTopUpSource(long position, ConnectorSpec spec) { _loop.SetTopUpSource(position, spec); return Task.CompletedTask; }
    public Task SetDrawDownSink(long position, ConnectorSpec spec) { _loop.SetDrawDownSink(position, spec); return Task.CompletedTask; }
    public Task AddStrategyLiquidity(string tokenA, UFix64 amountA, string tokenB, UFix64 amountB) { _loop.Core.Strategies.AddStrategyLiquidity(tokenA, amountA, tokenB, amountB); return Task.CompletedTask; }
    public Task AddStrategyConcentratedLiquidity(string token, string quote, uint feePips, UFix64 price, IReadOnlyList<FlowAlp.Engine.Dex.Concentrated.ConcentratedRange> ranges)
    { _loop.Core.Strategies.AddStrategyConcentratedLiquidity(token, quote, feePips, price, ranges); return Task.CompletedTask; }
    public Task AddYieldVault(string name, string yieldToken, UFix64 apr, string reserveAccount) { _loop.Core.Strategies.AddYieldVault(name, yieldToken, apr, reserveAccount); return Task.CompletedTask; }
    public Task SetYieldTokenMarket(FlowAlp.Engine.Keepers.YieldTokenMarket market) { _loop.SetYieldTokenMarket(market); return Task.CompletedTask; }
    public Task<SetUpOutcome> SetUpPositions(IReadOnlyList<PositionOpening> openings) => Task.FromResult(_loop.Core.ApplySetUp(openings));
    public Task AddRebalancers(IReadOnlyList<(long Position, RebalancerSpec Spec)> rebalancers)
    {
        foreach (var (position, spec) in rebalancers) _loop.AddRebalancer(position, spec);
        return Task.CompletedTask;
    }
    public Task<TickDone> Tick(UFix64 time) => Task.FromResult(_loop.Tick(time));
    public Task<MetricsSample> Metrics() => Task.FromResult(_loop.Core.Sample());
    public Task<Outcomes> Outcomes() => Task.FromResult(_loop.Core.Outcomes());
    public Task<string> Inject(FlowAlp.Engine.Chaos.FaultAction fault) => Task.FromResult(_loop.Inject(fault));
    public Task<IReadOnlyList<string>> CheckInvariants() => Task.FromResult<IReadOnlyList<string>>(_loop.CheckInvariants());
    public Task<StepLog> StepLog() => Task.FromResult(new StepLog(_loop.Core.Log.TakeStepLines(), _loop.Core.Log.Count, _loop.Core.Log.Sha256()));

    public Task<EventLog> EventLog()
    {
        _loop.Core.Log.Flush();
        return Task.FromResult(new EventLog(_loop.Core.Log.Lines.ToList(), _loop.Core.Log.Sha256(), _loop.Core.Log.Count));
    }

    public ValueTask DisposeAsync()
    {
        _loop.Core.Log.Dispose();
        return ValueTask.CompletedTask;
    }
}

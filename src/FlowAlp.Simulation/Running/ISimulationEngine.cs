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
    /// <summary>Seeds a strategy-DEX pair as a concentrated-liquidity pool (genesis liquidity, like AddStrategyLiquidity).</summary>
    Task AddStrategyConcentratedLiquidity(string token, string quote, uint feePips, UFix64 price, IReadOnlyList<FlowAlp.Engine.Dex.Concentrated.ConcentratedRange> ranges);
    Task AddYieldVault(string name, string yieldToken, UFix64 apr, string reserveAccount);
    /// <summary>The yield token's market: reference price, the vaults' slippage bound, pool keepers (<see cref="PoolCore.SetYieldTokenMarket"/>).</summary>
    Task SetYieldTokenMarket(FlowAlp.Engine.Keepers.YieldTokenMarket market);
    Task<TickDone> Tick(UFix64 time);
    Task<MetricsSample> Metrics();
    Task<Outcomes> Outcomes();
    Task<EventLog> EventLog();
    Task<StepLog> StepLog();
    Task<string> Inject(FlowAlp.Engine.Chaos.FaultAction fault);
    Task<IReadOnlyList<string>> CheckInvariants();
    /// <summary>The engine's whole state between ticks (a persistent run's snapshot); <paramref name="externals"/> are objects the restorer supplies again.</summary>
    Task<EngineSnapshot> Capture(IReadOnlyList<object> externals);

    /// <summary>
    /// Opens positions in bulk (<see cref="PoolCore.ApplySetUp"/>): the same state and event log as one call per step and
    /// per vault or connector, which is what this default does (the engines override it with one pass in the core).
    /// </summary>
    async Task<SetUpOutcome> SetUpPositions(IReadOnlyList<PositionOpening> openings)
    {
        for (int i = 0; i < openings.Count; i++)
        {
            var steps = openings[i].Steps;
            for (int k = 0; k < steps.Count; k++)
            {
                var outcome = await Step(steps[k]);
                if (!outcome.Ok) return new SetUpOutcome(i, outcome);
                if (k > 0 || openings[i].Vault is not { } v) continue;
                await AddYieldVault(v.Name, v.YieldToken, v.Apr, v.ReserveAccount);
                if (v.Source is { } source) await SetTopUpSource(v.Position, source);
                if (v.Sink is { } sink) await SetDrawDownSink(v.Position, sink);
            }
        }
        return SetUpOutcome.AllApplied;
    }

    /// <summary>Rebalancers in bulk, each as <see cref="AddRebalancer"/> in order (this default: one call each).</summary>
    async Task AddRebalancers(IReadOnlyList<(long Position, RebalancerSpec Spec)> rebalancers)
    {
        foreach (var (position, spec) in rebalancers) await AddRebalancer(position, spec);
    }
}

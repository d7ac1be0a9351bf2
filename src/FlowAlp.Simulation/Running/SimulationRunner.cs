using FlowAlp.Actors.Dex;
using FlowAlp.Actors.Engine;
using FlowAlp.Actors.Pool;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Scripting;
using FlowAlp.Simulation.Scenarios;

namespace FlowAlp.Simulation.Running;

public enum EngineKind { Actors, Plain }

/// <summary>
/// Runs a scenario: builds the world (<see cref="ScenarioSetup"/>), opens every position, wires oracles, connectors,
/// rebalancers, the supervisor cron, the DEX and liquidators, then steps virtual time to the end, sampling the pool
/// every <c>sampleEverySteps</c>. Same scenario and seed → the same result, on either engine and any thread count.
/// </summary>
public static class SimulationRunner
{
    /// <param name="eventLogFile">stream the event log to this file instead of keeping it in memory (large runs)</param>
    public static async Task<SimulationResult> Run(Scenario s, EngineKind kind = EngineKind.Actors, Action<SimulationProgress>? progress = null,
        CancellationToken cancel = default, string systemName = "flowalp", string? eventLogFile = null)
    {
        var setup = new ScenarioSetup(s);
        var log = eventLogFile is null ? null : new EventLogOptions(Retain: false, File: eventLogFile);
        await using ISimulationEngine engine = kind == EngineKind.Actors
            ? ActorSimulationEngine.Start(setup.Genesis, new EngineSettings(s.Threads, SystemName: systemName, EventLog: log))
            : new PlainSimulationEngine(setup.Genesis, log);
        string moet = s.Pool.Pool.DefaultToken;

        if (s.Strategies is { } st)
            await engine.AddStrategyLiquidity(st.YieldToken, st.Depth, moet, st.Depth);
        var connectors = setup.Connectors.ToDictionary(c => c.Position);
        foreach (var (agent, steps) in setup.Openings)
        {
            await Expect(engine, agent, steps[0]);
            if (connectors.TryGetValue(agent.Position, out var c))
            {
                await engine.AddYieldVault(c.Vault!, s.Strategies!.YieldToken, s.Strategies.Apr, ScenarioSetup.YieldReserve);
                if (c.Source is { } src) await engine.SetTopUpSource(agent.Position, src);
                if (c.Sink is { } sink) await engine.SetDrawDownSink(agent.Position, sink);
            }
            foreach (var step in steps.Skip(1)) await Expect(engine, agent, step);
        }
        foreach (var (token, spec) in s.Prices.OrderBy(p => p.Key, StringComparer.Ordinal))
            await engine.AddOracle(token, PricePaths.For(s, token, spec));
        foreach (var (position, spec) in setup.Rebalancers) await engine.AddRebalancer(position, spec);
        if (setup.Rebalancers.Count > 0) await engine.EnableRebalanceSupervisor(s.Rebalancers.CronSeconds);
        var amm = new ConstantProductAmm(s.Dex.FeeBps);
        foreach (var (token, depth) in s.Dex.Depth.OrderBy(d => d.Key, StringComparer.Ordinal))
            amm.SetLiquidity(token, UFix64.FromDouble(depth.ToDouble() / s.Prices[token].Start), moet, depth);
        await engine.UseDex(amm);
        foreach (var l in s.Liquidators)
            for (int i = 0; i < l.Count; i++) await engine.AddLiquidator($"{l.Name}-{i}", $"{l.Name}-{i}", l.DiscountBps, l.LatencySeconds);

        var samples = new List<MetricsSample> { await engine.Metrics() };
        for (ulong k = 1; k <= s.Steps; k++)
        {
            cancel.ThrowIfCancellationRequested();
            var t = UFix64.FromInteger(k * s.StepSeconds);
            await engine.Tick(t);
            if (k % (ulong)s.SampleEverySteps == 0 || k == s.Steps)
            {
                var m = await engine.Metrics();
                samples.Add(m);
                progress?.Invoke(new SimulationProgress(k, s.Steps, t, m.Positions, m.Totals.LiquidationsApplied, m.Totals.Rebalances));
            }
        }
        var outcomes = await engine.Outcomes();
        var events = await engine.EventLog();
        return new SimulationResult(s, setup, samples, outcomes, events.Lines, events.Sha256, events.Count, outcomes.Conservation);
    }

    private static async Task Expect(ISimulationEngine engine, Agent agent, Step step)
    {
        var line = await engine.Step(step);
        if (line["ok"]?.GetValue<bool>() != true)
            throw new SimulationException($"populations.{agent.Population}: agent {agent.Index} ({agent.Account}) could not {step.Op}: {line["error"]?.GetValue<string>()}");
    }
}

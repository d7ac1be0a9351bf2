using FlowAlp.Protocol.Numerics;
using FlowAlp.Scripting;
using FlowAlp.Simulation.Scenarios;
using FlowAlp.Engine.Core;
using FlowAlp.Engine.Dex;
using FlowAlp.Engine.Loop;
using FlowAlp.Engine.Operations;
using FlowAlp.Engine.Oracles;
using FlowAlp.Engine.Snapshots;
using FlowAlp.Engine.World;

namespace FlowAlp.Simulation.Running;

public enum EngineKind { Actors, Plain }

/// <summary>
/// A scenario run in one call (<see cref="Run"/>: the parameters of <see cref="RunOptions"/>, for tests and tools), and
/// the steps <see cref="RunSession"/> is made of: setting the world up, journaling a step, applying a fork, saving a
/// state snapshot.
/// </summary>
public static class SimulationRunner
{
    // the runner's own state (RunnerState, SampleRecorder) is in a state snapshot: its types join the snapshot's allow-list
    static SimulationRunner() => SnapshotRegistry.AllowAssembly(typeof(SimulationRunner).Assembly);

    /// <param name="eventLogFile">stream the event log to this file instead of keeping it in memory (large runs)</param>
    /// <param name="journal">
    /// journal steps to it, with a state snapshot every <c>everySteps</c>; a journal that holds a snapshot (a resumed run)
    /// is continued from it, and steps it holds after that are re-derived and checked against it
    /// </param>
    /// <param name="onSample">every metrics sample as it is taken (the CLI streams them to timeseries.csv); RAM keeps a bounded series</param>
    /// <param name="series">the file <paramref name="onSample"/> writes, so a snapshot can record its length and a resume cut it back to that</param>
    /// <param name="fork">from this step on, these tokens follow new price processes (continuing from the price at the fork)</param>
    /// <param name="from">
    /// a state to start from when the journal holds none (a fork starting from its source's snapshot, taken before the
    /// fork's step; the event log and timeseries files must already hold the source's lines up to it)
    /// </param>
    public static Task<SimulationResult> Run(Scenario s, EngineKind kind = EngineKind.Actors, Action<SimulationProgress>? progress = null,
        CancellationToken cancel = default, string systemName = "flowalp", string? eventLogFile = null, Persistence.RunJournal? journal = null,
        ForkSpec? fork = null, Func<Script, EventLogOptions?, ISimulationEngine>? makeEngine = null, Action<MetricsSample>? onSample = null,
        IResumableSeries? series = null, Persistence.RunSnapshot? from = null) =>
        RunSession.RunToEnd(new RunOptions(s)
        {
            Engine = kind, Progress = progress, Cancel = cancel, SystemName = systemName, EventLogFile = eventLogFile, Journal = journal,
            Fork = fork, MakeEngine = makeEngine, OnSample = onSample, Series = series, RestoreFrom = from,
        });

    /// <summary>What the runner itself carries from step to step (a state snapshot holds it beside the engine's).</summary>
    internal sealed class RunnerState
    {
        public required SampleRecorder Samples { get; init; }
        public required List<(long Step, int LogPosition, string Violation)> Violations { get; init; }
        /// <summary>Per-population rows and per-position tracks, folded from every sample.</summary>
        public required PopulationTracker Populations { get; init; }
        public int Checks { get; set; }
        public int LogPosition { get; set; }
    }

    /// <summary>Opens every position and wires oracles, connectors, rebalancers, the cron, the DEX and liquidators.</summary>
    internal static async Task SetUp(ISimulationEngine engine, Scenario s, ScenarioSetup setup, IReadOnlyList<(string Token, IPricePath Path)> paths)
    {
        string moet = s.Pool.Pool.DefaultToken;
        if (s.Strategies is { } st)
        {
            if (st.Concentrated is { } cl) await engine.AddStrategyConcentratedLiquidity(st.YieldToken, moet, cl.FeeTier, UFix64.One, cl.Ranges);
            else await engine.AddStrategyLiquidity(st.YieldToken, st.Depth, moet, st.Depth);
            if (st.Market is { } market) await engine.SetYieldTokenMarket(market); // before the vaults: they book sales against it
        }
        // one batch, not a round trip per step: same steps, same order, same event log
        if (await engine.SetUpPositions(setup.PositionOpenings) is { Failure: { } failed } outcome)
        {
            var agent = setup.Openings[outcome.FailedOpening].Agent;
            throw new SimulationException($"populations.{agent.Population}: agent {agent.Index} ({agent.Account}) could not {failed.Op}: {failed.Error}");
        }
        foreach (var (token, path) in paths) await engine.AddOracle(token, path);
        await engine.AddRebalancers(setup.Rebalancers);
        if (setup.Rebalancers.Count > 0) await engine.EnableRebalanceSupervisor(s.Rebalancers.CronSeconds);
        var amm = new ConstantProductAmm(s.Dex.FeeBps);
        foreach (var (token, depth) in s.Dex.Depth.OrderBy(d => d.Key, StringComparer.Ordinal))
            amm.SetLiquidity(token, UFix64.FromDouble(depth.ToDouble() / s.Prices[token].Start), moet, depth);
        foreach (var (token, pair) in s.Dex.Concentrated ?? new Dictionary<string, ConcentratedPairSpec>())
            amm.SetConcentratedLiquidity(token, moet, pair.FeeTier, UFix64.FromDouble(s.Prices[token].Start), pair.Ranges);
        await engine.UseDex(amm);
        foreach (var l in s.Liquidators)
            for (int i = 0; i < l.Count; i++) await engine.AddLiquidator($"{l.Name}-{i}", $"{l.Name}-{i}", l.DiscountBps, l.LatencySeconds);
    }

    private const string EmptySha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    /// <summary>The whole state after step <paramref name="k"/> into the journal's snapshot store (a resume starts from the latest).</summary>
    internal static async Task SaveSnapshot(ISimulationEngine engine, Persistence.RunJournal journal, long k, UFix64 t, RunnerState state,
        IReadOnlyList<object> externals, object[] runnerExternals, IResumableSeries? series)
    {
        var header = await journal.Header(); // a deferred journal opens here (before the capture is timed)
        var watch = System.Diagnostics.Stopwatch.StartNew();
        Persistence.RunSnapshot snapshot;
        try
        {
            var captured = await engine.Capture(externals);
            var mark = series?.Mark() ?? (0, EmptySha256);
            snapshot = new Persistence.RunSnapshot(header, k, t.Floor, captured, ObjectGraph.Write(state, runnerExternals), mark.Length, mark.Sha256);
        }
        catch (SnapshotException e) { throw new SimulationException($"state snapshot after step {k} cannot be taken: {e.Message}; the run stops here"); }
        await journal.SaveSnapshot(snapshot, watch.Elapsed);
    }

    /// <summary>
    /// Journals step <paramref name="k"/> when the mode says so (every step with its events, or at a checkpoint, and the
    /// last step of a run whose journal is open); a step the journal already holds (a resumed run re-deriving its state)
    /// must match it exactly, or the run stops. A journal not yet opened is opened by its first record.
    /// </summary>
    /// <param name="checkpoint">the checkpoint policy took this step</param>
    internal static async Task Checkpoint(ISimulationEngine engine, Persistence.RunJournal? journal, Scenario s, long k, UFix64 t, bool checkpoint)
    {
        if (journal is null) return;
        var mode = journal.Spec.Mode;
        bool recorded = journal.State.Steps.TryGetValue(k, out var was);
        bool due = mode == Persistence.PersistenceMode.Events || checkpoint || (k == (long)s.Steps && journal.IsOpen);
        if (!recorded && !due) return;
        var log = await engine.StepLog();
        if (recorded)
        {
            if (was!.EventCount != log.Count || was.LogSha256 != log.Sha256)
                throw new SimulationException($"journal: step {k} does not match this run (journal: {was.EventCount} events, {was.LogSha256[..12]}…; now: {log.Count}, {log.Sha256[..12]}…)");
            return;
        }
        await journal.Record(new Persistence.StepJournaled(k, t.Floor, log.Count, log.Sha256, mode == Persistence.PersistenceMode.Events ? log.Lines : null));
    }

    /// <summary>Right after the fork step is journaled: the fork's parameter changes, as governance steps (a refusal stops the run).</summary>
    internal static async Task ApplyFork(ISimulationEngine engine, ForkSpec? fork, long k)
    {
        if (fork?.Governance is not { Count: > 0 } steps || k != fork.AtStep) return;
        foreach (var step in steps)
        {
            var outcome = await engine.Step(step);
            if (!outcome.Ok)
                throw new SimulationException($"fork: governance '{((GovernanceStep)step).Setting}' at step {k} was refused: {outcome.Error}");
        }
    }
}

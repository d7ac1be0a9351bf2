using FlowAlp.Actors.Dex;
using FlowAlp.Actors.Oracles;
using FlowAlp.Actors.Engine;
using FlowAlp.Actors.Pool;
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
/// Runs a scenario: builds the world (<see cref="ScenarioSetup"/>), opens every position, wires oracles, connectors,
/// rebalancers, the supervisor cron, the DEX and liquidators, then steps virtual time to the end, sampling the pool
/// every <c>sampleEverySteps</c>. Same scenario and seed → the same result, on either engine and any thread count.
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
    public static async Task<SimulationResult> Run(Scenario s, EngineKind kind = EngineKind.Actors, Action<SimulationProgress>? progress = null,
        CancellationToken cancel = default, string systemName = "flowalp", string? eventLogFile = null, Persistence.RunJournal? journal = null,
        ForkSpec? fork = null, Func<Script, EventLogOptions?, ISimulationEngine>? makeEngine = null, Action<MetricsSample>? onSample = null,
        IResumableSeries? series = null, Persistence.RunSnapshot? from = null)
    {
        if (fork?.Faults is { } forkFaults) s = s with { Faults = forkFaults };
        var setup = new ScenarioSetup(s);
        var mode = journal?.Spec.Mode ?? Persistence.PersistenceMode.Off;
        var log = eventLogFile is null && mode != Persistence.PersistenceMode.Events ? null
            : new EventLogOptions(Retain: eventLogFile is null, File: eventLogFile, CollectSteps: mode == Persistence.PersistenceMode.Events);
        var settings = new EngineSettings(s.Threads, SystemName: systemName, EventLog: log);
        // the price paths are rebuilt from the scenario on every start (pure functions of time): snapshots refer to them, never hold them
        var paths = s.Prices.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (Token: p.Key, Path: fork is not null && fork.Prices.TryGetValue(p.Key, out var future)
            ? new SplicedPath(PricePaths.For(s, p.Key, p.Value), future.Build(p.Key, s.Seed, s.StepSeconds), UFix64.FromInteger((ulong)fork.AtStep * s.StepSeconds))
            : PricePaths.For(s, p.Key, p.Value))).ToList();
        var externals = paths.Select(p => (object)p.Path).ToList();
        object[] runnerExternals = onSample is null ? [] : [onSample];
        var chaos = s.Faults.Count > 0 ? new Chaos.ChaosSchedule(s, setup) : null;

        ISimulationEngine? restored = null;
        RunnerState? state = null;
        long first = 1;
        if ((journal?.State.Snapshot is not null || from is not null) && makeEngine is null)
        {
            // the journal's latest snapshot (a resume) or the source's (a fork); one that cannot be used gives way to the
            // journal's next older one, and without any the run is re-derived from step 0 (slower, same result)
            string origin = journal?.State.Snapshot is null ? "the source run's snapshot" : "the journal's snapshot";
            byte[]? bytes = journal?.State.Snapshot;
            var candidate = bytes is null ? from : null;
            long tried = long.MaxValue;
            for (int attempt = 0; attempt < Persistence.RunJournal.KeptSnapshots + 2 && (candidate is not null || bytes is not null); attempt++)
            {
                try
                {
                    if (bytes is not null)
                    {
                        try { tried = Persistence.RunSnapshot.HeaderAndStep(bytes).Step; } catch (InvalidDataException) { }
                        candidate = Persistence.RunSnapshot.Parse(bytes);
                    }
                    var snap = candidate!;
                    tried = snap.Step;
                    // the partial outputs must still hold what the snapshot recorded, byte for byte (the event log is checked as the engine restores)
                    series?.ResumeAt(snap.SeriesLength, snap.SeriesSha256);
                    state = ObjectGraph.Read<RunnerState>(snap.Runner, runnerExternals);
                    restored = kind == EngineKind.Actors ? ActorSimulationEngine.Restore(snap.Engine, externals, settings) : PlainSimulationEngine.Restore(snap.Engine, externals, log);
                    chaos?.FastForward(snap.Time);
                    first = snap.Step + 1;
                    Serilog.Log.Information("Restored the state after step {Step} (t = {Time} s) from {Origin}", snap.Step, snap.Time, origin);
                    break;
                }
                catch (Exception e) when (e is SnapshotException or InvalidDataException or IOException)
                {
                    state = null;
                    if (restored is not null) await restored.DisposeAsync();
                    restored = null;
                    chaos = s.Faults.Count > 0 ? new Chaos.ChaosSchedule(s, setup) : null;
                    bytes = null;
                    candidate = journal?.State.Snapshot is not null && tried > 0 ? await journal.SnapshotBefore(tried) : null;
                    Serilog.Log.Warning("State snapshot ({Origin}{At}) cannot be used ({Reason}): {Next}", origin, tried == long.MaxValue ? "" : $" after step {tried}", e.Message,
                        candidate is null ? "re-running from step 0" : $"trying the one after step {candidate.Step}");
                }
            }
        }
        if (restored is null) series?.ResumeAt(0, null);
        await using ISimulationEngine engine = restored ?? (makeEngine is not null ? makeEngine(setup.Genesis, log) : kind == EngineKind.Actors
            ? ActorSimulationEngine.Start(setup.Genesis, settings)
            : new PlainSimulationEngine(setup.Genesis, log));

        if (state is null)
        {
            state = new RunnerState { Samples = new SampleRecorder(sink: onSample), Violations = new() };
            await SetUp(engine, s, setup, paths);
            state.Samples.Add(await engine.Metrics());
            await Checkpoint(engine, journal, s, 0, UFix64.Zero);
            await ApplyFork(engine, fork, 0);
            if (s.Invariants.EverySteps > 0) Record(0, UFix64.Zero, await engine.CheckInvariants()); // the genesis state; starts the operation audit
        }
        var samples = state.Samples;
        for (ulong k = (ulong)first; k <= s.Steps; k++)
        {
            cancel.ThrowIfCancellationRequested();
            var t = UFix64.FromInteger(k * s.StepSeconds);
            if (chaos is not null) await chaos.ApplyDue(engine, t.Floor);
            if (chaos?.Halted(t.Floor) != true) state.LogPosition = (await engine.Tick(t)).EventLogLength; // a halted chain executes nothing
            await Checkpoint(engine, journal, s, (long)k, t);
            await ApplyFork(engine, fork, (long)k);
            if (s.Invariants.EverySteps > 0 && k % (ulong)s.Invariants.EverySteps == 0)
            {
                state.Checks++;
                Record(k, t, await engine.CheckInvariants());
            }
            if (k % (ulong)s.SampleEverySteps == 0 || k == s.Steps)
            {
                var m = await engine.Metrics();
                samples.Add(m);
                progress?.Invoke(new SimulationProgress(k, s.Steps, t, m.Positions, m.Totals.LiquidationsApplied, m.Totals.Rebalances));
            }
            if (journal is not null && makeEngine is null && k % (ulong)journal.Spec.EverySteps == 0 && k < s.Steps)
                await SaveSnapshot(engine, journal, (long)k, t, state, externals, runnerExternals, series);
        }
        void Record(ulong k, UFix64 t, IReadOnlyList<string> found)
        {
            foreach (var v in found.Where(s.Invariants.Selects))
            {
                if (s.Invariants.StopOnViolation)
                    throw new SimulationException($"invariant violated at step {k} (t = {t.Floor} s, event log position {state!.LogPosition}): {v}");
                state!.Violations.Add(((long)k, state.LogPosition, v));
            }
        }
        var outcomes = await engine.Outcomes();
        if (journal is not null && journal.State.Completed is null) await journal.Complete((long)s.Steps, (await engine.StepLog()).Sha256);
        var events = await engine.EventLog();
        var chaosResult = chaos is null && s.Invariants.EverySteps == 0 ? null
            : new ChaosResult(chaos?.Applied.Select(a => (a.Time, a.Fault.Kind, a.Action.Describe(), a.Fault.Index)).ToList() ?? [], state.Checks, state.Violations, s.Faults);
        return new SimulationResult(s, setup, samples.Kept(), outcomes, events.Lines, events.Sha256, events.Count, outcomes.Conservation, chaosResult,
            samples.Count, samples.BadDebtMax);
    }

    /// <summary>What the runner itself carries from step to step (a state snapshot holds it beside the engine's).</summary>
    private sealed class RunnerState
    {
        public required SampleRecorder Samples { get; init; }
        public required List<(long Step, int LogPosition, string Violation)> Violations { get; init; }
        public int Checks { get; set; }
        public int LogPosition { get; set; }
    }

    /// <summary>Opens every position and wires oracles, connectors, rebalancers, the cron, the DEX and liquidators.</summary>
    private static async Task SetUp(ISimulationEngine engine, Scenario s, ScenarioSetup setup, IReadOnlyList<(string Token, IPricePath Path)> paths)
    {
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
        foreach (var (token, path) in paths) await engine.AddOracle(token, path);
        foreach (var (position, spec) in setup.Rebalancers) await engine.AddRebalancer(position, spec);
        if (setup.Rebalancers.Count > 0) await engine.EnableRebalanceSupervisor(s.Rebalancers.CronSeconds);
        var amm = new ConstantProductAmm(s.Dex.FeeBps);
        foreach (var (token, depth) in s.Dex.Depth.OrderBy(d => d.Key, StringComparer.Ordinal))
            amm.SetLiquidity(token, UFix64.FromDouble(depth.ToDouble() / s.Prices[token].Start), moet, depth);
        await engine.UseDex(amm);
        foreach (var l in s.Liquidators)
            for (int i = 0; i < l.Count; i++) await engine.AddLiquidator($"{l.Name}-{i}", $"{l.Name}-{i}", l.DiscountBps, l.LatencySeconds);
    }

    private const string EmptySha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    /// <summary>The whole state after step <paramref name="k"/> into the journal's snapshot store (a resume starts from the latest).</summary>
    private static async Task SaveSnapshot(ISimulationEngine engine, Persistence.RunJournal journal, long k, UFix64 t, RunnerState state,
        IReadOnlyList<object> externals, object[] runnerExternals, IResumableSeries? series)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        Persistence.RunSnapshot snapshot;
        try
        {
            var captured = await engine.Capture(externals);
            var mark = series?.Mark() ?? (0, EmptySha256);
            snapshot = new Persistence.RunSnapshot(journal.State.Header!, k, t.Floor, captured, ObjectGraph.Write(state, runnerExternals), mark.Length, mark.Sha256);
        }
        catch (SnapshotException e) { throw new SimulationException($"state snapshot after step {k} cannot be taken: {e.Message}; the run stops here"); }
        await journal.SaveSnapshot(snapshot, watch.Elapsed);
    }

    /// <summary>
    /// Journals step <paramref name="k"/> when the mode says so (every step with its events, or every N steps); a step the
    /// journal already holds (a resumed run re-deriving its state) must match it exactly, or the run stops.
    /// </summary>
    private static async Task Checkpoint(ISimulationEngine engine, Persistence.RunJournal? journal, Scenario s, long k, UFix64 t)
    {
        if (journal is null) return;
        var mode = journal.Spec.Mode;
        bool recorded = journal.State.Steps.TryGetValue(k, out var was);
        bool due = mode == Persistence.PersistenceMode.Events || k % journal.Spec.EverySteps == 0 || k == (long)s.Steps;
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
    private static async Task ApplyFork(ISimulationEngine engine, ForkSpec? fork, long k)
    {
        if (fork?.Governance is not { Count: > 0 } steps || k != fork.AtStep) return;
        foreach (var step in steps)
        {
            var outcome = await engine.Step(step);
            if (!outcome.Ok)
                throw new SimulationException($"fork: governance '{((GovernanceStep)step).Setting}' at step {k} was refused: {outcome.Error}");
        }
    }

    private static async Task Expect(ISimulationEngine engine, Agent agent, Step step)
    {
        var outcome = await engine.Step(step);
        if (!outcome.Ok)
            throw new SimulationException($"populations.{agent.Population}: agent {agent.Index} ({agent.Account}) could not {step.Op}: {outcome.Error}");
    }
}

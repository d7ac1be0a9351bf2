using FlowAlp.Engine.Loop;
using FlowAlp.Engine.Oracles;
using FlowAlp.Engine.Core;
using FlowAlp.Engine.Snapshots;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Simulation.Persistence;
using FlowAlp.Simulation.Scenarios;

namespace FlowAlp.Simulation.Running;

/// <summary>
/// One run in its phases: <see cref="Start"/> restores the latest usable state snapshot or sets the world up
/// (<see cref="ScenarioSetup"/>: positions, oracles, connectors, rebalancers, the cron, the DEX, liquidators), then
/// <see cref="Step"/> advances virtual time one step at a time (chaos, tick, journal, fork, invariants, samples,
/// snapshots) and <see cref="Finish"/> gathers the result. Same scenario and seed → the same result, on either engine
/// and any thread count. <see cref="Run"/> does all three and says how it ended as a <see cref="RunOutcome"/>.
/// </summary>
public sealed class RunSession : IAsyncDisposable
{
    // the runner's own state (RunnerState, SampleRecorder) is in a state snapshot: its types join the snapshot's allow-list
    static RunSession() => SnapshotRegistry.AllowAssembly(typeof(RunSession).Assembly);

    private readonly RunOptions _o;
    private readonly Scenario _s;
    private readonly ScenarioSetup _setup;
    private readonly ISimulationEngine _engine;
    private readonly Chaos.ChaosSchedule? _chaos;
    private readonly SimulationRunner.RunnerState _state;
    private readonly IReadOnlyList<object> _externals;
    private readonly object[] _runnerExternals;
    private readonly CheckpointPolicy? _checkpoints;

    /// <summary>The first step still to run (1 for a new run; the one after the restored snapshot otherwise).</summary>
    public long FirstStep { get; }

    private RunSession(RunOptions o, Scenario s, ScenarioSetup setup, ISimulationEngine engine, Chaos.ChaosSchedule? chaos, SimulationRunner.RunnerState state,
        IReadOnlyList<object> externals, object[] runnerExternals, long firstStep)
    {
        (_o, _s, _setup, _engine, _chaos, _state, _externals, _runnerExternals, FirstStep) = (o, s, setup, engine, chaos, state, externals, runnerExternals, firstStep);
        _checkpoints = o.Journal is { } journal ? CheckpointPolicy.For(journal.Spec, s.Populations.Sum(p => (long)p.Count)) : null;
    }

    /// <summary>The whole run, its end as a case: completed, interrupted, the journal failed, an output could not be written. Bad input still throws.</summary>
    public static async Task<RunOutcome> Run(RunOptions options)
    {
        try { return new RunOutcome.Completed(await RunToEnd(options)); }
        catch (OperationCanceledException) { return new RunOutcome.Interrupted(options.Journal?.Saved); }
        catch (JournalWriteException e) { return new RunOutcome.JournalFailed(e.SavedStep, e.Message); }
        catch (IOException e) when (e is not EndOfStreamException) { return new RunOutcome.OutputsFailed(options.Journal?.Saved, e.Message); } // an end of stream is a bug, not the disk
    }

    /// <summary>The whole run; a run that cannot end throws (cancellation, a journal write, a refused step).</summary>
    public static async Task<SimulationResult> RunToEnd(RunOptions options)
    {
        await using var session = await Start(options);
        for (long k = session.FirstStep; k <= (long)options.Scenario.Steps; k++)
        {
            options.Cancel.ThrowIfCancellationRequested();
            await session.Step(k);
        }
        return await session.Finish();
    }

    /// <summary>Phase 1: the engine, restored from the latest usable snapshot (a resume or a fork), or set up from the scenario at step 0.</summary>
    public static async Task<RunSession> Start(RunOptions o)
    {
        var s = o.Scenario;
        var fork = o.Fork;
        var journal = o.Journal;
        if (fork?.Faults is { } forkFaults) s = s with { Faults = forkFaults };
        var setup = new ScenarioSetup(s);
        var mode = journal?.Spec.Mode ?? PersistenceMode.Off;
        var log = o.EventLogFile is null && mode != PersistenceMode.Events ? null
            : new EventLogOptions(Retain: o.EventLogFile is null, File: o.EventLogFile, CollectSteps: mode == PersistenceMode.Events);
        var settings = new EngineSettings(s.Threads, LogLevel: o.Verbose ? "DEBUG" : "WARNING", SystemName: o.SystemName, EventLog: log);
        // the price paths are rebuilt from the scenario on every start (pure functions of time): snapshots refer to them, never hold them
        var paths = s.Prices.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (Token: p.Key, Path: fork is not null && fork.Prices.TryGetValue(p.Key, out var future)
            ? new SplicedPath(PricePaths.For(s, p.Key, p.Value), future.Build(p.Key, s.Seed, s.StepSeconds), UFix64.FromInteger((ulong)fork.AtStep * s.StepSeconds))
            : PricePaths.For(s, p.Key, p.Value))).ToList();
        var externals = paths.Select(p => (object)p.Path).ToList();
        object[] runnerExternals = o.OnSample is null ? [] : [o.OnSample];

        if (o.MakeEngine is null && await Restore(o, s, setup, settings, log, externals, runnerExternals) is { } r)
            return new RunSession(o, s, setup, r.Engine, r.Chaos, r.State, externals, runnerExternals, r.Step + 1);
        o.Series?.ResumeAt(0, null);
        var chaos = NewChaos(s, setup);
        ISimulationEngine engine = o.MakeEngine is not null ? o.MakeEngine(setup.Genesis, log) : o.Engine == EngineKind.Actors
            ? ActorSimulationEngine.Start(setup.Genesis, settings)
            : new PlainSimulationEngine(setup.Genesis, log);
        var session = new RunSession(o, s, setup, engine, chaos, new SimulationRunner.RunnerState
            {
                Samples = new SampleRecorder(sink: o.OnSample), Violations = new(),
                Populations = new PopulationTracker(setup.Agents, s.Populations.Select(p => p.Name).ToList()),
            },
            externals, runnerExternals, firstStep: 1);
        try { await session.SetUp(paths); }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
        return session;
    }

    private static Chaos.ChaosSchedule? NewChaos(Scenario s, ScenarioSetup setup) => s.Faults.Count > 0 ? new Chaos.ChaosSchedule(s, setup) : null;

    /// <summary>
    /// The journal's latest snapshot (a resume) or the source's (a fork), restored with the runner's state and the chaos
    /// schedule brought up to its time; one that cannot be used gives way to the journal's next older one, and without
    /// any (null) the run is re-derived from step 0 (slower, same result).
    /// </summary>
    private static async Task<(ISimulationEngine Engine, SimulationRunner.RunnerState State, Chaos.ChaosSchedule? Chaos, long Step)?> Restore(RunOptions o, Scenario s,
        ScenarioSetup setup, EngineSettings settings, EventLogOptions? log, IReadOnlyList<object> externals, object[] runnerExternals)
    {
        var journal = o.Journal;
        if (journal?.State.Snapshot is null && o.RestoreFrom is null) return null;
        string origin = journal?.State.Snapshot is null ? "the source run's snapshot" : "the journal's snapshot";
        byte[]? bytes = journal?.State.Snapshot;
        var candidate = bytes is null ? o.RestoreFrom : null;
        long tried = long.MaxValue;
        for (int attempt = 0; attempt < RunJournal.KeptSnapshots + 2 && (candidate is not null || bytes is not null); attempt++)
        {
            ISimulationEngine? restored = null;
            try
            {
                if (bytes is not null)
                {
                    try { tried = RunSnapshot.HeaderAndStep(bytes).Step; } catch (InvalidDataException) { }
                    candidate = RunSnapshot.Parse(bytes);
                }
                var snap = candidate!;
                tried = snap.Step;
                // the partial outputs must still hold what the snapshot recorded, byte for byte (the event log is checked as the engine restores)
                o.Series?.ResumeAt(snap.SeriesLength, snap.SeriesSha256);
                var state = ObjectGraph.Read<SimulationRunner.RunnerState>(snap.Runner, runnerExternals);
                restored = o.Engine == EngineKind.Actors ? ActorSimulationEngine.Restore(snap.Engine, externals, settings) : PlainSimulationEngine.Restore(snap.Engine, externals, log);
                var chaos = NewChaos(s, setup);
                chaos?.FastForward(snap.Time);
                Serilog.Log.Information("Restored the state after step {Step} (t = {Time} s) from {Origin}", snap.Step, snap.Time, origin);
                return (restored, state, chaos, snap.Step);
            }
            catch (Exception e) when (e is SnapshotException or InvalidDataException or IOException)
            {
                if (restored is not null) await restored.DisposeAsync();
                bytes = null;
                candidate = journal?.State.Snapshot is not null && tried > 0 ? await journal.SnapshotBefore(tried) : null;
                Serilog.Log.Warning("State snapshot ({Origin}{At}) cannot be used ({Reason}): {Next}", origin, tried == long.MaxValue ? "" : $" after step {tried}", e.Message,
                    candidate is null ? "re-running from step 0" : $"trying the one after step {candidate.Step}");
            }
        }
        return null;
    }

    /// <summary>Step 0 of a new run: the world set up, its first sample, the journal's first record, a fork at 0, the genesis invariants.</summary>
    private async Task SetUp(IReadOnlyList<(string Token, IPricePath Path)> paths)
    {
        await SimulationRunner.SetUp(_engine, _s, _setup, paths);
        Sample(await _engine.Metrics());
        await SimulationRunner.Checkpoint(_engine, _o.Journal, _s, 0, UFix64.Zero, checkpoint: false); // the events mode's step 0; no checkpoint before step 1
        await SimulationRunner.ApplyFork(_engine, _o.Fork, 0);
        if (_s.Invariants.EverySteps > 0) Record(0, UFix64.Zero, await _engine.CheckInvariants()); // the genesis state; starts the operation audit
    }

    /// <summary>Phase 2, step <paramref name="step"/>: due faults, the tick (unless the chain is halted), the journal, a fork, invariants, a sample, a snapshot.</summary>
    public async Task Step(long step)
    {
        ulong k = (ulong)step;
        var t = UFix64.FromInteger(k * _s.StepSeconds);
        if (_chaos is not null) await _chaos.ApplyDue(_engine, t.Floor);
        if (_chaos?.Halted(t.Floor) != true) _state.LogPosition = (await _engine.Tick(t)).EventLogLength; // a halted chain executes nothing
        // the policy decides once per step; the checkpoint's record and snapshot are timed for it (the journal's opening included)
        bool checkpoint = _checkpoints is not null && k < _s.Steps && _checkpoints.Due(step);
        bool wasOpen = _o.Journal?.IsOpen == true;
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        await SimulationRunner.Checkpoint(_engine, _o.Journal, _s, step, t, checkpoint);
        var cost = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        await SimulationRunner.ApplyFork(_engine, _o.Fork, step);
        if (_s.InterestRatePaths.Count > 0) await InterestRateChanges.ApplyDue(_engine, _s, step);
        if (_s.Invariants.EverySteps > 0 && k % (ulong)_s.Invariants.EverySteps == 0)
        {
            _state.Checks++;
            Record(k, t, await _engine.CheckInvariants());
        }
        if (k % (ulong)_s.SampleEverySteps == 0 || k == _s.Steps)
        {
            var m = await _engine.Metrics();
            Sample(m);
            _o.Progress?.Invoke(new SimulationProgress(k, _s.Steps, t, m.Positions, m.Totals.LiquidationsApplied, m.Totals.Rebalances));
        }
        if (!checkpoint) return;
        started = System.Diagnostics.Stopwatch.GetTimestamp();
        if (_o.MakeEngine is null) await SimulationRunner.SaveSnapshot(_engine, _o.Journal!, step, t, _state, _externals, _runnerExternals, _o.Series);
        _checkpoints!.Took(cost + System.Diagnostics.Stopwatch.GetElapsedTime(started), wasOpen ? TimeSpan.Zero : _o.Journal!.OpenTime);
    }

    /// <summary>Phase 3: the outcomes, the journal closed as complete, the event log and what chaos did.</summary>
    public async Task<SimulationResult> Finish()
    {
        var outcomes = await _engine.Outcomes();
        // a journal never opened (no checkpoint was due) stays unopened: the finished outputs say the run completed
        if (_o.Journal is { IsOpen: true } journal && journal.State.Completed is null) await journal.Complete((long)_s.Steps, (await _engine.StepLog()).Sha256);
        var events = await _engine.EventLog();
        var chaosResult = _chaos is null && _s.Invariants.EverySteps == 0 ? null
            : new ChaosResult(_chaos?.Applied.Select(a => (a.Time, a.Fault.Kind, a.Action.Describe(), a.Fault.Index)).ToList() ?? [], _state.Checks, _state.Violations, _s.Faults);
        var samples = _state.Samples;
        return new SimulationResult(_s, _setup, samples.Kept(), outcomes, events.Lines, events.Sha256, events.Count, outcomes.Conservation, chaosResult,
            samples.Count, samples.BadDebtMax, _state.Populations);
    }

    /// <summary>A sample folded per population, then kept without its per-position figures (they would fill memory).</summary>
    private void Sample(MetricsSample m)
    {
        _state.Populations.Add(m);
        _state.Samples.Add(m with { PerPosition = null });
        PoolMetrics.Recycle(m.PerPosition); // read by nothing from here on: the next sample fills the same list
    }

    private void Record(ulong k, UFix64 t, IReadOnlyList<string> found)
    {
        foreach (var v in found.Where(_s.Invariants.Selects))
        {
            if (_s.Invariants.StopOnViolation)
                throw new SimulationException($"invariant violated at step {k} (t = {t.Floor} s, event log position {_state.LogPosition}): {v}");
            _state.Violations.Add(((long)k, _state.LogPosition, v));
        }
    }

    public ValueTask DisposeAsync() => _engine.DisposeAsync();
}

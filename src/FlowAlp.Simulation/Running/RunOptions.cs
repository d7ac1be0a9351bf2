using FlowAlp.Engine.Core;
using FlowAlp.Engine.Operations;
using FlowAlp.Simulation.Persistence;
using FlowAlp.Simulation.Scenarios;

namespace FlowAlp.Simulation.Running;

/// <summary>What one run needs besides its scenario; every part is optional (a plain in-memory run needs none).</summary>
/// <param name="Scenario">what to run</param>
public sealed record RunOptions(Scenario Scenario)
{
    public EngineKind Engine { get; init; } = EngineKind.Actors;

    /// <summary>After every sample (the CLI's progress bar).</summary>
    public Action<SimulationProgress>? Progress { get; init; }

    /// <summary>Stops the run at the next step boundary (SIGINT/SIGTERM): <see cref="RunOutcome.Interrupted"/>.</summary>
    public CancellationToken Cancel { get; init; }

    /// <summary>The actor system's name (actor engine).</summary>
    public string SystemName { get; init; } = "flowalp";

    /// <summary>Akka logs at Debug (actor engine): the tick's phases, and injected crashes with their stack traces.</summary>
    public bool Verbose { get; init; }

    /// <summary>Stream the event log to this file instead of keeping it in memory (large runs).</summary>
    public string? EventLogFile { get; init; }

    /// <summary>
    /// Journal steps to it, with a state snapshot every <c>everySteps</c>; a journal that holds a snapshot (a resumed run)
    /// is continued from it, and steps it holds after that are re-derived and checked against it.
    /// </summary>
    public RunJournal? Journal { get; init; }

    /// <summary>From this step on, these tokens follow new price processes (continuing from the price at the fork).</summary>
    public ForkSpec? Fork { get; init; }

    /// <summary>The engine to run on instead of <see cref="Engine"/>'s (cluster mode); such a run neither restores nor snapshots.</summary>
    public Func<Script, EventLogOptions?, ISimulationEngine>? MakeEngine { get; init; }

    /// <summary>Every metrics sample as it is taken (the CLI streams them to timeseries.csv); RAM keeps a bounded series.</summary>
    public Action<MetricsSample>? OnSample { get; init; }

    /// <summary>The file <see cref="OnSample"/> writes, so a snapshot can record its length and a resume cut it back to that.</summary>
    public IResumableSeries? Series { get; init; }

    /// <summary>
    /// A state to start from when the journal holds none (a fork starting from its source's snapshot, taken before the
    /// fork's step; the event log and timeseries files must already hold the source's lines up to it).
    /// </summary>
    public RunSnapshot? RestoreFrom { get; init; }
}

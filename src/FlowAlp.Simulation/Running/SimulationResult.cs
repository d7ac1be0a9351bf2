using FlowAlp.Actors.Pool;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Simulation.Scenarios;
using FlowAlp.Engine.Core;

namespace FlowAlp.Simulation.Running;

/// <summary>
/// Everything a run produced: the samples kept in memory (all of them, or every Nth on very long runs: <see cref="SampleRecorder"/>;
/// <see cref="SampleCount"/> were recorded), the final per-position outcomes, the event log (unless it was streamed to a
/// file) and its hash, and the world's token totals.
/// </summary>
public sealed record SimulationResult(
    Scenario Scenario,
    ScenarioSetup Setup,
    IReadOnlyList<MetricsSample> Samples,
    Outcomes Outcomes,
    IReadOnlyList<string> EventLog,
    string EventLogSha256,
    int EventCount,
    IReadOnlyDictionary<string, (UFix64 Expected, UFix64 Actual)> Conservation,
    ChaosResult? Chaos = null,
    long SampleCount = 0,
    UFix128? BadDebtMax = null,
    PopulationTracker? Populations = null);

/// <summary>What a chaos run injected (block time, kind, description, the fault's index), how many invariant checks ran, and every violation (step, event-log position, text).</summary>
public sealed record ChaosResult(IReadOnlyList<(ulong Time, string Kind, string Description, int Fault)> Injected, int InvariantChecks,
    IReadOnlyList<(long Step, int LogPosition, string Violation)> Violations, IReadOnlyList<Chaos.Fault> Faults);

/// <summary>Progress of a run, reported after each step.</summary>
public readonly record struct SimulationProgress(ulong Step, ulong Steps, UFix64 Time, int Positions, long Liquidations, long Rebalances);

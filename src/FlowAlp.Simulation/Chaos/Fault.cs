namespace FlowAlp.Simulation.Chaos;

/// <summary>
/// One scheduled fault of a scenario's <c>faults</c> section, typed: each kind is one sealed record (in Chaos/Faults)
/// carrying its own parameters, its JSON kind name, its parse method (listed in <see cref="FaultKinds"/>) and its
/// <see cref="Schedule"/>, which turns it into timed engine effects (Engine/Chaos). Every fault has a start
/// (<see cref="At"/>, seconds from the start of the run), an optional <see cref="Duration"/> (0: it is not undone) and
/// its <see cref="Index"/> in the scenario, which names the seed stream "fault:INDEX" its selections are drawn from, so a
/// chaos run replays exactly. The set is closed: no other assembly can derive a kind (<see cref="Schedule"/> is internal).
/// </summary>
public abstract record Fault
{
    public int Index { get; init; }
    public ulong At { get; init; }
    public ulong Duration { get; init; }
    public ulong Until => At + Duration;

    /// <summary>The kind's name in scenario files (e.g. "oracleFreeze").</summary>
    public abstract string Kind { get; }

    /// <summary>A fault without a duration that happens once (its report window is one step), rather than lasting to the end.</summary>
    public virtual bool OneOff => false;

    /// <summary>Books the fault's effects on the engine (and undoes them when its window ends).</summary>
    internal abstract void Schedule(FaultPlan plan);
}

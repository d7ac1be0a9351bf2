namespace FlowAlp.Simulation.Chaos;

/// <summary>
/// One scheduled fault of a scenario's <c>faults</c> section: what (<see cref="Kind"/>), when (seconds from the start),
/// for how long, and on what (a token, a population, a fraction of positions). Selections are drawn from the run seed's
/// stream "fault:INDEX", so a chaos run replays exactly.
/// </summary>
public sealed record FaultSpec(int Index, string Kind, ulong At, ulong Duration, string? Token, string? Population, double Fraction,
    double Factor = 1, ulong LeadSeconds = 0)
{
    public static readonly string[] Kinds =
        ["killActors", "supervisorOutage", "oracleFreeze", "oracleOutlier", "oracleLead", "chainHalt", "funderDrained", "sourceDry", "liquidatorsAbsent", "dexDrain"];

    public ulong Until => At + Duration;
}

/// <summary>How the live invariants run: every N steps (0: never), and whether a violation stops the run or is recorded.</summary>
public sealed record InvariantSpec(int EverySteps = 0, bool StopOnViolation = true)
{
    public static readonly InvariantSpec Off = new();
}

namespace FlowAlp.Simulation.Chaos;

/// <summary>
/// One scheduled fault of a scenario's <c>faults</c> section: what (<see cref="Kind"/>), when (seconds from the start),
/// for how long, and on what (a token, a population, a fraction of positions). Selections are drawn from the run seed's
/// stream "fault:INDEX", so a chaos run replays exactly. Message faults name the <see cref="Message"/> kind, the
/// <see cref="Action"/> (drop, duplicate, delay), the <see cref="Rate"/> of messages hit and, for delays, the steps.
/// </summary>
public sealed record FaultSpec(int Index, string Kind, ulong At, ulong Duration, string? Token, string? Population, double Fraction,
    double Factor = 1, ulong LeadSeconds = 0, string? Message = null, string? Action = null, double Rate = 1, int DelaySteps = 0,
    double MaxSpread = 0.05, string? Actors = null)
{
    /// <summary>What a killActors fault crashes: position actors (the chosen share), the chosen positions' rebalancer actors, every oracle or every liquidator.</summary>
    public static readonly string[] ActorKinds = ["positions", "rebalancers", "oracles", "liquidators"];

    public static readonly string[] Kinds =
        ["killActors", "supervisorOutage", "oracleFreeze", "oracleOutlier", "oracleLead", "oracleSpread", "chainHalt", "funderDrained", "sourceDry",
         "sinkRefuses", "vaultLoss", "liquidatorsAbsent", "dexDrain", "messageFault", "rebalancerStretch", "rebalancersIneffective"];

    /// <summary>The messages a messageFault can hit (scenario names of <see cref="FlowAlp.Engine.Chaos.MessageKind"/>).</summary>
    public static readonly string[] Messages = ["rebalanceDue", "rebalancerReady", "priceReport", "liquidationOffers"];
    public static readonly string[] Actions = ["drop", "duplicate", "delay"];

    public ulong Until => At + Duration;
}

/// <summary>
/// How the live invariants run: every N steps (0: never), whether a violation stops the run or is recorded, and which
/// invariants (null: all of <see cref="Checks"/>).
/// </summary>
public sealed record InvariantSpec(int EverySteps = 0, bool StopOnViolation = true, IReadOnlyList<string>? Only = null)
{
    public static readonly InvariantSpec Off = new();

    /// <summary>The invariants by scenario name, with the prefix of their violation lines.</summary>
    public static readonly IReadOnlyDictionary<string, string> Checks = new Dictionary<string, string>
    {
        ["conservation"] = "conservation", ["queue"] = "update queue", ["actors"] = "position actors", ["negativeBalance"] = "no negative balance",
        ["rebalanceTarget"] = "rebalance target", ["liquidationRule"] = "liquidation §6", ["nominalTotals"] = "nominal totals",
    };

    /// <summary>Whether a violation line belongs to an invariant this run checks.</summary>
    public bool Selects(string violation) => Only is null || Only.Any(k => violation.StartsWith(Checks[k], StringComparison.Ordinal));
}

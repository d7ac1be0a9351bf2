namespace FlowAlp.Simulation.Chaos;

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

using FlowAlp.Protocol;
using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Engine.Core;

/// <summary>The live invariant checks (each invariant in its own class) and the audit of the operations they judge.</summary>
public sealed partial class PoolCore
{
    /// <summary>The live invariants, each in its own class; the order of their lines in a report.</summary>
    public static readonly IReadOnlyList<Invariants.IInvariant> LiveInvariants =
    [
        new Invariants.ConservationInvariant(), new Invariants.UpdateQueueInvariant(), new Invariants.NoNegativeBalanceInvariant(),
        new Invariants.RebalanceTargetInvariant(), new Invariants.LiquidationRuleInvariant(), new Invariants.NominalTotalsInvariant(),
    ];

    /// <summary>What the engine applied since the last check (rebalances, liquidations) for the invariants that judge operations.</summary>
    public Invariants.OperationAudit Audit { get; } = new();

    /// <summary>
    /// Runs every live invariant on the state now and on the operations applied since the last check (the first call
    /// starts the audit). Returns the violations (empty: all held).
    /// </summary>
    public List<string> CheckInvariants()
    {
        Audit.Enabled = true;
        var (rebalances, liquidations) = Audit.Take();
        IReadOnlyDictionary<string, (UFix64, UFix64)>? conservation;
        try { conservation = Conservation(); }
        catch (FixedPointException) { conservation = null; } // a wrapped balance: the conservation check reports it
        var input = new Invariants.InvariantInput(rebalances, liquidations, ExpectedTotals(), conservation);
        var violations = new List<string>();
        foreach (var inv in LiveInvariants) inv.Check(this, input, violations);
        return violations;
    }
}

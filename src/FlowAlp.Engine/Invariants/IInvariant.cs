
using FlowAlp.Engine.Core;

namespace FlowAlp.Engine.Invariants;

/// <summary>One live invariant: adds a line "NAME…: what is wrong" per violation it finds in the core's state or audit.</summary>
public interface IInvariant
{
    /// <summary>The scenario's name for it (invariants.checks).</summary>
    string Key { get; }
    void Check(PoolCore core, InvariantInput input, List<string> violations);
}

/// <summary>
/// What a check reads besides the core: the operations applied since the last check, each token's expected world total,
/// and the conservation sums (null when summing the world's balances overflowed).
/// </summary>
public sealed record InvariantInput(List<RebalanceRecord> Rebalances, List<LiquidationRecord> Liquidations,
    IReadOnlyDictionary<string, Protocol.Numerics.UFix64> Expected,
    IReadOnlyDictionary<string, (Protocol.Numerics.UFix64 Expected, Protocol.Numerics.UFix64 Actual)>? Conservation);

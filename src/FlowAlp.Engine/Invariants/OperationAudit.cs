using FlowAlp.Protocol.Numerics;
using FlowAlp.Protocol.Positions;
using FlowAlp.Engine.Liquidation;

namespace FlowAlp.Engine.Invariants;

/// <summary>A rebalance as applied: health before (the Rebalanced event's) and after, the position's target, and whether it was logged as a partial top-up.</summary>
public sealed record RebalanceRecord(long Position, UFix64 Time, UFix128 Before, UFix128 After, UFix128 Target, bool FromUnder, bool Partial);

/// <summary>An accepted liquidation: the offer, the position's snapshot just before it was applied, and the pool's liquidation target then.</summary>
public sealed record LiquidationRecord(LiquidationOffer Offer, PositionSnapshot Before, UFix128 Target, UFix64 Time);

/// <summary>
/// What the engine applied since the last invariant check, for the invariants that judge operations from their
/// pre/post state. Off until the first check asks for it, so runs without invariants keep nothing.
/// </summary>
public sealed class OperationAudit
{
    private List<RebalanceRecord> _rebalances = new();
    private List<LiquidationRecord> _liquidations = new();

    public bool Enabled { get; set; }

    public void Record(RebalanceRecord r) { if (Enabled) _rebalances.Add(r); }
    public void Record(LiquidationRecord l) { if (Enabled) _liquidations.Add(l); }

    /// <summary>The records since the last call (the checks consume them).</summary>
    public (List<RebalanceRecord> Rebalances, List<LiquidationRecord> Liquidations) Take()
    {
        var taken = (_rebalances, _liquidations);
        _rebalances = new();
        _liquidations = new();
        return taken;
    }
}

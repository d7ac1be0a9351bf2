using FlowAlp.Protocol;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Protocol.Connectors;
using FlowAlp.Protocol.Positions;
using FlowAlp.Engine.Invariants;
using FlowAlp.Engine.Liquidation;
using FlowAlp.Engine.World;

namespace FlowAlp.Engine.Core;

/// <summary>
/// Liquidations as the pool core applies them: which positions are candidates this block (health below 1), the
/// canonical order offers are applied in, and applying one offer with the protocol's manualLiquidation.
/// </summary>
public sealed class LiquidationDesk
{
    private readonly ScriptWorld _world;
    private readonly EventLogWriter _log;
    private readonly PoolMetrics _metrics;
    private readonly OperationAudit _audit;
    private readonly bool _screenExactly;

    /// <param name="screenExactly">naive mode: every position is screened exactly (else only those the health screen cannot clear)</param>
    public LiquidationDesk(ScriptWorld world, EventLogWriter log, PoolMetrics metrics, OperationAudit audit, bool screenExactly)
    {
        _world = world;
        _log = log;
        _metrics = metrics;
        _audit = audit;
        _screenExactly = screenExactly;
    }

    private Protocol.Pool Pool => _world.Pool;
    private Protocol.Numerics.UFix64 Now => _world.Pool.Now;

    /// <summary>Snapshots of the positions with health below 1 now, by id.</summary>
    public List<PositionSnapshot> Candidates() =>
        // the tokens snapshotted once for every candidate (the pool does not change meanwhile), not a probe per candidate
        Pool.SnapshotsOf(_screenExactly ? Pool.LiquidatablePositions() : Pool.LiquidatablePositions(Pool.Screen()));

    /// <summary>Offers in canonical order: by position, then liquidator, then the liquidator's sequence.</summary>
    public static IEnumerable<LiquidationOffer> Canonical(IEnumerable<LiquidationOffer> offers)
    {
        // the order is total (a liquidator numbers its offers), so an in-place sort gives the same order as a stable one
        var sorted = offers.ToList();
        sorted.Sort(CanonicalOrder);
        return sorted;
    }

    public static readonly IComparer<LiquidationOffer> CanonicalOrder = Comparer<LiquidationOffer>.Create((a, b) =>
    {
        int c = a.Position.CompareTo(b.Position);
        if (c == 0) c = string.CompareOrdinal(a.Liquidator, b.Liquidator);
        return c != 0 ? c : a.Sequence.CompareTo(b.Sequence);
    });

    /// <summary>Applies one offer with the protocol's manualLiquidation, paid from and seized to <paramref name="account"/>. Returns the rejection reason, or null.</summary>
    public string? Apply(LiquidationOffer o, string account)
    {
        // the refusals most offers meet (the liquidator's funds ran out; an earlier offer this block made the position
        // healthy) decided up front with the same checks, order and reasons as the transaction: no exception per offer
        // (read-only checks, like the queries below, so deciding them first changes nothing for an offer that goes on)
        if ((_world.Accounts.DebitRefusal(account, o.DebtToken, o.RepayAmount) ?? Pool.EarlyLiquidationRefusal(o.Position, o.DebtToken, o.SeizeToken)) is { } refused)
            return Reject(o, refused);
        var before = _audit.Enabled ? PoolCore.TrySnapshot(Pool, o.Position) : null;
        UFix128? healthBefore = null; // for the position's lowest health (a read-only query: the pool is unchanged)
        try { healthBefore = Pool.PositionHealth(o.Position); } catch (ProtocolException) { /* the offer is refused below with the pool's reason */ }
        try
        {
            _world.Tx.Run(() =>
            {
                _world.Accounts.Debit(account, o.DebtToken, o.RepayAmount);
                var seized = Pool.ManualLiquidation(o.Position, o.DebtToken, o.SeizeToken, o.SeizeAmount, new Vault(o.DebtToken, o.RepayAmount));
                _world.Accounts.Credit(account, seized.Token, seized.Amount);
            });
            _log.AppendProtocol(Now, Pool.TakeEvents());
            _metrics.Counters.LiquidationsApplied++;
            _metrics.RecordLiquidation(o.Position);
            _metrics.RecordSeizure(o, healthBefore);
            if (before is not null) _audit.Record(new LiquidationRecord(o, before, Pool.LiquidationTargetHealth, Now));
            return null;
        }
        catch (ProtocolException e) { return Reject(o, e.Reason); }
    }

    private string Reject(LiquidationOffer o, string reason)
    {
        Pool.DiscardEvents();
        _metrics.Counters.LiquidationsRejected++;
        _log.AppendEngine(Now, "LiquidationOfferRejected", ("liquidator", o.Liquidator), ("position", o.Position), ("reason", reason));
        return reason;
    }
}

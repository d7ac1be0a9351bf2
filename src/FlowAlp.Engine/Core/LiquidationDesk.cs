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
        Pool.SnapshotsOf(LiquidatableIds());

    /// <summary>The positions with health below 1 now, ascending: screened exactly, or through the screening mirror.</summary>
    private List<long> LiquidatableIds() => _screenExactly ? Pool.LiquidatablePositions() : Pool.LiquidatablePositions(Pool.Screen());

    /// <summary>Positions per batch of a block's candidates (<see cref="CandidateBatches"/>): ~25 MB of snapshots and offers at a time.</summary>
    public const int CandidateBatch = 65_536;

    /// <summary>
    /// <see cref="Candidates"/> in batches of <paramref name="size"/> (by ascending id), the tokens snapshotted once for
    /// the whole block: the same candidates and snapshots, made one batch at a time.
    /// </summary>
    public CandidateBatches CandidateBatches(int size)
    {
        var ids = LiquidatableIds();
        var maps = new Protocol.Health.SharedTokenMaps(ids.Count == 0 ? new Dictionary<string, Protocol.Health.TokenSnapshot?>() : Pool.TokenSnapshots());
        // the candidates are those the pool can snapshot (as Candidates leaves out the rest), known before any batch is made
        ids.RemoveAll(id => !Pool.CanSnapshot(id, maps));
        return new CandidateBatches(Pool, maps, ids, size);
    }

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
    public string? Apply(LiquidationOffer o, string account) => Apply(o, account, wantReason: true, out var reason) ? null : reason;

    /// <summary><see cref="Apply(LiquidationOffer, string)"/> for a caller that needs only the verdict: true when accepted.</summary>
    public bool TryApply(LiquidationOffer o, string account) => Apply(o, account, wantReason: false, out _);

    private bool Apply(LiquidationOffer o, string account, bool wantReason, out string? reason)
    {
        // the refusals most offers meet (the liquidator's funds ran out; an earlier offer this block made the position
        // healthy) decided up front with the same checks, order and reasons as the transaction: no exception per offer
        // (read-only checks, like the queries below, so deciding them first changes nothing for an offer that goes on)
        if (_world.Accounts.Refuses(account, o.DebtToken, o.RepayAmount, out var have))
        {
            RejectUnfunded(o, account, have);
            reason = wantReason ? _world.Accounts.DebitRefusal(account, o.DebtToken, o.RepayAmount) : null;
            return false;
        }
        if (Pool.EarlyLiquidationRefusal(o.Position, o.DebtToken, o.SeizeToken) is { } refused)
        {
            reason = Reject(o, refused);
            return false;
        }
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
            reason = null;
            return true;
        }
        catch (ProtocolException e)
        {
            reason = Reject(o, e.Reason);
            return false;
        }
    }

    /// <summary>
    /// <see cref="Reject"/> for an offer its liquidator cannot pay: the same line, with the account book's reason written
    /// into the log from the amounts (no string per refusal: a spent liquidator's offers are most of a crash's events).
    /// </summary>
    private void RejectUnfunded(LiquidationOffer o, string account, UFix64 have)
    {
        Pool.DiscardEvents();
        _metrics.Counters.LiquidationsRejected++;
        _log.AppendEngine(Now, "LiquidationOfferRejected", (o, account, have), static (w, x) =>
        {
            var (offer, payer, balance) = x;
            w.WriteString("liquidator", offer.Liquidator);
            w.WriteNumber("position", offer.Position);
            int length = AccountBook.DebitRefusalLength(payer, offer.DebtToken);
            Span<char> text = length <= 512 ? stackalloc char[length] : new char[length];
            AccountBook.WriteDebitRefusal(text, payer, balance, offer.DebtToken, offer.RepayAmount, out int written);
            w.WriteString("reason", text[..written]);
        });
    }

    private string Reject(LiquidationOffer o, string reason)
    {
        Pool.DiscardEvents();
        _metrics.Counters.LiquidationsRejected++;
        _log.AppendEngine(Now, "LiquidationOfferRejected", ("liquidator", o.Liquidator), ("position", o.Position), ("reason", reason));
        return reason;
    }
}

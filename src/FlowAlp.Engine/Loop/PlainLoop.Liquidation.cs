using FlowAlp.Protocol.Numerics;
using FlowAlp.Protocol.Positions;
using FlowAlp.Engine.Core;
using FlowAlp.Engine.Dex;
using FlowAlp.Engine.Liquidation;

namespace FlowAlp.Engine.Loop;

/// <summary>
/// The plain loop's liquidations: all liquidators offer on one DEX view, and the offers are applied in canonical order,
/// batch by batch of the block's candidates (by position, so the same offers and verdicts as one batch).
/// </summary>
public sealed partial class PlainLoop
{
    /// <summary>Positions per batch of a block's candidates (a test knob: batching changes no offer, verdict or event).</summary>
    internal static int LiquidationBatch = LiquidationDesk.CandidateBatch;

    private void Liquidate(UFix64 time)
    {
        var faults = _core.Messages;
        // message faults act on each liquidator's one request of the block (its attempts, logged once): with any active
        // the block is one batch, as before batching
        var batches = _core.Liquidations.CandidateBatches(faults.IsEmpty ? LiquidationBatch : int.MaxValue);
        if (batches.Count == 0) return;
        _dex!.ArbitrageTo(_core.OraclePrices(), _core.Pool.DefaultToken);
        var view = _dex.Copy();
        _core.Pool.Dex = view;
        // every batch is sized on the block's view: a copy of it, when batches applied before may have touched the pool's
        var quoteView = batches.Single ? view : view.Copy();
        var sizing = new LiquidationSizing(); // one for the block: Start forgets the previous candidate
        var liquidators = _liquidators.ToList();
        var bids = new bool[liquidators.Count];
        var sequence = new int[liquidators.Count];
        var offers = new List<LiquidationOffer>();
        var bidders = new List<(string Name, ushort Bps, IReadOnlyList<PositionSnapshot> Ready)>(liquidators.Count);
        for (bool first = true; !batches.Done; first = false)
        {
            var batch = batches.Next(out _);
            // who offers on what, in the liquidators' order (their deliveries are logged in it): each one's ready
            // candidates, an ordered subsequence of the batch
            bidders.Clear();
            for (int i = 0; i < liquidators.Count; i++)
            {
                var (name, (_, bps, latency)) = liquidators[i];
                IReadOnlyList<PositionSnapshot> ready = batch;
                if (first)
                {
                    int attempts = 1;
                    Chaos.Delivery? delivery = null;
                    if (!faults.IsEmpty) { delivery = faults.Plan(null, Chaos.MessageKind.LiquidationOffers, time, -1, name); attempts = delivery.Value.Attempts; }
                    for (int a = 0; a < attempts; a++) { latency.Forget(batches.Ids); ready = latency.ReadyAmong(batch, time); } // once per request, as the actor
                    // absent: seen, but no offers (as the actor does)
                    bids[i] = (delivery is not { } d || _core.LogDelivery("LiquidationOffers", ("liquidator", name), d)) && time >= _liquidatorsAbsentUntil;
                }
                else ready = latency.ReadyAmong(batch, time); // (no message faults: one request each, which sees every batch)
                if (bids[i]) bidders.Add((name, bps, ready));
            }
            OfferOn(batch, bidders, quoteView, sizing, offers, sequence);
            foreach (var o in LiquidationDesk.Canonical(offers)) _core.Liquidations.TryApply(o, _liquidators[o.Liquidator].Account);
            offers.Clear();
        }
    }

    /// <summary>
    /// Every bidder's offers, candidate by candidate: a candidate's sizing (sheet, parity solution, DEX quotes) is worked
    /// out once for all the bidders that see it, in one reused buffer (they size on the same snapshot and DEX view; only
    /// the seize differs). Each liquidator numbers its offers in its own candidate order, as when it sized alone, and the
    /// canonical order (position, liquidator, number) sorts them all the same.
    /// </summary>
    /// <param name="sequence">each bidder's next offer number (carried from batch to batch of a block)</param>
    private void OfferOn(List<PositionSnapshot> candidates,
        List<(string Name, ushort Bps, IReadOnlyList<PositionSnapshot> Ready)> bidders, ConstantProductAmm view, LiquidationSizing sizing,
        List<LiquidationOffer> offers, int[] sequence)
    {
        if (bidders.Count == 0) return;
        var target = _core.Pool.LiquidationTargetHealth;
        var next = new int[bidders.Count];
        foreach (var c in candidates)
        {
            bool started = false;
            for (int i = 0; i < bidders.Count; i++)
            {
                var ready = bidders[i].Ready;
                if (next[i] >= ready.Count || !ReferenceEquals(ready[next[i]], c)) continue;
                next[i]++;
                if (!started) { sizing.Start(c, view, target, c.Sheet()); started = true; }
                if (LiquidationOfferBuilder.Build(bidders[i].Name, sizing, bidders[i].Bps, sequence[i]) is { } o) { offers.Add(o); sequence[i]++; }
            }
        }
    }
}

using Akka.Actor;
using FlowAlp.Actors.Dex;
using FlowAlp.Actors.Engine;
using FlowAlp.Actors.Liquidation;
using FlowAlp.Engine.Core;
using FlowAlp.Engine.Dex;
using FlowAlp.Engine.Liquidation;
using FlowAlp.Engine.Loop;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Protocol.Positions;

namespace FlowAlp.Actors.Pool;

/// <summary>
/// Liquidations: the core screens for positions with health below 1; the supervisor reads the DEX once, hands both to
/// every liquidator, and applies all offers in canonical order (position, liquidator, sequence), each checked by the
/// protocol's manualLiquidation against that one DEX view. The first valid offer for a position usually leaves it
/// healthy enough that competing offers are rejected with the protocol's reason.
/// </summary>
public sealed partial class PoolSupervisor
{
    private readonly SortedDictionary<string, (IActorRef Actor, string Account)> _liquidators = new(StringComparer.Ordinal);
    private IActorRef? _dex;
    private ConstantProductAmm? _dexAmm; // the DEX actor's state (when the driver hands it over), for snapshots
    private readonly SortedDictionary<string, (string Account, ushort DiscountBps, LiquidatorActor.Memory Memory)> _liquidatorStates = new(StringComparer.Ordinal);
    private List<(LiquidationOffer Offer, string Account, IActorRef ReplyTo)> _submitted = new();

    private void ReceiveLiquidation()
    {
        Receive<AddLiquidator>(m => WhenIdle(m, () =>
        {
            if (_liquidators.ContainsKey(m.Name)) { Sender.Tell(new Status.Failure(new ArgumentException($"name: liquidator '{m.Name}' already exists"))); return; }
            StartLiquidator(m.Name, m.Account, m.DiscountBps, new LiquidatorActor.Memory(m.LatencySeconds));
            Sender.Tell(new Status.Success(m.Name));
        }));
        Receive<SubmitLiquidationOffer>(m => WhenIdle(m, () =>
        {
            if (string.IsNullOrWhiteSpace(m.Account)) { Sender.Tell(new Status.Failure(new ArgumentException("account: required"))); return; }
            _submitted.Add((m.Offer, m.Account, Sender));
            Sender.Tell(new OfferQueued(m.Offer));
        }));
        Receive<UseDex>(m => WhenIdle(m, () => { _dex = m.Dex; _dexAmm = m.Amm; Sender.Tell(new Status.Success(true)); }));
        Receive<DexSnapshot>(m => Collect(_tick, DexKey, m));
        Receive<OffersPosted>(m => Collect(m.Tick, OffersKey(m.Liquidator), m));
    }

    private void StartLiquidator(string name, string account, ushort discountBps, LiquidatorActor.Memory memory)
    {
        var actor = Context.ActorOf(LiquidatorActor.Props(name, discountBps, memory).WithDispatcher(AkkaConfig.Dispatcher), $"liquidator-{name}");
        _liquidators[name] = (actor, account);
        _liquidatorStates[name] = (account, discountBps, memory);
    }

    /// <summary>Positions per batch of a block's candidates (a test knob: batching changes no offer, verdict or event).</summary>
    internal static int LiquidationBatch = LiquidationDesk.CandidateBatch;

    /// <summary>
    /// Phase Liquidations: candidates, the DEX's view (a barrier), then batch by batch of the candidates (by position)
    /// every liquidator's offers (a barrier), applied in canonical order with the offers from outside on those positions.
    /// </summary>
    private void RunLiquidations()
    {
        var submitted = _submitted;
        _submitted = new();
        // message faults act on each liquidator's one request of the block (resent, duplicated, logged once): with any
        // active the block is one batch, as before batching
        var batches = _liquidators.Count > 0 && _dex is not null
            ? _core.Liquidations.CandidateBatches(_core.Messages.IsEmpty ? LiquidationBatch : int.MaxValue) : null;
        var tally = new Dictionary<string, (int Accepted, int Rejected)>(StringComparer.Ordinal);
        if (batches is not { Count: > 0 }) { ApplyOffers(submitted, new List<object>(), tally); PhaseDone(); return; }
        var batch = batches.Next(out long before); // snapshotted now, with the pool as the candidates were screened
        Expect([DexKey], replies =>
        {
            var amm = ((DexSnapshot)replies[0]).Amm;
            ThePool.Dex = amm;
            // every batch is sized on the block's view: a copy of it, when batches applied before may have touched the pool's
            var view = batches.Single ? amm : amm.Copy();
            var next = _liquidators.Keys.ToDictionary(name => name, _ => 0, StringComparer.Ordinal);
            OfferOnBatch(batches, batch, before, first: true, view, ThePool.LiquidationTargetHealth, submitted, next, tally);
        });
        _dex!.Tell(new GetDexSnapshot(_core.OraclePrices(), ThePool.DefaultToken));
    }

    /// <summary>
    /// A batch (snapshotted right after the previous one's offers were applied): every liquidator's offers on it (a
    /// barrier), applied; then the batch after it, or the phase's end.
    /// </summary>
    /// <param name="before">the first position of the batch after it (<see cref="CandidateBatches.Next"/>)</param>
    /// <param name="next">each liquidator's next offer number in the block</param>
    private void OfferOnBatch(CandidateBatches batches, List<PositionSnapshot> batch, long before, bool first, ConstantProductAmm view,
        UFix128 target, List<(LiquidationOffer Offer, string Account, IActorRef ReplyTo)> submitted, Dictionary<string, int> next,
        Dictionary<string, (int Accepted, int Rejected)> tally)
    {
        var sheets = new CandidateSheets(batch); // each candidate's sheet built once for all the liquidators
        var names = _liquidators.Keys.ToList();
        Expect(names.Select(OffersKey).ToList(), offers =>
        {
            if (first) // (message faults make the block one batch)
                foreach (var name in names)
                    if (TripRecord(OffersKey(name)) is { } d) _core.LogDelivery("LiquidationOffers", ("liquidator", name), d);
            foreach (OffersPosted p in offers) next[p.Liquidator] += p.Offers.Count;
            // the offers from outside on this batch's positions (below the next batch's first), in the order they came
            var now = submitted;
            if (!batches.Done)
            {
                now = submitted.FindAll(s => s.Offer.Position < before);
                submitted = submitted.FindAll(s => s.Offer.Position >= before);
            }
            ApplyOffers(now, offers, tally);
            if (!batches.Done) { OfferOnBatch(batches, batches.Next(out long after), after, first: false, view, target, submitted, next, tally); return; }
            foreach (var (name, (accepted, rejected)) in tally) _liquidators[name].Actor.Tell(new OfferVerdicts(_tick, accepted, rejected));
            PhaseDone();
        });
        var block = first ? batches.Ids : null;
        foreach (var (name, (actor, _)) in _liquidators)
        {
            var batchOf = new OfferBatch(block, next[name]);
            StartTrip(OffersKey(name), null, FlowAlp.Engine.Chaos.MessageKind.LiquidationOffers, -1, name,
                ticket => actor.Tell(new FindOffers(_tick, ThePool.Now, sheets, view.Copy(), target, ticket, batchOf)));
        }
    }

    private const string DexKey = "dex";
    private static string OffersKey(string liquidator) => "offers:" + liquidator;

    /// <summary>
    /// Every offer of a batch, those submitted from outside and the liquidators' (<see cref="OffersPosted"/> replies), in
    /// canonical order (stable: equal keys keep that order). A submitter hears each verdict; a liquidator's verdicts are
    /// counted into <paramref name="tally"/>, which it gets in one message at the block's end.
    /// </summary>
    private void ApplyOffers(List<(LiquidationOffer Offer, string Account, IActorRef ReplyTo)> submitted, List<object> posted,
        Dictionary<string, (int Accepted, int Rejected)> tally)
    {
        int count = submitted.Count;
        foreach (OffersPosted p in posted) count += p.Offers.Count;
        // (offer, index): an index below submitted.Count is a submitted offer, the rest are the liquidators'
        var all = new List<(LiquidationOffer Offer, int Index)>(count);
        foreach (var s in submitted) all.Add((s.Offer, all.Count));
        foreach (OffersPosted p in posted)
            foreach (var o in p.Offers) all.Add((o, all.Count));
        all.Sort((a, b) => LiquidationDesk.CanonicalOrder.Compare(a.Offer, b.Offer) is var c && c != 0 ? c : a.Index.CompareTo(b.Index));
        foreach (var (o, index) in all)
        {
            bool fromOutside = index < submitted.Count;
            bool applied;
            if (fromOutside)
            {
                // a submitter hears the reason; a liquidator only the tally (no reason text made for it)
                string? reason = _core.Liquidations.Apply(o, submitted[index].Account);
                applied = reason is null;
                submitted[index].ReplyTo.Tell(new OfferResult(o, applied, reason));
            }
            else
            {
                applied = _core.Liquidations.TryApply(o, _liquidators[o.Liquidator].Account);
                var (accepted, rejected) = tally.GetValueOrDefault(o.Liquidator);
                tally[o.Liquidator] = applied ? (accepted + 1, rejected) : (accepted, rejected + 1);
            }
            if (applied) Refresh(o.Position);
        }
    }
}

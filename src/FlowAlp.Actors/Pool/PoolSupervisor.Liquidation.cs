using Akka.Actor;
using FlowAlp.Actors.Dex;
using FlowAlp.Actors.Engine;
using FlowAlp.Actors.Liquidation;
using FlowAlp.Engine.Core;
using FlowAlp.Engine.Dex;
using FlowAlp.Engine.Liquidation;
using FlowAlp.Engine.Loop;

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

    /// <summary>Phase Liquidations: candidates, the DEX's view (a barrier), every liquidator's offers (a barrier), applied in canonical order.</summary>
    private void RunLiquidations()
    {
        var submitted = _submitted;
        _submitted = new();
        var candidates = _liquidators.Count > 0 && _dex is not null ? _core.Liquidations.Candidates() : new();
        if (candidates.Count == 0) { ApplyOffers(submitted, new List<object>()); PhaseDone(); return; }
        var sheets = new CandidateSheets(candidates); // each candidate's sheet built once for all the liquidators
        Expect([DexKey], replies =>
        {
            var amm = ((DexSnapshot)replies[0]).Amm;
            ThePool.Dex = amm;
            var names = _liquidators.Keys.ToList();
            Expect(names.Select(OffersKey).ToList(), offers =>
            {
                foreach (var name in names)
                    if (TripRecord(OffersKey(name)) is { } d) _core.LogDelivery("LiquidationOffers", ("liquidator", name), d);
                ApplyOffers(submitted, offers);
                PhaseDone();
            });
            foreach (var (name, (actor, _)) in _liquidators)
                StartTrip(OffersKey(name), null, FlowAlp.Engine.Chaos.MessageKind.LiquidationOffers, -1, name,
                    ticket => actor.Tell(new FindOffers(_tick, ThePool.Now, sheets, amm.Copy(), ThePool.LiquidationTargetHealth, ticket)));
        });
        _dex!.Tell(new GetDexSnapshot(_core.OraclePrices(), ThePool.DefaultToken));
    }

    private const string DexKey = "dex";
    private static string OffersKey(string liquidator) => "offers:" + liquidator;

    /// <summary>
    /// Every offer of the block, those submitted from outside and the liquidators' (<see cref="OffersPosted"/> replies), in
    /// canonical order (stable: equal keys keep that order). A submitter hears each verdict; a liquidator gets its
    /// block's tally in one message.
    /// </summary>
    private void ApplyOffers(List<(LiquidationOffer Offer, string Account, IActorRef ReplyTo)> submitted, List<object> posted)
    {
        int count = submitted.Count;
        foreach (OffersPosted p in posted) count += p.Offers.Count;
        // (offer, index): an index below submitted.Count is a submitted offer, the rest are the liquidators'
        var all = new List<(LiquidationOffer Offer, int Index)>(count);
        foreach (var s in submitted) all.Add((s.Offer, all.Count));
        foreach (OffersPosted p in posted)
            foreach (var o in p.Offers) all.Add((o, all.Count));
        all.Sort((a, b) => LiquidationDesk.CanonicalOrder.Compare(a.Offer, b.Offer) is var c && c != 0 ? c : a.Index.CompareTo(b.Index));
        Dictionary<string, (int Accepted, int Rejected)>? tally = null;
        foreach (var (o, index) in all)
        {
            bool fromOutside = index < submitted.Count;
            string? reason = _core.Liquidations.Apply(o, fromOutside ? submitted[index].Account : _liquidators[o.Liquidator].Account);
            if (fromOutside) submitted[index].ReplyTo.Tell(new OfferResult(o, reason is null, reason));
            else
            {
                tally ??= new Dictionary<string, (int, int)>(StringComparer.Ordinal);
                var (accepted, rejected) = tally.GetValueOrDefault(o.Liquidator);
                tally[o.Liquidator] = reason is null ? (accepted + 1, rejected) : (accepted, rejected + 1);
            }
            if (reason is null) Refresh(o.Position);
        }
        if (tally is null) return;
        foreach (var (name, (accepted, rejected)) in tally) _liquidators[name].Actor.Tell(new OfferVerdicts(_tick, accepted, rejected));
    }
}

using Akka.Actor;
using FlowAlp.Actors.Dex;
using FlowAlp.Actors.Engine;
using FlowAlp.Actors.Liquidation;

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

    private void ReceiveLiquidation()
    {
        Receive<AddLiquidator>(m => WhenIdle(m, () =>
        {
            if (_liquidators.ContainsKey(m.Name)) { Sender.Tell(new Status.Failure(new ArgumentException($"name: liquidator '{m.Name}' already exists"))); return; }
            var actor = Context.ActorOf(LiquidatorActor.Props(m.Name, m.DiscountBps).WithDispatcher(AkkaConfig.Dispatcher), $"liquidator-{m.Name}");
            _liquidators[m.Name] = (actor, m.Account);
            Sender.Tell(new Status.Success(m.Name));
        }));
        Receive<UseDex>(m => WhenIdle(m, () => { _dex = m.Dex; Sender.Tell(new Status.Success(true)); }));
        Receive<DexSnapshot>(m => Collect(_tick, m));
        Receive<OffersPosted>(m => Collect(m.Tick, m));
    }

    private void RunLiquidations(Action then)
    {
        if (_liquidators.Count == 0 || _dex is null) { then(); return; }
        var candidates = _core.LiquidationCandidates();
        if (candidates.Count == 0) { then(); return; }
        _dex.Tell(new GetDexSnapshot(_core.OraclePrices(), ThePool.DefaultToken));
        Expect(1, replies =>
        {
            var amm = ((DexSnapshot)replies[0]).Amm;
            ThePool.Dex = amm;
            foreach (var (actor, _) in _liquidators.Values)
                actor.Tell(new FindOffers(_tick, ThePool.Now, candidates, amm.Copy(), ThePool.LiquidationTargetHealth));
            Expect(_liquidators.Count, offers =>
            {
                foreach (var o in PoolCore.Canonical(offers.Cast<OffersPosted>().SelectMany(p => p.Offers)))
                {
                    var (actor, account) = _liquidators[o.Liquidator];
                    string? reason = _core.ApplyOffer(o, account);
                    actor.Tell(new OfferResult(o, reason is null, reason));
                    if (reason is null) Refresh(o.Position);
                }
                then();
            });
        });
    }
}

using Akka.Actor;
using FlowAlp.Actors.Dex;
using FlowAlp.Actors.Engine;
using FlowAlp.Actors.Liquidation;
using FlowAlp.Protocol;
using FlowAlp.Protocol.Connectors;
using FlowAlp.Protocol.Positions;

namespace FlowAlp.Actors.Pool;

/// <summary>
/// Liquidations: the supervisor screens for positions with health below 1, reads the DEX once, hands both to every
/// liquidator, and applies all offers sorted by (position, liquidator, sequence). Each offer is checked by the
/// protocol's manualLiquidation against that one DEX view; the first valid offer for a position usually leaves it
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
        var candidates = new List<PositionSnapshot>();
        foreach (var pid in ThePool.LiquidatablePositions())
            if (TrySnapshot(pid) is { } s) candidates.Add(s);
        if (candidates.Count == 0) { then(); return; }
        _dex.Tell(new GetDexSnapshot());
        Expect(1, replies =>
        {
            var amm = ((DexSnapshot)replies[0]).Amm;
            ThePool.Dex = amm;
            foreach (var (actor, _) in _liquidators.Values)
                actor.Tell(new FindOffers(_tick, ThePool.Now, candidates, amm.Copy(), ThePool.LiquidationTargetHealth));
            Expect(_liquidators.Count, offers =>
            {
                var all = offers.Cast<OffersPosted>().SelectMany(o => o.Offers)
                    .OrderBy(o => o.Position).ThenBy(o => o.Liquidator, StringComparer.Ordinal).ThenBy(o => o.Sequence);
                foreach (var offer in all) ApplyOffer(offer);
                then();
            });
        });
    }

    private void ApplyOffer(LiquidationOffer o)
    {
        var now = ThePool.Now;
        var (actor, account) = _liquidators[o.Liquidator];
        try
        {
            World.Tx.Run(() =>
            {
                World.Accounts.Debit(account, o.DebtToken, o.RepayAmount);
                var seized = ThePool.ManualLiquidation(o.Position, o.DebtToken, o.SeizeToken, o.SeizeAmount, new Vault(o.DebtToken, o.RepayAmount));
                World.Accounts.Credit(account, seized.Token, seized.Amount);
            });
            _log.AppendProtocol(now, ThePool.TakeEvents());
            _counters.Applied++;
            actor.Tell(new OfferResult(o, true, null));
            Refresh(o.Position);
        }
        catch (ProtocolException e)
        {
            ThePool.TakeEvents();
            _counters.Rejected++;
            _log.AppendEngine(now, "LiquidationOfferRejected", ("liquidator", o.Liquidator), ("position", o.Position), ("reason", e.Reason));
            actor.Tell(new OfferResult(o, false, e.Reason));
        }
    }
}

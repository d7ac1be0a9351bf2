using Akka.Actor;
using FlowAlp.Actors.Dex;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Protocol.Positions;

namespace FlowAlp.Actors.Liquidation;

/// <summary>The supervisor's list of liquidatable positions at a tick, with the DEX as the step sees it.</summary>
public sealed record FindOffers(long Tick, UFix64 Time, IReadOnlyList<PositionSnapshot> Candidates, ConstantProductAmm Dex, UFix128 TargetHealth,
    Chaos.ChannelTicket? Ticket = null);
/// <summary>A liquidator's offers for the tick (possibly none); the supervisor applies all offers in canonical order.</summary>
public sealed record OffersPosted(long Tick, string Liquidator, IReadOnlyList<LiquidationOffer> Offers);
/// <summary>The verdict on one offer: accepted, or rejected with the protocol's reason.</summary>
public sealed record OfferResult(LiquidationOffer Offer, bool Accepted, string? Reason);
public sealed record GetLiquidatorStats;
public sealed record LiquidatorStats(string Name, long Posted, long Accepted, long Rejected);
/// <summary>Fault injection: the liquidator stays silent for ticks before this time (absent), then answers again.</summary>
public sealed record AbsentUntil(UFix64 Time);

/// <summary>
/// A liquidator: sizes one offer per liquidatable position from the pool's snapshot and the DEX copy (see
/// <see cref="LiquidationOfferBuilder"/>) and posts them; it keeps a tally of what the supervisor accepted.
/// </summary>
public sealed class LiquidatorActor : ReceiveActor
{
    private long _posted, _accepted, _rejected;
    private UFix64 _absentUntil = UFix64.Zero;

    public LiquidatorActor(string name, ushort discountBps, ulong latencySeconds = 0)
    {
        var latency = new LatencyFilter(latencySeconds);
        Receive<FindOffers>(m =>
        {
            var offers = new List<LiquidationOffer>();
            var ready = latency.Ready(m.Candidates, m.Time);
            if (m.Time >= _absentUntil)
                foreach (var c in ready)
                    if (LiquidationOfferBuilder.Build(name, c, m.Dex, m.TargetHealth, discountBps, offers.Count) is { } o) offers.Add(o);
            _posted += offers.Count;
            Chaos.FaultyChannel.Reply(Sender, new OffersPosted(m.Tick, name, offers), Self, m.Ticket, Chaos.MessageKind.LiquidationOffers, name: name);
        });
        Receive<OfferResult>(r => { if (r.Accepted) _accepted++; else _rejected++; });
        Receive<AbsentUntil>(m => _absentUntil = m.Time);
        Receive<GetLiquidatorStats>(_ => Sender.Tell(new LiquidatorStats(name, _posted, _accepted, _rejected)));
    }

    public static Props Props(string name, ushort discountBps, ulong latencySeconds = 0) =>
        Akka.Actor.Props.Create(() => new LiquidatorActor(name, discountBps, latencySeconds));
}

using Akka.Actor;
using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Actors.Oracles;

/// <summary>Asks the oracle for its price at a tick's time.</summary>
public sealed record PriceAt(long Tick, UFix64 Time);
/// <summary>The oracle's answer: a price in MOET, or none (no sample yet, or the sample is stale).</summary>
public sealed record PriceReport(long Tick, string Token, UFix64? Price);
/// <summary>Freezes the feed at its last sample (a stuck feed; with a stale threshold it then goes stale) or thaws it.</summary>
public sealed record FreezeFeed(bool Frozen);

/// <summary>
/// One token's price feed. It samples its <see cref="IPricePath"/> at the tick's time and applies the Band-style
/// staleness guard of spec §7: no price once now ≥ observedAt + staleThreshold. Stateless apart from the freeze
/// flag and the last sample, so a restart loses nothing that matters.
/// </summary>
public sealed class OracleActor : ReceiveActor
{
    private PriceSample? _frozenAt;
    private bool _frozen;

    public OracleActor(string token, IPricePath path, UFix64? staleThreshold)
    {
        Receive<PriceAt>(m =>
        {
            var sample = _frozen ? _frozenAt : path.SampleAt(m.Time);
            if (!_frozen) _frozenAt = sample;
            UFix64? price = sample is { } s && (staleThreshold is not { } th || m.Time < s.ObservedAt + th) ? s.Price : null;
            Sender.Tell(new PriceReport(m.Tick, token, price));
        });
        Receive<FreezeFeed>(m => _frozen = m.Frozen);
    }

    public static Props Props(string token, IPricePath path, UFix64? staleThreshold) =>
        Akka.Actor.Props.Create(() => new OracleActor(token, path, staleThreshold));
}

using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Actors.Oracles;

/// <summary>
/// One token's feed: samples its <see cref="IPricePath"/> and applies the Band-style staleness guard of spec §7 (no
/// price once now ≥ observedAt + staleThreshold). A frozen feed repeats its last sample, so with a threshold it goes
/// stale. The oracle actor and the plain loop both read prices through this.
/// </summary>
public sealed class OracleFeed(string token, IPricePath path, UFix64? staleThreshold)
{
    private PriceSample? _last;

    public string Token => token;
    public bool Frozen { get; set; }

    public UFix64? Read(UFix64 time)
    {
        var sample = Frozen ? _last : path.SampleAt(time);
        if (!Frozen) _last = sample;
        return sample is { } s && (staleThreshold is not { } th || time < s.ObservedAt + th) ? s.Price : null;
    }
}

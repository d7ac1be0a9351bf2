using FlowAlp.Protocol.Numerics;
using FlowAlp.Protocol.Oracles;

namespace FlowAlp.Engine.Oracles;

/// <summary>
/// One price source as the protocol's oracle interface: a path sampled at the asked time, with a Band-style staleness
/// guard (no price once now ≥ observedAt + threshold). Sources of an aggregated feed are these.
/// </summary>
internal sealed class PathOracle(string token, IPricePath path, UFix64? staleThreshold, string unitOfAccount = "MOET") : IPriceOracle
{
    public string UnitOfAccount => unitOfAccount;

    public UFix64? Price(string asked, UFix64 now)
    {
        if (asked == unitOfAccount) return UFix64.One;
        if (asked != token || path.SampleAt(now) is not { } s) return null;
        return staleThreshold is { } th && now >= s.ObservedAt + th ? null : s.Price;
    }
}

using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Protocol.Oracles;

/// <summary>
/// A feed that publishes (price, timestamp) per token, with the Band oracle's staleness rule of spec §7: no price once
/// now ≥ timestamp + staleThreshold (production wiring: 3600 s). Without a threshold it never goes stale.
/// </summary>
public sealed class TimedFeedOracle(string unitOfAccount, UFix64? staleThreshold) : IPriceOracle
{
    private readonly Dictionary<string, (UFix64 Price, UFix64 At)> _latest = new();

    public string UnitOfAccount => unitOfAccount;

    public void Publish(string token, UFix64 price, UFix64 at)
    {
        if (price.IsZero) throw new ArgumentException($"price: must be greater than 0 ({token})");
        _latest[token] = (price, at);
    }

    public UFix64? Price(string token, UFix64 now)
    {
        if (token == unitOfAccount) return UFix64.One;
        if (!_latest.TryGetValue(token, out var p)) return null;
        return staleThreshold is { } th && now >= p.At + th ? null : p.Price;
    }
}

using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Protocol.Oracles;

/// <summary>
/// Time-weighted average price over the last <c>windowSeconds</c> of observations. Each observation holds until the
/// next one; the window is [now − window, now], and an observation older than the window start counts from the start.
/// While less than a full window has been observed, the average covers the observed part only. No observation at or
/// before now: no price. Exact: Σ price × seconds in UFix128, divided by the covered seconds, truncated to UFix64.
/// </summary>
public sealed class TwapOracle : IPriceOracle
{
    private readonly Dictionary<string, List<(UFix64 At, UFix64 Price)>> _obs = new();
    private readonly UFix64 _window;

    public TwapOracle(string unitOfAccount, ulong windowSeconds)
    {
        if (windowSeconds == 0) throw new ArgumentException("windowSeconds: must be greater than 0");
        UnitOfAccount = unitOfAccount;
        _window = UFix64.FromInteger(windowSeconds);
    }

    public string UnitOfAccount { get; }

    /// <summary>Records a price observed at <paramref name="at"/> (times must not go backwards per token).</summary>
    public void Record(string token, UFix64 price, UFix64 at)
    {
        if (price.IsZero) throw new ArgumentException($"price: must be greater than 0 ({token})");
        if (!_obs.TryGetValue(token, out var list)) _obs[token] = list = new();
        if (list.Count > 0 && at < list[^1].At) throw new ArgumentException($"at: observation time {at} is before the last one {list[^1].At}");
        list.Add((at, price));
        // Keep one observation older than any future window start, drop the rest.
        while (list.Count > 2 && list[1].At + _window < at) list.RemoveAt(0);
    }

    public UFix64? Price(string token, UFix64 now)
    {
        if (token == UnitOfAccount) return UFix64.One;
        if (!_obs.TryGetValue(token, out var list)) return null;
        UFix64 start = now > _window ? now - _window : UFix64.Zero;
        UFix128 weighted = UFix128.Zero;
        UFix64 covered = UFix64.Zero;
        for (int i = 0; i < list.Count && list[i].At <= now; i++)
        {
            UFix64 from = UFix64.Max2(list[i].At, start);
            UFix64 to = i + 1 < list.Count && list[i + 1].At <= now ? list[i + 1].At : now;
            if (to <= from) continue;
            weighted += list[i].Price.ToUFix128() * (to - from).ToUFix128();
            covered += to - from;
        }
        if (covered.IsZero)
        {
            // Observed exactly at now (or only at now): the latest price at or before now.
            var last = list.LastOrDefault(o => o.At <= now);
            return last.Price.IsZero ? null : last.Price;
        }
        return (weighted / covered.ToUFix128()).RoundDown();
    }
}

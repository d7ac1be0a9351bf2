using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Protocol.Oracles;

/// <summary>The aggregator's immutable settings (spec §7, PriceOracleAggregatorv1). Tolerances are fractions (0.05 = 5 %).</summary>
public sealed record AggregatorConfig(UFix64 MaxSpread, UFix64 BaseTolerance, UFix64 DriftExpansionRate, ulong MaxPriceHistoryAge,
    int MinimumPriceHistory, ulong PriceHistoryInterval, int MaxPriceHistorySize)
{
    public void Validate()
    {
        var limit = UFix64.FromInteger(10_000);
        if (MaxSpread > limit) throw new ArgumentException("maxSpread: must be at most 10000.0");
        if (BaseTolerance > limit) throw new ArgumentException("baseTolerance: must be at most 10000.0");
        if (DriftExpansionRate > limit) throw new ArgumentException("driftExpansionRate: must be at most 10000.0");
        if (MinimumPriceHistory < 0) throw new ArgumentException("minimumPriceHistory: must be >= 0");
        if (MaxPriceHistorySize < 1) throw new ArgumentException("maxPriceHistorySize: must be >= 1");
    }
}

/// <summary>
/// PriceOracleAggregatorv1: the arithmetic mean of N oracles (UFix64 truncation), or no price when any source has
/// none ("missing"), when (max − min) ÷ min exceeds maxSpread ("spread"), or when the short-term history check fails
/// ("history"): every entry not older than maxPriceHistoryAge must satisfy |p − pᵢ| ÷ min(p, pᵢ) ≤ baseTolerance +
/// driftExpansionRate × Δminutes, and there must be at least minimumPriceHistory such entries. Each price() call, and
/// the cron's <see cref="TryAddPriceToHistory"/>, append the mean to the history at most every priceHistoryInterval
/// (after the check), keeping at most maxPriceHistorySize entries. <see cref="LastRejection"/> names the reason.
/// </summary>
public sealed class AggregatorOracle : IPriceOracle
{
    private readonly IReadOnlyList<IPriceOracle> _sources;
    private readonly AggregatorConfig _c;
    private readonly Dictionary<string, List<(UFix64 At, UFix64 Price)>> _history = new();

    public AggregatorOracle(IReadOnlyList<IPriceOracle> sources, AggregatorConfig config)
    {
        if (sources.Count == 0) throw new ArgumentException("sources: at least one oracle");
        if (sources.Any(s => s.UnitOfAccount != sources[0].UnitOfAccount)) throw new ArgumentException("sources: all oracles must share the unit of account");
        config.Validate();
        _sources = sources;
        _c = config;
    }

    public string UnitOfAccount => _sources[0].UnitOfAccount;
    public string? LastRejection { get; private set; }

    public UFix64? Price(string token, UFix64 now)
    {
        LastRejection = null;
        if (token == UnitOfAccount) return UFix64.One;
        if (Mean(token, now) is not { } mean) return null;
        bool ok = HistoryAccepts(token, mean, now);
        Append(token, mean, now);
        if (!ok) { LastRejection = "history"; return null; }
        return mean;
    }

    /// <summary>The cron handler: record the current mean if it is available.</summary>
    public void TryAddPriceToHistory(string token, UFix64 now)
    {
        if (Mean(token, now) is { } mean) Append(token, mean, now);
    }

    private UFix64? Mean(string token, UFix64 now)
    {
        var prices = new List<UFix64>(_sources.Count);
        foreach (var s in _sources)
        {
            if (s.Price(token, now) is not { } p) { LastRejection = "missing"; return null; }
            prices.Add(p);
        }
        UFix64 min = prices.Min(), max = prices.Max();
        if ((max - min) / min > _c.MaxSpread) { LastRejection = "spread"; return null; }
        UFix64 sum = UFix64.Zero;
        foreach (var p in prices) sum += p;
        return sum / UFix64.FromInteger((ulong)prices.Count);
    }

    private bool HistoryAccepts(string token, UFix64 price, UFix64 now)
    {
        int count = 0;
        if (_history.TryGetValue(token, out var list))
            foreach (var (at, p) in list)
            {
                if (at + UFix64.FromInteger(_c.MaxPriceHistoryAge) < now) continue;
                UFix64 diff = price > p ? price - p : p - price;
                UFix64 minutes = UFix64.FromInteger((now - at).Floor / 60);
                if (diff / UFix64.Min(price, p) > _c.BaseTolerance + _c.DriftExpansionRate * minutes) return false;
                count++;
            }
        return count >= _c.MinimumPriceHistory;
    }

    private void Append(string token, UFix64 price, UFix64 now)
    {
        if (!_history.TryGetValue(token, out var list)) _history[token] = list = new();
        if (list.Count > 0 && now < list[^1].At + UFix64.FromInteger(_c.PriceHistoryInterval)) return;
        list.Add((now, price));
        if (list.Count > _c.MaxPriceHistorySize) list.RemoveAt(0);
    }
}

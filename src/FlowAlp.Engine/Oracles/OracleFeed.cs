using FlowAlp.Protocol.Oracles;
using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Engine.Oracles;

/// <summary>
/// One token's feed: samples its <see cref="IPricePath"/> and applies the Band-style staleness guard of spec §7 (no
/// price once now ≥ observedAt + staleThreshold). A frozen feed repeats its last sample, so with a threshold it goes
/// stale. The oracle actor and the plain loop both read prices through this.
/// </summary>
public sealed class OracleFeed(string token, IPricePath path, UFix64? staleThreshold)
{
    private PriceSample? _last;
    private readonly AggregatorOracle? _aggregator;

    /// <summary>
    /// An aggregated feed (spec §7, PriceOracleAggregatorv1): the mean of several sources, no price when one is missing
    /// or stale, when their spread exceeds maxSpread, or when the mean jumps outside the history tolerance.
    /// </summary>
    public OracleFeed(string token, IReadOnlyList<IPricePath> sources, UFix64? staleThreshold, AggregatorConfig config)
        : this(token, sources[0], staleThreshold)
    {
        _aggregator = new AggregatorOracle(sources.Select(s => (IPriceOracle)new PathOracle(token, s, staleThreshold)).ToList(), config);
    }

    public string Token => token;
    public bool Frozen { get; set; }
    /// <summary>Chaos: reported prices are multiplied by this (an outlier feed); 1 = honest.</summary>
    public UFix64 Multiplier { get; set; } = UFix64.One;
    /// <summary>Chaos: the feed reports the price this many seconds ahead (a feed that leads the market).</summary>
    public ulong LeadSeconds { get; set; }
    /// <summary>Why the aggregator gave no price at the last read (missing, spread, history), or null.</summary>
    public string? LastRejection => _aggregator?.LastRejection;

    /// <summary>Chaos: an aggregate of this feed's sources with one widened (spread rejection); null when none.</summary>
    private AggregatorOracle? _widened;
    /// <summary>Why the widened aggregate gave no price at the last read ("spread", …), or null.</summary>
    public string? ChaosRejection { get; private set; }

    /// <summary>Chaos: aggregate the honest path with a copy scaled by <paramref name="factor"/>; factor 1 restores the feed.</summary>
    public void WidenSource(UFix64 factor, UFix64 maxSpread)
    {
        ChaosRejection = null;
        if (factor == UFix64.One) { _widened = null; return; }
        var honest = new PathOracle(token, path, staleThreshold);
        var widened = new PathOracle(token, new ScaledPath(path, factor), staleThreshold);
        // only the spread guard matters here: no history requirement, any tolerance
        var config = new AggregatorConfig(maxSpread, UFix64.FromInteger(10_000), UFix64.Zero, 0, 0, 1, 1);
        _widened = new AggregatorOracle([honest, widened], config);
    }

    public UFix64? Read(UFix64 time)
    {
        var p = ReadHonest(time + UFix64.FromInteger(LeadSeconds));
        return p is { } v && Multiplier != UFix64.One ? UFix64.Max2(v * Multiplier, UFix64.Epsilon) : p;
    }

    private UFix64? ReadHonest(UFix64 time)
    {
        if (_widened is not null && !Frozen)
        {
            var w = _widened.Price(token, time);
            ChaosRejection = _widened.LastRejection;
            return w;
        }
        if (_aggregator is not null && !Frozen)
        {
            var p = _aggregator.Price(token, time);
            _last = p is { } v ? new PriceSample(v, time) : null;
            return p;
        }
        var sample = Frozen ? _last : path.SampleAt(time);
        if (!Frozen) _last = sample;
        return sample is { } s && (staleThreshold is not { } th || time < s.ObservedAt + th) ? s.Price : null;
    }
}

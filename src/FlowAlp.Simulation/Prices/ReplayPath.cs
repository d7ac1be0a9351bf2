using FlowAlp.Actors.Oracles;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Engine.Oracles;

namespace FlowAlp.Simulation.Prices;

/// <summary>
/// Recorded prices replayed as a step function: the last observation at or before the time (exact UFix64, no
/// grid, so any simulation step size works); before the first observation, no price. <see cref="PriceSample.ObservedAt"/>
/// is the queried time (always fresh), or with <c>observedAtRecordTime</c> the observation's own timestamp, so a
/// sparse record looks stale to an oracle with a staleness limit.
/// </summary>
public sealed class ReplayPath : IPricePath
{
    private readonly UFix64[] _times, _prices;
    private readonly bool _observedAtRecordTime;

    public ReplayPath(IEnumerable<(UFix64 Time, UFix64 Price)> observations, bool observedAtRecordTime = false)
    {
        ArgumentNullException.ThrowIfNull(observations);
        var points = observations.ToArray();
        if (points.Length == 0) throw new ArgumentException("observations: at least one observation is needed");
        for (int i = 0; i < points.Length; i++)
        {
            if (points[i].Price.IsZero) throw new ArgumentException($"observations[{i}].Price: must be > 0");
            if (i > 0 && points[i].Time <= points[i - 1].Time)
                throw new ArgumentException($"observations[{i}].Time: times must be strictly increasing");
        }
        _times = points.Select(p => p.Time).ToArray();
        _prices = points.Select(p => p.Price).ToArray();
        _observedAtRecordTime = observedAtRecordTime;
    }

    public int Count => _times.Length;
    public IReadOnlyList<(UFix64 Time, UFix64 Price)> Observations => _times.Zip(_prices).ToArray();

    public PriceSample? SampleAt(UFix64 time)
    {
        int i = Array.BinarySearch(_times, time);
        if (i < 0) i = ~i - 1;
        if (i < 0) return null;
        return new PriceSample(_prices[i], _observedAtRecordTime ? _times[i] : time);
    }
}

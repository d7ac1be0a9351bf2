using FlowAlp.Actors.Pool;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Engine.Core;

namespace FlowAlp.Simulation.Running;

/// <summary>
/// A run's metric samples with bounded memory: every sample goes to the sink (the CLI streams them to timeseries.csv
/// as they come), while RAM keeps all of them up to <see cref="Capacity"/> and then every other one, doubling the
/// stride each time it fills — a year of one-minute steps keeps the same few thousand points for plots and the report.
/// The last sample and the largest bad debt are kept exactly.
/// </summary>
public sealed class SampleRecorder(int capacity = SampleRecorder.DefaultCapacity, Action<MetricsSample>? sink = null)
{
    public const int DefaultCapacity = 4096;

    private readonly List<MetricsSample> _kept = new();
    private long _stride = 1;

    public int Capacity => capacity;
    /// <summary>Samples recorded in all (streamed), not only kept.</summary>
    public long Count { get; private set; }
    /// <summary>How many recorded samples each kept one stands for (1 until the capacity is first reached).</summary>
    public long Stride => _stride;
    public MetricsSample? Last { get; private set; }
    public UFix128 BadDebtMax { get; private set; } = UFix128.Zero;

    public void Add(MetricsSample m)
    {
        sink?.Invoke(m);
        if (Count % _stride == 0) _kept.Add(m);
        Count++;
        Last = m;
        if (m.BadDebt > BadDebtMax) BadDebtMax = m.BadDebt;
        if (_kept.Count <= capacity) return;
        // kept samples are those whose index is a multiple of the stride; the even positions are the multiples of twice it
        int w = 0;
        for (int r = 0; r < _kept.Count; r += 2) _kept[w++] = _kept[r];
        _kept.RemoveRange(w, _kept.Count - w);
        _stride *= 2;
    }

    /// <summary>The kept samples in time order, always ending with the last one recorded.</summary>
    public IReadOnlyList<MetricsSample> Kept()
    {
        if (Last is null || (_kept.Count > 0 && ReferenceEquals(_kept[^1], Last))) return _kept.ToList();
        return [.. _kept, Last];
    }
}

using FlowAlp.Actors.Oracles;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Engine.Oracles;

namespace FlowAlp.Simulation.Prices;

/// <summary>
/// Base of the stochastic processes: a price on a fixed grid of <see cref="StepSeconds"/>, generated lazily and
/// strictly in order (grid point k from point k−1 and the next draws of the process's own seeded RNG) and cached,
/// so the value at a grid point never depends on the order in which times are asked for. <see cref="SampleAt"/> is
/// a step function over the grid (the last grid point at or before the time) and thread safe.
/// </summary>
public abstract class GridPricePath : IPricePath
{
    private readonly List<double> _grid = new();
    private readonly object _gate = new();

    protected GridPricePath(ulong stepSeconds)
    {
        PriceConversion.RequireStep(stepSeconds);
        StepSeconds = stepSeconds;
        StepYears = stepSeconds / PriceConversion.SecondsPerYear;
    }

    public ulong StepSeconds { get; }

    /// <summary>The grid step in years (365-day years), the dt of the annualised parameters.</summary>
    public double StepYears { get; }

    /// <summary>
    /// The value at grid point <paramref name="index"/>; called once per index, in order 0, 1, 2, ... under a lock.
    /// <paramref name="previous"/> is the value at index − 1 (NaN for index 0).
    /// </summary>
    protected abstract double Generate(int index, double previous);

    /// <summary>The (unfloored) double at grid point <paramref name="index"/>, time index × StepSeconds.</summary>
    public double ValueAtStep(int index)
    {
        if (index < 0) throw new ArgumentOutOfRangeException(nameof(index), "index: must be >= 0");
        lock (_gate)
        {
            while (_grid.Count <= index)
                _grid.Add(Generate(_grid.Count, _grid.Count == 0 ? double.NaN : _grid[^1]));
            return _grid[index];
        }
    }

    /// <summary>Grid values 0..count−1 (a copy).</summary>
    public double[] Values(int count)
    {
        if (count <= 0) return [];
        ValueAtStep(count - 1);
        lock (_gate) return _grid.GetRange(0, count).ToArray();
    }

    /// <summary>The grid index of the last grid point at or before <paramref name="time"/>.</summary>
    public int StepIndex(UFix64 time)
    {
        ulong index = time.Floor / StepSeconds;
        if (index > int.MaxValue - 1) throw new ArgumentOutOfRangeException(nameof(time), "time: beyond the grid of this path");
        return (int)index;
    }

    public virtual PriceSample? SampleAt(UFix64 time) =>
        new PriceSample(PriceConversion.ToUFix64(ValueAtStep(StepIndex(time))), time);
}

using FlowAlp.Protocol.Numerics;
using FlowAlp.Engine.Oracles;

namespace FlowAlp.Simulation.Prices;

/// <summary>A constant price, always fresh.</summary>
public sealed class ConstantPath(UFix64 price) : IPricePath
{
    public PriceSample? SampleAt(UFix64 time) => new PriceSample(price, time);
}

/// <summary>Scripted prices: the last point at or before the time holds (a step function); before the first point, no price.</summary>
public sealed class PiecewisePath : IPricePath
{
    private readonly (UFix64 Time, UFix64 Price)[] _points;

    public PiecewisePath(IEnumerable<(UFix64 Time, UFix64 Price)> points)
    {
        _points = points.OrderBy(p => p.Time).ToArray();
        if (_points.Length == 0) throw new ArgumentException("points: a piecewise path needs at least one point");
        if (_points.Any(p => p.Price.IsZero)) throw new ArgumentException("points: prices must be greater than 0");
    }

    public PriceSample? SampleAt(UFix64 time)
    {
        int i = Array.FindLastIndex(_points, p => p.Time <= time);
        return i < 0 ? null : new PriceSample(_points[i].Price, time);
    }
}

/// <summary>
/// The reference market's GBM price (<see cref="GbmStepper"/>'s grid) for runs of any length: the price at a time is a
/// pure function of (seed, step), and only a window of the most recent grid points is kept (a year of one-minute steps
/// would otherwise hold 525,600 doubles); a time before the window is recomputed by replaying a fresh stepper with the
/// same seed. Its prices are converted with <see cref="PriceConversion.FloorOnly"/> (the reference market's recorded
/// event logs were made so; the scenario GBM also caps at <see cref="PriceConversion.MaxPrice"/>, which this 1.0-started,
/// driftless path never nears).
/// </summary>
public sealed class GbmPath : IPricePath
{
    /// <summary>Grid points kept; when the window doubles past it, the older half is dropped.</summary>
    public const int Window = 4096;

    private readonly double _s0, _drift, _vol, _dt;
    private readonly ulong _stepSeconds;
    private readonly int _seed;
    private readonly GbmStepper _stepper;
    private readonly List<double> _grid = new();
    private int _base; // grid index of _grid[0]

    public GbmPath(double s0, double annualDrift, double annualVolatility, ulong stepSeconds, int seed)
    {
        if (s0 <= 0) throw new ArgumentException("s0: must be > 0");
        if (annualVolatility < 0) throw new ArgumentException("volatility: must be >= 0");
        if (stepSeconds == 0) throw new ArgumentException("stepSeconds: must be > 0");
        _s0 = s0; _drift = annualDrift; _vol = annualVolatility; _stepSeconds = stepSeconds; _seed = seed;
        _dt = stepSeconds / PriceConversion.SecondsPerYear;
        _stepper = new GbmStepper(annualDrift, annualVolatility, _dt, seed);
        _grid.Add(s0);
    }

    public PriceSample? SampleAt(UFix64 time)
    {
        int step = (int)(time.Floor / _stepSeconds);
        return new PriceSample(PriceConversion.FloorOnly(step < _base ? Replay(step) : Advance(step)), time);
    }

    private double Advance(int step)
    {
        while (_base + _grid.Count <= step)
        {
            _grid.Add(_stepper.Next(_grid[^1]));
            if (_grid.Count >= 2 * Window)
            {
                _grid.RemoveRange(0, Window);
                _base += Window;
            }
        }
        return _grid[step - _base];
    }

    /// <summary>A grid point older than the window: the same draws from a fresh stepper with the same seed.</summary>
    private double Replay(int step)
    {
        var stepper = new GbmStepper(_drift, _vol, _dt, _seed);
        double v = _s0;
        for (int k = 1; k <= step; k++) v = stepper.Next(v);
        return v;
    }
}

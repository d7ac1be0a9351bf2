using FlowAlp.Protocol.Numerics;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.Random;
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
/// Geometric Brownian motion sampled on a fixed step grid from a seeded Mersenne Twister: the price at a time is
/// a pure function of (seed, step), so any actor asking for any time gets the same value. Only a window of the most
/// recent grid points is kept (a year of one-minute steps would otherwise hold 525,600 doubles); a time before the
/// window is recomputed by replaying the seeded sequence from the start. Doubles live only here; the oracle boundary
/// converts once to UFix64.
/// </summary>
public sealed class GbmPath : IPricePath
{
    /// <summary>Grid points kept; when the window doubles past it, the older half is dropped.</summary>
    public const int Window = 4096;

    private readonly double _s0, _drift, _vol, _dt;
    private readonly ulong _stepSeconds;
    private readonly int _seed;
    private readonly Normal _normal;
    private readonly List<double> _grid = new();
    private int _base; // grid index of _grid[0]

    public GbmPath(double s0, double annualDrift, double annualVolatility, ulong stepSeconds, int seed)
    {
        if (s0 <= 0) throw new ArgumentException("s0: must be > 0");
        if (annualVolatility < 0) throw new ArgumentException("volatility: must be >= 0");
        if (stepSeconds == 0) throw new ArgumentException("stepSeconds: must be > 0");
        _s0 = s0; _drift = annualDrift; _vol = annualVolatility; _stepSeconds = stepSeconds; _seed = seed;
        _dt = stepSeconds / (365.0 * 24 * 3600);
        _normal = new Normal(0, 1, new MersenneTwister(seed));
        _grid.Add(s0);
    }

    public PriceSample? SampleAt(UFix64 time)
    {
        int step = (int)(time.Floor / _stepSeconds);
        double p = Math.Max(step < _base ? Replay(step) : Advance(step), 1e-8);
        return new PriceSample(UFix64.FromDouble(p), time);
    }

    private double Next(double previous, Normal normal) =>
        previous * Math.Exp((_drift - 0.5 * _vol * _vol) * _dt + _vol * Math.Sqrt(_dt) * normal.Sample());

    private double Advance(int step)
    {
        while (_base + _grid.Count <= step)
        {
            _grid.Add(Next(_grid[^1], _normal));
            if (_grid.Count >= 2 * Window)
            {
                _grid.RemoveRange(0, Window);
                _base += Window;
            }
        }
        return _grid[step - _base];
    }

    /// <summary>A grid point older than the window: the same draws from a fresh generator with the same seed.</summary>
    private double Replay(int step)
    {
        var normal = new Normal(0, 1, new MersenneTwister(_seed));
        double v = _s0;
        for (int k = 1; k <= step; k++) v = Next(v, normal);
        return v;
    }
}

using FlowAlp.Protocol.Numerics;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.Random;

namespace FlowAlp.Actors.Oracles;

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
/// a pure function of (seed, step), computed once per grid point and cached, so any actor asking for any time gets
/// the same value. Doubles live only here; the oracle boundary converts once to UFix64.
/// </summary>
public sealed class GbmPath : IPricePath
{
    private readonly double _s0, _drift, _vol, _dt;
    private readonly ulong _stepSeconds;
    private readonly Normal _normal;
    private readonly List<double> _grid = new();

    public GbmPath(double s0, double annualDrift, double annualVolatility, ulong stepSeconds, int seed)
    {
        if (s0 <= 0) throw new ArgumentException("s0: must be > 0");
        if (annualVolatility < 0) throw new ArgumentException("volatility: must be >= 0");
        if (stepSeconds == 0) throw new ArgumentException("stepSeconds: must be > 0");
        _s0 = s0; _drift = annualDrift; _vol = annualVolatility; _stepSeconds = stepSeconds;
        _dt = stepSeconds / (365.0 * 24 * 3600);
        _normal = new Normal(0, 1, new MersenneTwister(seed));
        _grid.Add(s0);
    }

    public PriceSample? SampleAt(UFix64 time)
    {
        int step = (int)(time.Floor / _stepSeconds);
        while (_grid.Count <= step)
        {
            double z = _normal.Sample();
            _grid.Add(_grid[^1] * Math.Exp((_drift - 0.5 * _vol * _vol) * _dt + _vol * Math.Sqrt(_dt) * z));
        }
        double p = Math.Max(_grid[step], 1e-8);
        return new PriceSample(UFix64.FromDouble(p), time);
    }
}

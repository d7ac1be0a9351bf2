using FlowAlp.Actors.Oracles;
using FlowAlp.Protocol.Numerics;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.Random;
using FlowAlp.Engine.Oracles;

namespace FlowAlp.Simulation.Prices;

/// <summary>
/// A log-price Brownian bridge through given pins. Sample points are the grid k·stepSeconds plus every pin time;
/// between consecutive pins (t_a, x_a = ln p_a) and (t_b, x_b) each point s is drawn, in order, from the previous
/// point (t_p, x_p) by the exact bridge conditional
/// ln S(s) ~ N(x_p + (s − t_p)/(t_b − t_p)·(x_b − x_p), σ²·(s − t_p)(t_b − s)/(t_b − t_p)) (times in years),
/// so with σ = 0 it is a geometric interpolation and with σ > 0 noise that vanishes at the pins.
/// <see cref="SampleAt"/> is the last sample point at or before the time: at a pin time (until the next grid point)
/// it returns exactly the pin price — the pin rounded to the nearest 1e-8, i.e. exactly a price with ≤ 8 decimals.
/// The first pin must be at time 0; after the last pin the path holds the last pin's price.
/// </summary>
public sealed class BrownianBridgePath : GridPricePath
{
    private readonly PricePin[] _pins;
    private readonly double[] _logPins;
    private readonly UFix64[] _exactPins;
    private readonly double _variancePerSecond;
    private readonly MersenneTwister _rng;

    public BrownianBridgePath(IEnumerable<PricePin> pins, double annualVolatility, ulong stepSeconds, int seed)
        : base(stepSeconds)
    {
        ArgumentNullException.ThrowIfNull(pins);
        _pins = pins.ToArray();
        if (_pins.Length == 0) throw new ArgumentException("pins: at least one pin is needed");
        if (_pins[0].TimeSeconds != 0) throw new ArgumentException($"pins[0].TimeSeconds: the first pin must be at time 0, got {_pins[0].TimeSeconds}");
        for (int i = 0; i < _pins.Length; i++)
        {
            PriceConversion.RequirePositive(_pins[i].Price, $"pins[{i}].Price");
            if (_pins[i].Price < PriceConversion.MinPrice) throw new ArgumentException($"pins[{i}].Price: must be >= 1e-8");
            if (i > 0 && _pins[i].TimeSeconds <= _pins[i - 1].TimeSeconds)
                throw new ArgumentException($"pins[{i}].TimeSeconds: pin times must be strictly increasing ({_pins[i].TimeSeconds} after {_pins[i - 1].TimeSeconds})");
        }
        if (_pins[^1].TimeSeconds > ulong.MaxValue / UFix64.Scale)
            throw new ArgumentException($"pins[{_pins.Length - 1}].TimeSeconds: beyond the UFix64 time range");
        PriceConversion.RequireNonNegative(annualVolatility, "annualVolatility");
        AnnualVolatility = annualVolatility;
        _logPins = _pins.Select(p => Math.Log(p.Price)).ToArray();
        _exactPins = _pins.Select(p => PriceConversion.Nearest(p.Price)).ToArray();
        _variancePerSecond = annualVolatility * annualVolatility / PriceConversion.SecondsPerYear;
        _rng = new MersenneTwister(seed);
    }

    public IReadOnlyList<PricePin> Pins => _pins;
    public double AnnualVolatility { get; }

    /// <summary>The time of the last pin, after which the price is constant.</summary>
    public ulong EndSeconds => _pins[^1].TimeSeconds;

    public override PriceSample? SampleAt(UFix64 time)
    {
        ulong seconds = time.Floor;
        int pin = LastPinAtOrBefore(seconds);
        if (pin == _pins.Length - 1) return new PriceSample(_exactPins[pin], time);
        int k = StepIndex(time);
        if (_pins[pin].TimeSeconds >= (ulong)k * StepSeconds) return new PriceSample(_exactPins[pin], time);
        return new PriceSample(PriceConversion.ToUFix64(ValueAtStep(k)), time);
    }

    private int LastPinAtOrBefore(ulong seconds)
    {
        int lo = 0, hi = _pins.Length - 1; // _pins[0].TimeSeconds == 0 <= seconds
        while (lo < hi)
        {
            int mid = (lo + hi + 1) / 2;
            if (_pins[mid].TimeSeconds <= seconds) lo = mid; else hi = mid - 1;
        }
        return lo;
    }

    protected override double Generate(int index, double previous)
    {
        ulong s = (ulong)index * StepSeconds;
        int a = LastPinAtOrBefore(s);
        if (_pins[a].TimeSeconds == s || a == _pins.Length - 1) return _pins[a].Price;
        ulong previousTime = (ulong)(index - 1) * StepSeconds;
        double xp;
        if (previousTime <= _pins[a].TimeSeconds) { previousTime = _pins[a].TimeSeconds; xp = _logPins[a]; }
        else xp = Math.Log(previous);
        double tb = _pins[a + 1].TimeSeconds, tp = previousTime, xb = _logPins[a + 1];
        double mean = xp + (s - tp) / (tb - tp) * (xb - xp);
        double sd = Math.Sqrt(_variancePerSecond * (s - tp) * (tb - s) / (tb - tp));
        return Math.Exp(mean + sd * Normal.Sample(_rng, 0, 1));
    }
}

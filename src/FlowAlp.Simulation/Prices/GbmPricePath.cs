using MathNet.Numerics.Distributions;
using MathNet.Numerics.Random;

namespace FlowAlp.Simulation.Prices;

/// <summary>
/// Geometric Brownian motion, exact on the grid:
/// S(k+1) = S(k) · exp((μ − σ²/2)·dt + σ·√dt·Z), Z ~ N(0,1) from a Mersenne Twister seeded with
/// <paramref name="seed"/> (take it from <see cref="SeedStreams.Derive"/>). μ and σ are annualised (365-day year).
/// </summary>
public sealed class GbmPricePath : GridPricePath
{
    private readonly MersenneTwister _rng;
    private readonly double _logDrift, _logVol;

    public GbmPricePath(double s0, double annualDrift, double annualVolatility, ulong stepSeconds, int seed)
        : base(stepSeconds)
    {
        PriceConversion.RequirePositive(s0, "s0");
        PriceConversion.RequireFinite(annualDrift, "annualDrift");
        PriceConversion.RequireNonNegative(annualVolatility, "annualVolatility");
        S0 = s0; AnnualDrift = annualDrift; AnnualVolatility = annualVolatility;
        _rng = new MersenneTwister(seed);
        _logDrift = (annualDrift - 0.5 * annualVolatility * annualVolatility) * StepYears;
        _logVol = annualVolatility * Math.Sqrt(StepYears);
    }

    public double S0 { get; }
    public double AnnualDrift { get; }
    public double AnnualVolatility { get; }

    protected override double Generate(int index, double previous) =>
        index == 0 ? S0 : previous * Math.Exp(_logDrift + _logVol * Normal.Sample(_rng, 0, 1));
}

using MathNet.Numerics.Distributions;
using MathNet.Numerics.Random;

namespace FlowAlp.Simulation.Prices;

/// <summary>
/// The one geometric Brownian motion step, exact on a grid of <c>dt</c> years:
/// S(k+1) = S(k) · exp((μ − σ²/2)·dt + σ·√dt·Z), Z ~ N(0,1) drawn from a Mersenne Twister seeded with the seed (μ and σ
/// annualised, 365-day year). The scenario's GBM price (<see cref="GbmPricePath"/>) and the reference market's windowed
/// path (<see cref="GbmPath"/>) both step with it, so their grids are the same numbers for the same parameters and seed;
/// they differ only in how a grid value becomes a price (see <see cref="PriceConversion"/>).
/// </summary>
public sealed class GbmStepper
{
    private readonly MersenneTwister _rng;
    private readonly double _logDrift, _logVol;

    public GbmStepper(double annualDrift, double annualVolatility, double stepYears, int seed)
    {
        _rng = new MersenneTwister(seed);
        _logDrift = (annualDrift - 0.5 * annualVolatility * annualVolatility) * stepYears;
        _logVol = annualVolatility * Math.Sqrt(stepYears);
    }

    /// <summary>The next grid value after <paramref name="previous"/> (one normal draw).</summary>
    public double Next(double previous) => previous * Math.Exp(_logDrift + _logVol * Normal.Sample(_rng, 0, 1));
}

using MathNet.Numerics.Distributions;
using MathNet.Numerics.Random;

namespace FlowAlp.Simulation.Prices;

/// <summary>
/// Merton jump diffusion on the grid: per step, N ~ Poisson(λ·dt) jumps, each multiplying the price by e^Y with
/// Y ~ N(jumpLogMean, jumpLogStdDev²), on top of a GBM diffusion:
/// ln S(k+1) − ln S(k) = (μ − σ²/2 − λ·κ)·dt + σ·√dt·Z + ΣY, κ = E[e^Y] − 1 = e^(m + s²/2) − 1.
/// The drift is compensated, so E[S(t)] = S0·e^(μt) whatever the jumps. λ, μ and σ are annualised.
/// </summary>
public sealed class MertonJumpDiffusionPath : GridPricePath
{
    private readonly MersenneTwister _rng;
    private readonly double _logDrift, _logVol, _jumpRate;
    private readonly List<int> _cumulativeJumps = new();

    public MertonJumpDiffusionPath(double s0, double annualDrift, double annualVolatility, double jumpIntensityPerYear,
        double jumpLogMean, double jumpLogStdDev, ulong stepSeconds, int seed)
        : base(stepSeconds)
    {
        PriceConversion.RequirePositive(s0, "s0");
        PriceConversion.RequireFinite(annualDrift, "annualDrift");
        PriceConversion.RequireNonNegative(annualVolatility, "annualVolatility");
        PriceConversion.RequireNonNegative(jumpIntensityPerYear, "jumpIntensityPerYear");
        PriceConversion.RequireFinite(jumpLogMean, "jumpLogMean");
        PriceConversion.RequireNonNegative(jumpLogStdDev, "jumpLogStdDev");
        S0 = s0; AnnualDrift = annualDrift; AnnualVolatility = annualVolatility;
        JumpIntensityPerYear = jumpIntensityPerYear; JumpLogMean = jumpLogMean; JumpLogStdDev = jumpLogStdDev;
        double kappa = Math.Exp(jumpLogMean + 0.5 * jumpLogStdDev * jumpLogStdDev) - 1;
        _logDrift = (annualDrift - 0.5 * annualVolatility * annualVolatility - jumpIntensityPerYear * kappa) * StepYears;
        _logVol = annualVolatility * Math.Sqrt(StepYears);
        _jumpRate = jumpIntensityPerYear * StepYears;
        _rng = new MersenneTwister(seed);
    }

    public double S0 { get; }
    public double AnnualDrift { get; }
    public double AnnualVolatility { get; }
    public double JumpIntensityPerYear { get; }
    public double JumpLogMean { get; }
    public double JumpLogStdDev { get; }

    /// <summary>How many jumps happened between grid point 0 and grid point <paramref name="index"/>.</summary>
    public int JumpCountThrough(int index)
    {
        ValueAtStep(index);
        lock (_cumulativeJumps) return _cumulativeJumps[index];
    }

    protected override double Generate(int index, double previous)
    {
        if (index == 0)
        {
            lock (_cumulativeJumps) _cumulativeJumps.Add(0);
            return S0;
        }
        double z = Normal.Sample(_rng, 0, 1);
        int jumps = _jumpRate > 0 ? Poisson.Sample(_rng, _jumpRate) : 0;
        double jumpLog = jumps == 0 ? 0
            : jumps * JumpLogMean + Math.Sqrt(jumps) * JumpLogStdDev * Normal.Sample(_rng, 0, 1);
        lock (_cumulativeJumps) _cumulativeJumps.Add(_cumulativeJumps[^1] + jumps);
        return previous * Math.Exp(_logDrift + _logVol * z + jumpLog);
    }
}

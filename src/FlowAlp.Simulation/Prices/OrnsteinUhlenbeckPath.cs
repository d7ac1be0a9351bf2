using MathNet.Numerics.Distributions;
using MathNet.Numerics.Random;

namespace FlowAlp.Simulation.Prices;

/// <summary>
/// Ornstein-Uhlenbeck mean reversion for stablecoins and pegs, dX = κ(θ − X)dt + σ dW, sampled exactly on the grid:
/// X(k+1) = θ + (X(k) − θ)·e^(−κ·dt) + σ·√((1 − e^(−2κ·dt)) / (2κ))·Z.
/// <see cref="Space"/> says what X is: <see cref="OuSpace.Price"/> (default) reverts the price level itself
/// (θ = meanLevel, σ in price units per √year, stationary variance σ²/(2κ)); <see cref="OuSpace.LogPrice"/> reverts
/// the log price (θ = ln meanLevel, σ relative), which keeps the price positive. κ is per year (half-life ln 2 / κ years);
/// κ = 0 is an arithmetic Brownian motion.
/// </summary>
public sealed class OrnsteinUhlenbeckPath : GridPricePath
{
    private readonly MersenneTwister _rng;
    private readonly double _theta, _decay, _shockSd;

    public OrnsteinUhlenbeckPath(double x0, double meanLevel, double reversionSpeedPerYear, double annualVolatility,
        ulong stepSeconds, int seed, OuSpace space = OuSpace.Price)
        : base(stepSeconds)
    {
        PriceConversion.RequirePositive(x0, "x0");
        PriceConversion.RequirePositive(meanLevel, "meanLevel");
        PriceConversion.RequireNonNegative(reversionSpeedPerYear, "reversionSpeedPerYear");
        PriceConversion.RequireNonNegative(annualVolatility, "annualVolatility");
        if (space is not (OuSpace.Price or OuSpace.LogPrice)) throw new ArgumentException("space: unknown OU space");
        X0 = x0; MeanLevel = meanLevel; ReversionSpeedPerYear = reversionSpeedPerYear; AnnualVolatility = annualVolatility;
        Space = space;
        _theta = space == OuSpace.Price ? meanLevel : Math.Log(meanLevel);
        double k = reversionSpeedPerYear, dt = StepYears;
        _decay = Math.Exp(-k * dt);
        _shockSd = annualVolatility * (k == 0 ? Math.Sqrt(dt) : Math.Sqrt(-double.ExpM1(-2 * k * dt) / (2 * k)));
        _rng = new MersenneTwister(seed);
    }

    /// <summary>Start price.</summary>
    public double X0 { get; }
    /// <summary>The long-run price level (in log mode, e^θ: the median of the stationary price).</summary>
    public double MeanLevel { get; }
    public double ReversionSpeedPerYear { get; }
    public double AnnualVolatility { get; }
    public OuSpace Space { get; }

    /// <summary>ln 2 / κ, in years (infinite for κ = 0).</summary>
    public double HalfLifeYears => Math.Log(2) / ReversionSpeedPerYear;

    /// <summary>σ²/(2κ): the stationary variance of X (the price, or the log price in log mode).</summary>
    public double StationaryVariance => AnnualVolatility * AnnualVolatility / (2 * ReversionSpeedPerYear);

    protected override double Generate(int index, double previous)
    {
        if (index == 0) return X0;
        double x = Space == OuSpace.Price ? previous : Math.Log(previous);
        double next = _theta + (x - _theta) * _decay + _shockSd * Normal.Sample(_rng, 0, 1);
        return Space == OuSpace.Price ? next : Math.Exp(next);
    }
}

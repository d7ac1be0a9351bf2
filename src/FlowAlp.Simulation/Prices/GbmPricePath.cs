namespace FlowAlp.Simulation.Prices;

/// <summary>
/// A scenario's geometric Brownian motion price: the grid of <see cref="GbmStepper"/> (seed from
/// <see cref="SeedStreams.Derive"/>), converted with <see cref="PriceConversion.ToUFix64"/> (floored and capped).
/// </summary>
public sealed class GbmPricePath : GridPricePath
{
    private readonly GbmStepper _stepper;

    public GbmPricePath(double s0, double annualDrift, double annualVolatility, ulong stepSeconds, int seed)
        : base(stepSeconds)
    {
        PriceConversion.RequirePositive(s0, "s0");
        PriceConversion.RequireFinite(annualDrift, "annualDrift");
        PriceConversion.RequireNonNegative(annualVolatility, "annualVolatility");
        S0 = s0; AnnualDrift = annualDrift; AnnualVolatility = annualVolatility;
        _stepper = new GbmStepper(annualDrift, annualVolatility, StepYears, seed);
    }

    public double S0 { get; }
    public double AnnualDrift { get; }
    public double AnnualVolatility { get; }

    protected override double Generate(int index, double previous) =>
        index == 0 ? S0 : _stepper.Next(previous);
}

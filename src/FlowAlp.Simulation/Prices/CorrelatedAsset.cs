namespace FlowAlp.Simulation.Prices;

/// <summary>One token of a <see cref="CorrelatedGbm"/>: start price, annualised drift and volatility.</summary>
public sealed record CorrelatedAsset(string Token, double S0, double AnnualDrift, double AnnualVolatility);

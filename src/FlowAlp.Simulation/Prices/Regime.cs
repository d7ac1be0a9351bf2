namespace FlowAlp.Simulation.Prices;

/// <summary>One state of a <see cref="RegimeSwitchingPath"/>: a name and its GBM drift and volatility (annualised).</summary>
public sealed record Regime(string Name, double AnnualDrift, double AnnualVolatility);

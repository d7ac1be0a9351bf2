using FlowAlp.Engine.Oracles;
using FlowAlp.Simulation.Prices;

namespace FlowAlp.Simulation.Scenarios;

/// <summary>
/// A CSV series (daily closes, or any interval) turned into a path at the run's step by a log-space Brownian bridge
/// through every record: it hits each record's price exactly at its time, with intraday noise of
/// <see cref="Volatility"/> (calibrated from the series unless the scenario gives one), seeded from "price:TOKEN".
/// </summary>
public sealed record CsvBridgePrice(double Start, string File, string? Column, IReadOnlyList<PricePin> Pins, double Volatility, bool Calibrated) : PriceSpec(Start)
{
    public override IPricePath Build(string token, ulong runSeed, ulong stepSeconds) => new BrownianBridgePath(Pins, Volatility, stepSeconds, Seed(runSeed, token));
}

using FlowAlp.Actors.Oracles;

namespace FlowAlp.Simulation.Scenarios;

/// <summary>Placeholder until the historical presets land: names the presets and builds their paths.</summary>
internal static class HistoricalPresetPaths
{
    public static IReadOnlyList<string> Names => Array.Empty<string>();
    public static IPricePath Build(string preset, string token, double start, double volatility, ulong stepSeconds, int seed) =>
        throw new ScenarioException("prices", $"unknown preset '{preset}'");
}

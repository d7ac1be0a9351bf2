using FlowAlp.Actors.Oracles;
using FlowAlp.Simulation.Prices;
using FlowAlp.Engine.Oracles;

namespace FlowAlp.Simulation.Scenarios;

/// <summary>A token's path from a historical preset: the preset asset it follows (e.g. BTC), scaled to the token's start price.</summary>
internal static class HistoricalPresetPaths
{
    public static IReadOnlyList<string> Names => HistoricalPresets.All.Select(p => p.Name).ToList();

    public static IPricePath Build(string preset, string token, double start, double volatility, ulong stepSeconds, int seed)
    {
        var p = HistoricalPresets.ByName(preset);
        var pins = p.PinsFor(token, start);
        return new BrownianBridgePath(pins, volatility, stepSeconds, seed);
    }
}

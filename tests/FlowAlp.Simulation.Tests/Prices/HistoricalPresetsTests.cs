using FlowAlp.Actors.Oracles;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Simulation.Prices;
using FlowAlp.Engine.Oracles;

namespace FlowAlp.Simulation.Tests.Prices;

public class HistoricalPresetsTests
{
    private const ulong Step = 60;
    private const double Vol = 0.2;

    private static double[] Sampled(IPricePath path, ulong from, ulong to) =>
        Enumerable.Range(0, (int)((to - from) / Step) + 1)
            .Select(k => path.SampleAt(UFix64.FromInteger(from + (ulong)k * Step))!.Value.Price.ToDouble()).ToArray();

    private static IReadOnlyDictionary<string, IPricePath> Build(HistoricalPreset preset, Dictionary<string, double> start) =>
        preset.Build(start, 2026, Vol, Step);

    [Fact]
    public void BlackThursdayEthHalves()
    {
        var p = HistoricalPresets.BlackThursday2020;
        var paths = Build(p, new() { ["ETH"] = 194, ["BTC"] = 7900, ["MOET"] = 1 });
        double ethMin = Sampled(paths["ETH"], 0, p.DurationSeconds).Min() / 194;
        Assert.InRange(ethMin, 0.5 * 0.99, 0.5 * 1.01);
        Assert.InRange(Sampled(paths["BTC"], 0, p.DurationSeconds).Min() / 7900, 0.49 * 0.99, 0.49 * 1.01);
        Assert.All(Sampled(paths["MOET"], 0, p.DurationSeconds), v => Assert.Equal(1.0, v)); // not in the preset: flat
        Assert.Equal(48 * 3600ul, p.DurationSeconds);
    }

    [Fact]
    public void May19IsVShaped()
    {
        var p = HistoricalPresets.May19Crash2021;
        var paths = Build(p, new() { ["BTC"] = 43000, ["ETH"] = 3400 });
        var btc = Sampled(paths["BTC"], 0, p.DurationSeconds).Select(v => v / 43000).ToArray();
        var eth = Sampled(paths["ETH"], 0, p.DurationSeconds).Select(v => v / 3400).ToArray();
        Assert.InRange(btc.Min(), 0.70 * 0.99, 0.70 * 1.01);
        Assert.InRange(eth.Min(), 0.60 * 0.99, 0.60 * 1.01);
        Assert.True(btc[^1] > 0.84 && eth[^1] > 0.70, "V-shaped recovery");
        int trough = Array.IndexOf(eth, eth.Min());
        Assert.InRange(trough * (double)Step, 12 * 3600, 15 * 3600);
    }

    [Fact]
    public void LunaGoesToAboutZero()
    {
        var p = HistoricalPresets.LunaCollapse2022;
        var paths = Build(p, new() { ["LUNA"] = 64, ["UST"] = 1 });
        var luna = paths["LUNA"];
        Assert.Equal(UFix64.Parse("0.064"), luna.SampleAt(UFix64.FromInteger(p.DurationSeconds))!.Value.Price); // −99.9 % exactly at 72 h
        Assert.Equal(72 * 3600ul, p.DurationSeconds);
        Assert.InRange(Sampled(paths["UST"], 0, p.DurationSeconds).Min(), 0.15 * 0.99, 0.15 * 1.01);
    }

    [Fact]
    public void UsdcDepegsToAbout87CentsForAboutTwoDays()
    {
        var p = HistoricalPresets.UsdcDepeg2023;
        var usdc = Sampled(Build(p, new() { ["USDC"] = 1.0 })["USDC"], 0, p.DurationSeconds);
        Assert.InRange(usdc.Min(), 0.87 * 0.99, 0.87 * 1.01);
        double hoursBelow95 = usdc.Count(v => v < 0.95) * (double)Step / 3600.0;
        Assert.InRange(hoursBelow95, 42, 54);
        Assert.True(usdc[^1] > 0.99);
    }

    [Fact]
    public void August5BtcFalls15PercentInUnderFiveHours()
    {
        var p = HistoricalPresets.August5Crash2024;
        var btc = Sampled(Build(p, new() { ["BTC"] = 58000 })["BTC"], 0, 5 * 3600).Select(v => v / 58000).ToArray();
        Assert.InRange(btc.Min(), 0.85 * 0.99, 0.85 * 1.01);
    }

    [Fact]
    public void October10BtcFalls11PercentWithinTheHour()
    {
        var p = HistoricalPresets.October10Crash2025;
        var btc = Sampled(Build(p, new() { ["BTC"] = 121000 })["BTC"], 0, 3600).Select(v => v / 121000).ToArray();
        Assert.InRange(btc.Min(), 0.89 * 0.99, 0.89 * 1.01);
    }

    [Fact]
    public void FlowExploitDrops40To46Percent()
    {
        var p = HistoricalPresets.FlowExploit2025;
        // A simulation token following FLOW under another name.
        var paths = p.Build(new Dictionary<string, double> { ["stFLOW"] = 0.5 }, 2026, Vol, Step, new Dictionary<string, string> { ["stFLOW"] = "FLOW" });
        var flow = Sampled(paths["stFLOW"], 0, p.DurationSeconds).Select(v => v / 0.5).ToArray();
        Assert.InRange(flow.Min(), 0.54 * 0.99, 0.54 * 1.01);
        Assert.InRange(flow[^1], 0.60 * 0.99, 0.60 * 1.01);
    }

    [Fact]
    public void EveryPresetIsWellFormedAndDeterministic()
    {
        Assert.Equal(7, HistoricalPresets.All.Count);
        Assert.Equal(7, HistoricalPresets.All.Select(p => p.Name).Distinct().Count());
        foreach (var p in HistoricalPresets.All)
        {
            Assert.Same(p, HistoricalPresets.ByName(p.Name.ToUpperInvariant()));
            var start = p.Assets.ToDictionary(a => a, _ => 100.0);
            var a1 = p.Build(start, 1, 0.5, 300);
            var a2 = p.Build(start, 1, 0.5, 300);
            var b = p.Build(start, 2, 0.5, 300);
            foreach (var asset in p.Assets)
            {
                Assert.Equal(Sampled(a1[asset], 0, p.DurationSeconds), Sampled(a2[asset], 0, p.DurationSeconds));
                Assert.NotEqual(Sampled(a1[asset], 0, p.DurationSeconds), Sampled(b[asset], 0, p.DurationSeconds));
                foreach (var pin in p.PinsFor(asset, 100))
                    Assert.Equal(PriceConversion.Nearest(pin.Price), a1[asset].SampleAt(UFix64.FromInteger(pin.TimeSeconds))!.Value.Price);
            }
        }
        Assert.Throws<ArgumentException>(() => HistoricalPresets.ByName("nope"));
        Assert.StartsWith("assetOf[X]:", Assert.Throws<ArgumentException>(() =>
            HistoricalPresets.FlowExploit2025.BuildPins(new Dictionary<string, double> { ["X"] = 1 }, new Dictionary<string, string> { ["X"] = "ETH" })).Message);
    }
}

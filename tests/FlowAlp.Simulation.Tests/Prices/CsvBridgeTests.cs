using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Simulation.Prices;
using FlowAlp.Simulation.Scenarios;
using FlowAlp.Simulation.Tests.Scenarios;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.Random;

namespace FlowAlp.Simulation.Tests.Prices;

/// <summary>
/// A CSV of daily closes with <c>"interpolation": "bridge"</c>: a minute path through every record, with intraday noise at
/// the volatility calibrated from the series (or given), seeded from the price stream.
/// </summary>
public sealed class CsvBridgeTests : IDisposable
{
    private const double TrueVolatility = 0.8;
    private const int Days = 90;
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"csv-bridge-{Guid.NewGuid():N}");

    public CsvBridgeTests() => Directory.CreateDirectory(_dir);
    public void Dispose() => Directory.Delete(_dir, true);

    /// <summary>Daily closes of a GBM at <see cref="TrueVolatility"/> (synthetic, seeded), 2 decimals like a BTC close.</summary>
    internal static string DailyCloses(int days = Days, double start = 100_000, int seed = 5)
    {
        var rng = new MersenneTwister(seed);
        var text = new StringBuilder("timestamp,token,price\n");
        double p = start, dt = 1 / 365.0;
        for (int d = 0; d <= days; d++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{d * 86_400},BTC,{p.ToString("0.00", CultureInfo.InvariantCulture)}\n");
            p *= Math.Exp(-0.5 * TrueVolatility * TrueVolatility * dt + TrueVolatility * Math.Sqrt(dt) * Normal.Sample(rng, 0, 1));
        }
        return text.ToString();
    }

    private Scenario Parse(string csv, string? interpolation = "bridge", double? volatility = null, int seed = 7)
    {
        File.WriteAllText(Path.Combine(_dir, "btc.csv"), csv);
        var root = JsonNode.Parse(TestScenarios.Crash)!;
        var price = new JsonObject { ["process"] = "csv", ["start"] = 1.0, ["file"] = "btc.csv", ["column"] = "BTC" };
        if (interpolation is not null) price["interpolation"] = interpolation;
        if (volatility is not null) price["volatility"] = volatility;
        root["prices"]!["FLOW"] = price;
        root["seed"] = seed;
        return ScenarioParser.Parse(root.ToJsonString(), _dir);
    }

    private static IReadOnlyList<(UFix64 Time, UFix64 Price)> Records(string csv) => CsvPriceReplay.Parse(csv, CsvTimeFormat.Seconds).Replay("BTC").Observations;

    private static double[] Minutes(Scenario s, int days = Days)
    {
        var path = s.Prices["FLOW"].Build("FLOW", s.Seed, 60);
        return Enumerable.Range(0, days * 1440 + 1).Select(k => path.SampleAt(UFix64.FromInteger((ulong)k * 60))!.Value.Price.ToDouble()).ToArray();
    }

    [Fact]
    public void The_volatility_is_calibrated_from_the_series()
    {
        string csv = DailyCloses();
        var spec = Assert.IsType<CsvBridgePrice>(Parse(csv).Prices["FLOW"]);
        Assert.True(spec.Calibrated);
        Assert.Equal(LogReturnVolatility.Annualised(Records(csv)), spec.Volatility);
        Assert.InRange(spec.Volatility, TrueVolatility - 0.2, TrueVolatility + 0.2); // 90 returns: standard error ≈ 0.06
        Assert.Equal(Days + 1, spec.Pins.Count);
    }

    [Fact]
    public void The_path_hits_every_record_exactly_and_moves_between_them()
    {
        string csv = DailyCloses();
        var s = Parse(csv);
        var path = s.Prices["FLOW"].Build("FLOW", s.Seed, 60);
        foreach (var (time, price) in Records(csv)) Assert.Equal(price, path.SampleAt(time)!.Value.Price);
        var m = Minutes(s);
        var records = Records(csv);
        for (int d = 0; d < Days; d++)
        {
            double a = Math.Log(records[d].Price.ToDouble()), b = Math.Log(records[d + 1].Price.ToDouble());
            double away = Enumerable.Range(1, 1439).Max(i => Math.Abs(Math.Log(m[d * 1440 + i]) - (a + (b - a) * i / 1440.0)));
            Assert.True(away > 0.005, $"day {d}: the path stays within {away} of a straight line in log price");
        }
    }

    [Fact]
    public void Minute_returns_have_the_calibrated_volatility()
    {
        var s = Parse(DailyCloses());
        var spec = (CsvBridgePrice)s.Prices["FLOW"];
        double realised = Math.Sqrt(Stats.LogReturns(Minutes(s)).Sum(r => r * r) / (Days / 365.0));
        Assert.InRange(realised, spec.Volatility * 0.97, spec.Volatility * 1.03);
    }

    [Fact]
    public void A_given_volatility_replaces_the_calibration()
    {
        var s = Parse(DailyCloses(), volatility: 0.3);
        var spec = Assert.IsType<CsvBridgePrice>(s.Prices["FLOW"]);
        Assert.Equal((0.3, false), (spec.Volatility, spec.Calibrated));
        double realised = Math.Sqrt(Stats.LogReturns(Minutes(s)).Sum(r => r * r) / (Days / 365.0));
        Assert.InRange(realised, 0.3 * 0.97, 0.3 * 1.05); // the daily moves themselves add (Δ ln p)² ÷ 1440 a day
    }

    [Fact]
    public void The_same_seed_gives_the_same_path_and_another_seed_another()
    {
        string csv = DailyCloses(days: 10);
        Assert.Equal(Minutes(Parse(csv), 10), Minutes(Parse(csv), 10));
        Assert.NotEqual(Minutes(Parse(csv), 10), Minutes(Parse(csv, seed: 8), 10));
    }

    [Fact]
    public void Without_interpolation_the_csv_replays_as_steps_as_before()
    {
        Assert.IsType<CsvPrice>(Parse(DailyCloses(days: 3), interpolation: null).Prices["FLOW"]);
        Assert.IsType<CsvPrice>(Parse(DailyCloses(days: 3), interpolation: "step").Prices["FLOW"]);
        var e = Assert.Throws<ScenarioException>(() => Parse(DailyCloses(days: 3), interpolation: "step", volatility: 0.3));
        Assert.Equal("prices.FLOW.volatility: unknown field", e.Message);
    }

    [Fact]
    public void Uneven_intervals_are_calibrated_per_interval()
    {
        // returns of exactly σ√Δt (alternating sign, no drift) over intervals of 1, 2 and 3 days: σ² = Σ r²/Δt ÷ (n − 1) ≈ σ²
        double sigma = 0.5, p = 100, t = 0;
        var series = new List<(UFix64, UFix64)> { (UFix64.Zero, UFix64.FromDouble(p)) };
        for (int i = 0; i < 600; i++)
        {
            double dt = (1 + i % 3) / 365.0;
            p *= Math.Exp((i % 2 == 0 ? 1 : -1) * sigma * Math.Sqrt(dt));
            t += dt * PriceConversion.SecondsPerYear;
            series.Add((UFix64.FromInteger((ulong)Math.Round(t)), UFix64.FromDouble(Math.Round(p, 8))));
        }
        Assert.InRange(LogReturnVolatility.Annualised(series), sigma * 0.99, sigma * 1.01);
    }
}

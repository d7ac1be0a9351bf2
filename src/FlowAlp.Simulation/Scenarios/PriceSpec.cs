using FlowAlp.Actors.Oracles;
using FlowAlp.Simulation.Prices;
using FlowAlp.Engine.Oracles;

namespace FlowAlp.Simulation.Scenarios;

/// <summary>
/// One token's price process as a scenario declares it. <see cref="Build"/> makes the engine's price path, seeded
/// from the run seed by the stream name "price:TOKEN" (so adding a token does not change another token's prices).
/// Doubles live only here; the oracle converts each sample once to UFix64.
/// </summary>
public abstract record PriceSpec(double Start)
{
    public abstract IPricePath Build(string token, ulong runSeed, ulong stepSeconds);
    protected static int Seed(ulong runSeed, string token) => SeedStreams.Derive(runSeed, $"price:{token}");
}

public sealed record ConstantPrice(double Start) : PriceSpec(Start)
{
    public override IPricePath Build(string token, ulong runSeed, ulong stepSeconds) => new ConstantPath(Protocol.Numerics.UFix64.FromDouble(Start));
}

public sealed record GbmPrice(double Start, double Drift, double Volatility) : PriceSpec(Start)
{
    public override IPricePath Build(string token, ulong runSeed, ulong stepSeconds) => new GbmPricePath(Start, Drift, Volatility, stepSeconds, Seed(runSeed, token));
}

public sealed record JumpPrice(double Start, double Drift, double Volatility, double Intensity, double JumpMean, double JumpStdDev) : PriceSpec(Start)
{
    public override IPricePath Build(string token, ulong runSeed, ulong stepSeconds) =>
        new MertonJumpDiffusionPath(Start, Drift, Volatility, Intensity, JumpMean, JumpStdDev, stepSeconds, Seed(runSeed, token));
}

public sealed record OuPrice(double Start, double Mean, double Speed, double Volatility, OuSpace Space) : PriceSpec(Start)
{
    public override IPricePath Build(string token, ulong runSeed, ulong stepSeconds) =>
        new OrnsteinUhlenbeckPath(Start, Mean, Speed, Volatility, stepSeconds, Seed(runSeed, token), Space);
}

/// <summary>A Brownian bridge through the start price and the pins (seconds from the start, price).</summary>
public sealed record BridgePrice(double Start, double Volatility, IReadOnlyList<PricePin> Pins) : PriceSpec(Start)
{
    public override IPricePath Build(string token, ulong runSeed, ulong stepSeconds) =>
        new BrownianBridgePath(new[] { new PricePin(0, Start) }.Concat(Pins), Volatility, stepSeconds, Seed(runSeed, token));
}

public sealed record RegimePrice(double Start, IReadOnlyList<Regime> Regimes, double[,] Rates, int Initial) : PriceSpec(Start)
{
    public override IPricePath Build(string token, ulong runSeed, ulong stepSeconds) =>
        new RegimeSwitchingPath(Start, Regimes, Rates, Initial, stepSeconds, Seed(runSeed, token));
}

/// <summary>Scripted moves: the start price at 0, then the points (seconds, price), linear or stepwise.</summary>
public sealed record ScriptedPrice(double Start, IReadOnlyList<(double Seconds, double Price)> Points, ScriptedInterpolation Interpolation) : PriceSpec(Start)
{
    public override IPricePath Build(string token, ulong runSeed, ulong stepSeconds) =>
        new ScriptedPath(new[] { (0.0, Start) }.Concat(Points), Interpolation);
}

/// <summary>A CSV series (time, token, price) replayed as a step function, at any step size; read and checked when the scenario is.</summary>
public sealed record CsvPrice(double Start, string File, string? Column, ReplayPath Series) : PriceSpec(Start)
{
    public override IPricePath Build(string token, ulong runSeed, ulong stepSeconds) => Series;
}

/// <summary>A historical crash preset (bridge pins at the published magnitudes), scaled to the start price.</summary>
public sealed record PresetPrice(double Start, string Preset, string Asset, double Volatility) : PriceSpec(Start)
{
    public override IPricePath Build(string token, ulong runSeed, ulong stepSeconds) =>
        HistoricalPresetPaths.Build(Preset, Asset, Start, Volatility, stepSeconds, Seed(runSeed, token));
}

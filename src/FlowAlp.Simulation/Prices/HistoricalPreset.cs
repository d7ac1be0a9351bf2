using FlowAlp.Actors.Oracles;
using FlowAlp.Engine.Oracles;

namespace FlowAlp.Simulation.Prices;

/// <summary>
/// A historical crash shape: per reference asset ("ETH", "BTC", "USDC", ...), pins as fractions of the asset's
/// start price, each list starting at (0, 1.0). <see cref="Build"/> turns it into one <see cref="BrownianBridgePath"/>
/// per simulation token: the token's start price times the fractions of the asset it follows (the token itself, or
/// the asset named for it in <c>assetOf</c>), with log-price noise of the given volatility between the pins. A token
/// that follows no asset of the preset stays flat at its start price (no noise). After the last pin a path holds.
/// </summary>
public sealed class HistoricalPreset
{
    private readonly Dictionary<string, PresetPin[]> _pins;

    public HistoricalPreset(string name, string description, DateTimeOffset startUtc, string primaryAsset,
        IReadOnlyDictionary<string, IReadOnlyList<PresetPin>> pins)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("name: must not be empty");
        ArgumentNullException.ThrowIfNull(description);
        ArgumentNullException.ThrowIfNull(pins);
        if (pins.Count == 0) throw new ArgumentException("pins: at least one asset is needed");
        _pins = new Dictionary<string, PresetPin[]>(StringComparer.Ordinal);
        foreach (var (asset, list) in pins)
        {
            if (list is null || list.Count == 0) throw new ArgumentException($"pins[{asset}]: at least one pin is needed");
            if (list[0].TimeSeconds != 0 || list[0].Fraction != 1.0) throw new ArgumentException($"pins[{asset}][0]: must be (0, 1.0), the start price");
            for (int i = 0; i < list.Count; i++)
            {
                PriceConversion.RequirePositive(list[i].Fraction, $"pins[{asset}][{i}].Fraction");
                if (i > 0 && list[i].TimeSeconds <= list[i - 1].TimeSeconds)
                    throw new ArgumentException($"pins[{asset}][{i}].TimeSeconds: pin times must be strictly increasing");
            }
            _pins[asset] = list.ToArray();
        }
        if (!_pins.ContainsKey(primaryAsset)) throw new ArgumentException($"primaryAsset: '{primaryAsset}' has no pins");
        Name = name; Description = description; StartUtc = startUtc; PrimaryAsset = primaryAsset;
        DurationSeconds = _pins.Values.Max(p => p[^1].TimeSeconds);
    }

    public string Name { get; }
    public string Description { get; }
    /// <summary>The (approximate) wall-clock moment time 0 stands for; informative only.</summary>
    public DateTimeOffset StartUtc { get; }
    /// <summary>The asset the preset is about (the headline move).</summary>
    public string PrimaryAsset { get; }
    /// <summary>The last pin time over all assets.</summary>
    public ulong DurationSeconds { get; }
    public IReadOnlyList<string> Assets => _pins.Keys.Order(StringComparer.Ordinal).ToArray();
    public IReadOnlyDictionary<string, IReadOnlyList<PresetPin>> Pins => _pins.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<PresetPin>)kv.Value);

    /// <summary>The lowest fraction of <paramref name="asset"/>'s pins (the published trough).</summary>
    public double TroughFraction(string asset) => PinsOf(asset).Min(p => p.Fraction);

    /// <summary>Bridge pins for <paramref name="asset"/> from <paramref name="startPrice"/>.</summary>
    public IReadOnlyList<PricePin> PinsFor(string asset, double startPrice)
    {
        PriceConversion.RequirePositive(startPrice, "startPrice");
        return PinsOf(asset).Select(p => new PricePin(p.TimeSeconds, startPrice * p.Fraction)).ToArray();
    }

    /// <summary>
    /// Bridge pins per token: <paramref name="startPrices"/> by token; <paramref name="assetOf"/> maps a token to the
    /// preset asset it follows (default: the asset of the same name); a token following no asset gets flat pins
    /// [(0, start), (duration, start)].
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<PricePin>> BuildPins(IReadOnlyDictionary<string, double> startPrices,
        IReadOnlyDictionary<string, string>? assetOf = null)
    {
        ArgumentNullException.ThrowIfNull(startPrices);
        var result = new Dictionary<string, IReadOnlyList<PricePin>>(StringComparer.Ordinal);
        foreach (var (token, start) in startPrices)
        {
            PriceConversion.RequirePositive(start, $"startPrices[{token}]");
            string asset = assetOf is not null && assetOf.TryGetValue(token, out var a) ? a : token;
            if (assetOf is not null && assetOf.ContainsKey(token) && !_pins.ContainsKey(asset))
                throw new ArgumentException($"assetOf[{token}]: '{asset}' is not an asset of preset {Name} ({string.Join(", ", Assets)})");
            result[token] = _pins.ContainsKey(asset)
                ? PinsFor(asset, start)
                : [new PricePin(0, start), new PricePin(DurationSeconds, start)];
        }
        return result;
    }

    /// <summary>
    /// One price path per token (see <see cref="BuildPins"/>): a <see cref="BrownianBridgePath"/> with
    /// <paramref name="annualVolatility"/> log noise between pins and its seed from
    /// <see cref="SeedStreams.Derive"/>(runSeed, "preset:{Name}:{token}"); flat tokens get no noise.
    /// </summary>
    public IReadOnlyDictionary<string, IPricePath> Build(IReadOnlyDictionary<string, double> startPrices, ulong runSeed,
        double annualVolatility, ulong stepSeconds, IReadOnlyDictionary<string, string>? assetOf = null)
    {
        PriceConversion.RequireNonNegative(annualVolatility, "annualVolatility");
        PriceConversion.RequireStep(stepSeconds);
        var paths = new Dictionary<string, IPricePath>(StringComparer.Ordinal);
        foreach (var (token, pins) in BuildPins(startPrices, assetOf))
        {
            string asset = assetOf is not null && assetOf.TryGetValue(token, out var a) ? a : token;
            double vol = _pins.ContainsKey(asset) ? annualVolatility : 0;
            paths[token] = new BrownianBridgePath(pins, vol, stepSeconds, SeedStreams.Derive(runSeed, $"preset:{Name}:{token}"));
        }
        return paths;
    }

    private PresetPin[] PinsOf(string asset) =>
        _pins.TryGetValue(asset, out var p) ? p : throw new ArgumentException($"asset: '{asset}' is not an asset of preset {Name} ({string.Join(", ", Assets)})");
}

namespace FlowAlp.Simulation.Prices;

/// <summary>
/// Stylised historical crash shapes for stress runs, as <see cref="HistoricalPreset"/> pins (fractions of the start
/// price) per reference asset. The pins follow the published headline magnitudes and rough timing (UTC); they are
/// scenario shapes, not tick data — replay real ticks with <see cref="CsvPriceReplay"/>.
/// </summary>
public static class HistoricalPresets
{
    private const ulong Minute = 60, Hour = 3600;
    private static ulong H(double hours) => (ulong)Math.Round(hours * Hour);

    private static IReadOnlyList<PresetPin> P(params (double Hours, double Fraction)[] points) =>
        points.Select(p => new PresetPin(H(p.Hours), p.Fraction)).ToArray();

    /// <summary>12–13 Mar 2020 ("Black Thursday"): ETH ≈ −50 % at the trough (≈ $194 → ≈ $90 early 13 Mar), BTC ≈ −51 %; partial rebound.</summary>
    public static HistoricalPreset BlackThursday2020 { get; } = new(
        "black-thursday-2020",
        "12-13 Mar 2020: ETH halves within ~26 h (trough 13 Mar ~02:00 UTC), BTC -51 %; MakerDAO zero-bid auctions during gas congestion.",
        new DateTimeOffset(2020, 3, 12, 0, 0, 0, TimeSpan.Zero), "ETH",
        new Dictionary<string, IReadOnlyList<PresetPin>>
        {
            ["ETH"] = P((0, 1.0), (8, 0.93), (13, 0.80), (16, 0.68), (21, 0.62), (24, 0.58), (26, 0.50), (29, 0.60), (36, 0.66), (48, 0.70)),
            ["BTC"] = P((0, 1.0), (8, 0.96), (13, 0.84), (16, 0.76), (24, 0.62), (26, 0.49), (29, 0.63), (36, 0.68), (48, 0.71)),
        });

    /// <summary>19 May 2021: BTC ≈ −30 % and ETH ≈ −40 % by ~13:30 UTC, V-shaped recovery the same afternoon.</summary>
    public static HistoricalPreset May19Crash2021 { get; } = new(
        "may-19-2021",
        "19 May 2021: BTC -30 % and ETH -40 % intraday (trough ~13:30 UTC), V-shaped recovery to about -14 % / -27 % by the close.",
        new DateTimeOffset(2021, 5, 19, 0, 0, 0, TimeSpan.Zero), "ETH",
        new Dictionary<string, IReadOnlyList<PresetPin>>
        {
            ["BTC"] = P((0, 1.0), (6, 0.95), (11, 0.86), (12.5, 0.80), (13.5, 0.70), (14.5, 0.80), (17, 0.86), (24, 0.86)),
            ["ETH"] = P((0, 1.0), (6, 0.93), (11, 0.80), (12.5, 0.72), (13.5, 0.60), (14.5, 0.72), (17, 0.75), (24, 0.73)),
        });

    /// <summary>9–12 May 2022: LUNA −99.9 % over three days as UST loses its peg (UST to ≈ $0.15).</summary>
    public static HistoricalPreset LunaCollapse2022 { get; } = new(
        "luna-2022",
        "9-12 May 2022: LUNA (collateral) goes to ~0, -99.9 % over ~72 h, while UST depegs in waves to ~$0.15.",
        new DateTimeOffset(2022, 5, 9, 0, 0, 0, TimeSpan.Zero), "LUNA",
        new Dictionary<string, IReadOnlyList<PresetPin>>
        {
            ["LUNA"] = P((0, 1.0), (12, 0.80), (24, 0.47), (36, 0.40), (48, 0.15), (60, 0.02), (72, 0.001)),
            ["UST"] = P((0, 1.0), (12, 0.95), (20, 0.70), (30, 0.93), (42, 0.60), (54, 0.30), (72, 0.15)),
        });

    /// <summary>10–13 Mar 2023: USDC depegs after SVB (low ≈ $0.87 on 11 Mar), ≈ 48 h below $0.95, repegs after the 12 Mar backstop.</summary>
    public static HistoricalPreset UsdcDepeg2023 { get; } = new(
        "usdc-depeg-2023",
        "10-13 Mar 2023: USDC ($3.3 bn at SVB) trades ~$0.87-0.92 for ~48 h from early 11 Mar, back to ~$0.99 on 13 Mar; DAI follows.",
        new DateTimeOffset(2023, 3, 10, 0, 0, 0, TimeSpan.Zero), "USDC",
        new Dictionary<string, IReadOnlyList<PresetPin>>
        {
            ["USDC"] = P((0, 1.0), (18, 0.999), (24, 0.99), (26, 0.95), (29, 0.90), (31, 0.87), (36, 0.89), (48, 0.91), (60, 0.90),
                (73, 0.92), (74, 0.95), (76, 0.975), (82, 0.985), (96, 0.998)),
            ["DAI"] = P((0, 1.0), (24, 0.995), (26, 0.96), (31, 0.897), (36, 0.91), (48, 0.93), (60, 0.92), (73, 0.94), (74, 0.97),
                (82, 0.99), (96, 0.999)),
        });

    /// <summary>5 Aug 2024 (yen carry unwind): BTC −15 % in under 5 h, ETH ≈ −22 %.</summary>
    public static HistoricalPreset August5Crash2024 { get; } = new(
        "aug-5-2024",
        "5 Aug 2024: BTC -15 % and ETH -22 % within ~4.5 h of the Asian open, partial recovery by the close.",
        new DateTimeOffset(2024, 8, 5, 0, 0, 0, TimeSpan.Zero), "BTC",
        new Dictionary<string, IReadOnlyList<PresetPin>>
        {
            ["BTC"] = P((0, 1.0), (2, 0.95), (4.5, 0.85), (6, 0.88), (12, 0.91), (24, 0.94)),
            ["ETH"] = P((0, 1.0), (2, 0.92), (4.5, 0.78), (6, 0.82), (12, 0.86), (24, 0.90)),
        });

    /// <summary>10 Oct 2025 (tariff shock, record liquidations): BTC −11 % within the hour, ETH ≈ −20 %.</summary>
    public static HistoricalPreset October10Crash2025 { get; } = new(
        "oct-10-2025",
        "10 Oct 2025 evening (UTC): BTC -11 % and ETH -20 % within 55 minutes amid record liquidations, partial rebound.",
        new DateTimeOffset(2025, 10, 10, 20, 30, 0, TimeSpan.Zero), "BTC",
        new Dictionary<string, IReadOnlyList<PresetPin>>
        {
            ["BTC"] = [new(0, 1.0), new(20 * Minute, 0.985), new(55 * Minute, 0.89), new(2 * Hour, 0.93), new(6 * Hour, 0.925), new(12 * Hour, 0.93)],
            ["ETH"] = [new(0, 1.0), new(20 * Minute, 0.975), new(55 * Minute, 0.80), new(2 * Hour, 0.87), new(6 * Hour, 0.88), new(12 * Hour, 0.89)],
        });

    /// <summary>27 Dec 2025 FLOW exploit: FLOW −46 % at the intraday trough, −40 % at the close, while the chain was halted.</summary>
    public static HistoricalPreset FlowExploit2025 { get; } = new(
        "flow-exploit-2025",
        "27 Dec 2025: FLOW -40 to -46 % intraday on off-chain markets while the Flow chain was halted (on-chain oracles frozen; pair with a halt window).",
        new DateTimeOffset(2025, 12, 27, 0, 0, 0, TimeSpan.Zero), "FLOW",
        new Dictionary<string, IReadOnlyList<PresetPin>>
        {
            ["FLOW"] = P((0, 1.0), (2, 0.95), (4, 0.78), (6, 0.62), (8, 0.54), (12, 0.57), (18, 0.60), (24, 0.60)),
        });

    /// <summary>Every preset, in date order.</summary>
    public static IReadOnlyList<HistoricalPreset> All { get; } =
        [BlackThursday2020, May19Crash2021, LunaCollapse2022, UsdcDepeg2023, August5Crash2024, October10Crash2025, FlowExploit2025];

    /// <summary>The preset named <paramref name="name"/> (case-insensitive), e.g. "black-thursday-2020".</summary>
    public static HistoricalPreset ByName(string name) =>
        All.FirstOrDefault(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"name: unknown preset '{name}' (known: {string.Join(", ", All.Select(p => p.Name))})");
}

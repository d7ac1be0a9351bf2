using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Simulation.Prices;

/// <summary>The single double → UFix64 crossing of the price processes.</summary>
public static class PriceConversion
{
    /// <summary>The smallest price a process reports (one UFix64 unit).</summary>
    public const double MinPrice = 1e-8;

    /// <summary>
    /// The largest price a process reports: a random path that explodes (or reaches +∞) is held here instead of
    /// overflowing UFix64 (184,467,440,737), so such a run ends with a report, not a crash.
    /// </summary>
    public const double MaxPrice = 1e9;

    /// <summary>Seconds in the 365-day year that annualised rates and volatilities refer to.</summary>
    public const double SecondsPerYear = 365.0 * 24 * 3600;

    /// <summary>Floors the price at <see cref="MinPrice"/> (NaN included), caps it at <see cref="MaxPrice"/> and converts it once with <see cref="UFix64.FromDouble"/>.</summary>
    public static UFix64 ToUFix64(double price)
    {
        if (double.IsNaN(price) || price < MinPrice) price = MinPrice;
        if (price > MaxPrice) price = MaxPrice;
        return UFix64.FromDouble(price);
    }

    /// <summary>
    /// The reference market's conversion (<see cref="GbmPath"/>): floored at <see cref="MinPrice"/> but not capped, then
    /// <see cref="UFix64.FromDouble"/>. Equal to <see cref="ToUFix64"/> for every price up to <see cref="MaxPrice"/>.
    /// </summary>
    public static UFix64 FloorOnly(double price) => UFix64.FromDouble(Math.Max(price, MinPrice));

    /// <summary>
    /// A decimal price given as a double (e.g. a pin 0.87) to the nearest UFix64, so a value with at most 8
    /// decimals comes back exactly (FromDouble truncates, and 0.87 * 1e8 is 86999999.99999999 in binary).
    /// </summary>
    public static UFix64 Nearest(double price)
    {
        if (double.IsNaN(price) || price < MinPrice) price = MinPrice;
        if (price > MaxPrice) price = MaxPrice;
        return UFix64.FromRaw((ulong)Math.Round(price * UFix64.Scale, MidpointRounding.AwayFromZero));
    }

    internal static void RequireFinite(double value, string field)
    {
        if (!double.IsFinite(value)) throw new ArgumentException($"{field}: must be a finite number");
    }

    internal static void RequirePositive(double value, string field)
    {
        if (!double.IsFinite(value) || value <= 0) throw new ArgumentException($"{field}: must be a finite number > 0");
    }

    internal static void RequireNonNegative(double value, string field)
    {
        if (!double.IsFinite(value) || value < 0) throw new ArgumentException($"{field}: must be a finite number >= 0");
    }

    internal static void RequireStep(ulong stepSeconds)
    {
        if (stepSeconds == 0) throw new ArgumentException("stepSeconds: must be > 0");
    }
}

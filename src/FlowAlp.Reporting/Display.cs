using System.Globalization;
using System.Text;

namespace FlowAlp.Reporting;

/// <summary>
/// How keys and values are shown on the HTML pages and plots: human labels for camelCase keys, a unit per known metric,
/// and exact decimals rounded for reading. Display only: the data files (CSV, JSON) keep the exact values.
/// </summary>
public static class Display
{
    /// <summary>The largest UFix128, the health the protocol gives a position with no debt.</summary>
    public const string UFix128Max = "340282366920938.463463374607431768211455";

    /// <summary>Shown instead of <see cref="UFix128Max"/> (or anything as large) where a health is shown.</summary>
    public const string NoDebt = "no debt";

    /// <summary>Labels that word splitting would get wrong or that carry their unit in the key.</summary>
    private static readonly Dictionary<string, string> Known = new(StringComparer.Ordinal)
    {
        ["durationHours"] = "Duration (h)",
        ["stepSeconds"] = "Step (s)",
        ["eventLogSha256"] = "Event log SHA-256",
        ["badDebtMaxDuring"] = "Bad debt, max during (MOET)",
        ["badDebtAddedDuring"] = "Bad debt added during (MOET)",
        ["badDebtFinal"] = "Bad debt, final (MOET)",
        ["badDebtMax"] = "Bad debt, max (MOET)",
        ["moetSupplyFinal"] = "MOET supply, final (MOET)",
        ["insuranceFund"] = "Insurance fund (MOET)",
        ["rebalancerFees"] = "Rebalancer fees (MOET)",
        ["rebalancerFeesPerPosition"] = "Rebalancer fees per position (MOET)",
        ["lowestHealthP5"] = "Lowest health, 5th percentile",
        ["maxPositionsBelowOne"] = "Most positions below health 1 at once",
        ["positionsBelowOne"] = "Positions below health 1",
        ["secondsToNoneBelowOne"] = "Time to none below health 1 (s)",
        ["secondsToTargetHealth"] = "Time to target health (s)",
        ["fromSeconds"] = "From (s)",
        ["untilSeconds"] = "Until (s)",
        ["t"] = "Time (s)",
        ["survivalRate"] = "Survival rate",
        ["liquidationOffersRejected"] = "Liquidation offers rejected",
    };

    /// <summary>Axis units of the summary's metrics (for bar charts); the last dotted part decides, statistics suffixes skipped.</summary>
    private static readonly Dictionary<string, string> Units = new(StringComparer.Ordinal)
    {
        ["survivalRate"] = "share of positions, 0–1",
        ["positions"] = "positions",
        ["liquidatedPositions"] = "positions",
        ["liquidations"] = "liquidations",
        ["rebalances"] = "rebalances",
        ["rebalancerFees"] = "MOET",
        ["rebalancerFeesPerPosition"] = "MOET per position",
        ["finalHealthMin"] = "health factor",
        ["finalHealthMedian"] = "health factor",
        ["badDebtMax"] = "MOET",
        ["badDebtFinal"] = "MOET",
        ["moetSupplyFinal"] = "MOET",
        ["insuranceFund"] = "MOET",
    };

    private static readonly HashSet<string> StatisticParts = ["mean", "median", "min", "max", "ci95Low", "ci95High", "value"];

    /// <summary>"liquidatedPositions" → "Liquidated positions"; "populations.passive.survivalRate.mean" → "passive: survival rate, mean".</summary>
    public static string Label(string key)
    {
        if (string.IsNullOrEmpty(key)) return key;
        if (Known.TryGetValue(key, out string? known)) return known;
        if (key.Contains(' ')) return char.ToUpperInvariant(key[0]) + key[1..]; // already words
        if (key.Contains('.'))
        {
            var parts = key.Split('.').Where(p => p != "populations").ToList();
            string? stat = parts.Count > 1 && StatisticParts.Contains(parts[^1]) ? parts[^1] : null;
            if (stat is not null) parts.RemoveAt(parts.Count - 1);
            string metric = Words(parts[^1]);
            // the leading parts name things (a population, a token): kept as written
            string head = parts.Count > 1 ? string.Join(" ", parts.Take(parts.Count - 1)) + ": " + metric : Capital(metric);
            return stat is null ? head : head + ", " + Words(stat);
        }
        return Capital(Words(key));
    }

    /// <summary>The unit of a metric for an axis label, or null when it is not a known one.</summary>
    public static string? Unit(string metric)
    {
        var parts = metric.Split('.');
        int i = parts.Length - 1;
        while (i > 0 && StatisticParts.Contains(parts[i])) i--;
        return Units.TryGetValue(parts[i], out string? u) ? u : null;
    }

    /// <summary>Whether a value shown under this key (or row label) is a health factor.</summary>
    public static bool IsHealth(string? context) => context is not null && context.Contains("health", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// A number as shown to a reader: zero as "0"; integers with thousands separators; |v| ≥ 1000 to 2 decimals;
    /// |v| ≥ 1 to 4 decimals; smaller values to 4 significant digits (trailing zeros dropped). A health at or above
    /// 10^14 (the protocol's UFix128 maximum for a position without debt) is "no debt".
    /// </summary>
    public static string Number(string exact, string? context = null)
    {
        if (!TimeSeries.TryParse(exact, out double v)) return exact;
        if (IsHealth(context) && v >= 1e14) return NoDebt;
        if (v == 0) return "0";
        bool integer = !exact.Contains('.') && !exact.Contains('e') && !exact.Contains('E');
        double a = Math.Abs(v);
        var c = CultureInfo.InvariantCulture;
        if (integer) return a >= 10_000 ? v.ToString("#,0", c) : v.ToString("0", c);
        if (a >= 1e15) return v.ToString("0.###E+0", c);
        if (a >= 1000) return v.ToString("#,0.##", c);
        if (a >= 1) return v.ToString("0.####", c);
        if (a < 1e-6) return v.ToString("0.###E+0", c);
        int decimals = Math.Min(15, 3 - (int)Math.Floor(Math.Log10(a))); // 4 significant digits
        return Math.Round(v, decimals, MidpointRounding.AwayFromZero).ToString("0." + new string('#', decimals), c);
    }

    /// <summary>Legend names for a plot's columns: a prefix every column shares ("health_p5", "health_p50") is dropped.</summary>
    public static IReadOnlyList<string> LegendNames(IReadOnlyList<string> columns)
    {
        int us = columns.Count > 1 ? columns[0].IndexOf('_') : -1;
        string prefix = us > 0 ? columns[0][..(us + 1)] : "";
        bool shared = prefix.Length > 0 && columns.All(c => c.StartsWith(prefix, StringComparison.Ordinal) && c.Length > prefix.Length);
        return columns.Select(c => shared ? c[prefix.Length..] : Label(c.Replace('_', ' '))).ToList();
    }

    /// <summary>camelCase → lower-case words; a trailing "Bps" becomes "(bps)"; runs of capitals (FLOW, MOET) stay.</summary>
    private static string Words(string key)
    {
        var sb = new StringBuilder(key.Length + 8);
        for (int i = 0; i < key.Length; i++)
        {
            char ch = key[i];
            bool upper = char.IsUpper(ch);
            bool acronym = upper && ((i + 1 < key.Length && char.IsUpper(key[i + 1])) || (i > 0 && char.IsUpper(key[i - 1])));
            if (i > 0 && upper && !char.IsUpper(key[i - 1])) sb.Append(' '); // a new word, or an acronym's start
            sb.Append(upper && !acronym ? char.ToLowerInvariant(ch) : ch);
        }
        string s = sb.ToString();
        return s.EndsWith(" bps", StringComparison.Ordinal) ? s[..^4] + " (bps)" : s;
    }

    private static string Capital(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}

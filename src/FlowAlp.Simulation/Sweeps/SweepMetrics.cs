using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FlowAlp.Simulation.Sweeps;

/// <summary>One number of a run's summary: its path in summary.json, its value, and its text as the summary prints it (exact decimals).</summary>
public sealed record SweepMetric(string Name, double Value, string Text);

/// <summary>
/// The numbers a sweep compares, taken from each run's in-memory summary: every numeric leaf under
/// <c>populations</c> and <c>totals</c>, named by its path (<c>populations.hightide.rebalancerFeesPerPosition</c>,
/// <c>totals.badDebtMax</c>), nested objects included. A leaf counts whether the summary holds it as a JSON number or
/// as a string of an exact decimal, so new per-population aggregates are swept without naming them here; flags,
/// text, nulls and arrays are not metrics.
/// </summary>
public static class SweepMetrics
{
    /// <summary>The sections of summary.json whose numbers are metrics.</summary>
    public static readonly IReadOnlyList<string> Sections = ["populations", "totals"];

    public static IReadOnlyList<SweepMetric> Of(JsonObject summary)
    {
        var result = new List<SweepMetric>();
        foreach (string section in Sections)
            if (summary[section] is JsonObject o) Walk(o, section, result);
        return result;
    }

    private static void Walk(JsonObject node, string path, List<SweepMetric> into)
    {
        foreach (var (key, value) in node)
        {
            string name = $"{path}.{key}";
            if (value is JsonObject child) Walk(child, name, into);
            else if (value is JsonValue leaf && TryNumber(leaf, out double v, out string text)) into.Add(new SweepMetric(name, v, text));
        }
    }

    /// <summary>A JSON number, or a string holding a finite number (the summary's exact decimals); anything else is not a metric.</summary>
    public static bool TryNumber(JsonValue leaf, out double value, out string text)
    {
        value = 0;
        text = "";
        switch (leaf.GetValueKind())
        {
            case JsonValueKind.Number:
                text = leaf.ToJsonString();
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
            case JsonValueKind.String:
                text = leaf.GetValue<string>();
                return double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out value)
                    && double.IsFinite(value);
            default:
                return false;
        }
    }

    /// <summary>The summary's populations that are not LPs (an LP has no debt: its survival and fees are constants).</summary>
    public static IReadOnlyList<string> Borrowers(JsonObject summary) =>
        summary["populations"] is JsonObject pops ? pops.Where(p => p.Value?["kind"]?.ToString() != "lp").Select(p => p.Key).ToList() : [];

    /// <summary>A metric's name for people: "hightide: rebalancerFeesPerPosition", "totals: badDebtMax".</summary>
    public static string Label(string name)
    {
        if (name.StartsWith("populations.", StringComparison.Ordinal))
        {
            string rest = name["populations.".Length..];
            int dot = rest.IndexOf('.');
            return dot < 0 ? rest : $"{rest[..dot]}: {rest[(dot + 1)..]}";
        }
        int first = name.IndexOf('.');
        return first < 0 ? name : $"{name[..first]}: {name[(first + 1)..]}";
    }
}

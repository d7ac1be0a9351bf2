using System.Text.Json;
using FlowAlp.Simulation.Scenarios;

namespace FlowAlp.Simulation.Chaos;

/// <summary>
/// What a fault kind's parse method reads from: its JSON object (strict: every value typed and range-checked, errors
/// "faults[i].field: reason") and what the scenario already declared (its tokens and populations), so a fault is
/// checked once, where it is read.
/// </summary>
internal sealed class FaultReader(JsonReader json, string kind, ulong duration, ISet<string> tokens, IReadOnlyList<PopulationSpec> populations)
{
    /// <summary>The fault's window in seconds (0: none given).</summary>
    public ulong Duration => duration;

    public bool Has(string field) => json.Has(field);
    public ScenarioException Error(string field, string reason) => json.Error(field, reason);
    public string OneOf(string field, string fallback, params string[] allowed) => json.OneOf(field, fallback, allowed);
    public double Double(string field, double? fallback = null, double min = double.NegativeInfinity, double max = double.PositiveInfinity) =>
        json.Double(field, fallback, min, max);
    public long Integer(string field, long? fallback = null, long min = long.MinValue, long max = long.MaxValue) => json.Integer(field, fallback, min, max);

    /// <summary>A token of the pool ("token").</summary>
    public string Token()
    {
        string token = json.String("token");
        if (!tokens.Contains(token)) throw json.Error("token", $"'{token}' is not a token of the pool");
        return token;
    }

    /// <summary>The population the fault selects from ("population", optional: null is every borrower).</summary>
    public string? Population()
    {
        if (!json.Has("population")) return null;
        string population = json.String("population");
        if (populations.All(p => p.Name != population && !p.Name.StartsWith(population + "/", StringComparison.Ordinal))) // a profile mix is named as a whole or by profile
            throw json.Error("population", $"no population '{population}'");
        return population;
    }

    /// <summary>For kinds that only make sense over a window: "durationHours" must be given.</summary>
    public void RequireDuration()
    {
        if (duration == 0) throw json.Error("durationHours", $"a {kind} needs a duration");
    }
}

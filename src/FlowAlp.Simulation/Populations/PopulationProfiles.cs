using System.Text.Json;
using System.Text.Json.Nodes;
using FlowAlp.Simulation.Scenarios;

namespace FlowAlp.Simulation.Populations;

/// <summary>
/// A population declared as a mix of risk profiles (<c>"profiles": [{name, share, …overrides}]</c>) becomes one
/// population per profile, named POPULATION/PROFILE, with the population's fields overlaid by the profile's (its
/// <c>health</c> merged bound by bound) and the population's count split by the shares (largest remainder). Each part
/// is then an ordinary population: its own seed stream ("population:POPULATION/PROFILE"), its own rows in the results.
/// A profile whose share rounds to no agents is left out.
/// </summary>
internal static class PopulationProfiles
{
    public const int MaxProfiles = 64;
    private const double ShareTolerance = 1e-5; // three shares of 0.33333 are a third each
    private static readonly HashSet<string> Fixed = ["name", "count", "kind", "profiles"];

    public static IEnumerable<PopulationSpec> Expand(JsonElement e, string path, string baseDir, Func<JsonElement, string, PopulationSpec> parse)
    {
        e = EmpiricalFiles.Inline(e, path, baseDir);
        if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty("profiles", out var list)) return [parse(e, path)];
        if (list.ValueKind == JsonValueKind.Null) return [parse(Without(e, "profiles"), path)]; // an explicit null is read as absent, as elsewhere
        var p = new JsonReader(e, path);
        if (p.OneOf("kind", "borrower", "borrower", "lp") == "lp") throw p.Error("profiles", "are for borrowers, not LPs");
        string name = p.String("name");
        int count = (int)p.Integer("count", min: 1, max: ScenarioLimits.MaxPopulationCount);
        var profiles = p.Array("profiles", minCount: 1, maxCount: MaxProfiles).Select(x => Profile(x.Item, x.Path)).ToList();
        var dup = profiles.GroupBy(x => x.Name).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null) throw p.Error("profiles", $"name '{dup.Key}' is used twice");
        double sum = profiles.Sum(x => x.Share);
        if (Math.Abs(sum - 1) > ShareTolerance) throw p.Error("profiles", $"shares must add up to 1, got {sum.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}");
        var counts = LargestRemainder.Split(count, profiles.Select(x => x.Share).ToList());

        var parts = new List<PopulationSpec>();
        for (int i = 0; i < profiles.Count; i++)
        {
            if (counts[i] == 0) continue;
            var merged = Overlay(e, profiles[i].Overrides, counts[i]);
            using var doc = JsonDocument.Parse(merged.ToJsonString());
            parts.Add(parse(doc.RootElement.Clone(), $"{path}.profiles[{i}]") with { Name = $"{name}/{profiles[i].Name}" });
        }
        return parts;
    }

    private static JsonElement Without(JsonElement e, string field)
    {
        var o = JsonNode.Parse(e.GetRawText())!.AsObject();
        o.Remove(field);
        using var doc = JsonDocument.Parse(o.ToJsonString());
        return doc.RootElement.Clone();
    }

    private sealed record ProfileSpec(string Name, double Share, JsonObject Overrides);

    private static ProfileSpec Profile(JsonElement e, string path)
    {
        var q = new JsonReader(e, path);
        string name = q.String("name");
        if (name.Length > ScenarioLimits.MaxNameLength) throw q.Error("name", $"must be at most {ScenarioLimits.MaxNameLength} characters");
        if (!name.All(ch => char.IsLetterOrDigit(ch) || ch is '-' or '_')) throw q.Error("name", "use letters, digits, '-' and '_' only");
        double share = q.Double("share", min: 0, max: 1);
        if (share <= 0) throw q.Error("share", "must be greater than 0");
        var overrides = new JsonObject();
        foreach (var prop in e.EnumerateObject())
        {
            if (prop.Name is "name" or "share" or "comment" or "description") continue;
            if (Fixed.Contains(prop.Name)) throw q.Error(prop.Name, "is the population's, not a profile's (a profile's agents are its share of the population's count)");
            overrides[prop.Name] = JsonNode.Parse(prop.Value.GetRawText());
        }
        return new ProfileSpec(name, share, overrides);
    }

    /// <summary>The population without its profiles, the count set to the profile's part, and the profile's fields over it (health merged).</summary>
    private static JsonObject Overlay(JsonElement population, JsonObject overrides, int count)
    {
        var o = JsonNode.Parse(population.GetRawText())!.AsObject();
        o.Remove("profiles");
        o["count"] = count;
        foreach (var (key, value) in overrides)
        {
            if (key == "health" && o["health"] is JsonObject baseHealth && value is JsonObject health)
                foreach (var (bound, v) in health) baseHealth[bound] = v?.DeepClone();
            else o[key] = value?.DeepClone();
        }
        return o;
    }
}

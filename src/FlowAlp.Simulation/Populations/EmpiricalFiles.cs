using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using FlowAlp.Simulation.Scenarios;

namespace FlowAlp.Simulation.Populations;

/// <summary>
/// An empirical distribution may read its values from a file: <c>{"dist": "empirical", "file": "sizes.csv"}</c> (relative to
/// the scenario), one value a line with an optional weight after a comma, an optional header <c>value</c> or
/// <c>value,weight</c>, blank lines and <c>#</c> comments skipped. Before a population is parsed, every such object in it
/// (its profiles included) gets the file's <c>values</c> (and <c>weights</c>) in place of <c>file</c>, so the
/// distribution reader checks them as if written inline. Errors name the file and line.
/// </summary>
internal static class EmpiricalFiles
{
    public const long MaxBytes = 16 * 1024 * 1024;

    /// <summary>The population unchanged when it names no file (the common case: no copy), else with every file read in.</summary>
    public static JsonElement Inline(JsonElement population, string path, string baseDir)
    {
        if (!population.GetRawText().Contains("\"file\"", StringComparison.Ordinal)) return population;
        var node = JsonNode.Parse(population.GetRawText())!;
        Walk(node, path, baseDir);
        using var doc = JsonDocument.Parse(node.ToJsonString());
        return doc.RootElement.Clone();
    }

    private static void Walk(JsonNode? node, string path, string baseDir)
    {
        switch (node)
        {
            case JsonObject o:
                if (o["dist"] is JsonValue d && d.GetValueKind() == JsonValueKind.String && d.GetValue<string>() == "empirical" && o.ContainsKey("file"))
                {
                    Read(o, path, baseDir);
                    return;
                }
                foreach (var (key, value) in o.ToList()) Walk(value, $"{path}.{key}", baseDir);
                break;
            case JsonArray a:
                for (int i = 0; i < a.Count; i++) Walk(a[i], $"{path}[{i}]", baseDir);
                break;
        }
    }

    private static void Read(JsonObject o, string path, string baseDir)
    {
        if (o.ContainsKey("values") || o.ContainsKey("weights")) throw new ScenarioException($"{path}.file", "give values (and weights) or a file, not both");
        if (o["file"] is not JsonValue f || f.GetValueKind() != JsonValueKind.String || string.IsNullOrWhiteSpace(f.GetValue<string>()))
            throw new ScenarioException($"{path}.file", "must be a non-empty string");
        string file = f.GetValue<string>();
        string full = Path.IsPathRooted(file) ? file : Path.Combine(baseDir, file);
        string text = InputFile.ReadText(full, MaxBytes, reason => new ScenarioException($"{path}.file", reason));
        var values = new JsonArray();
        var weights = new JsonArray();
        int columns = 0;
        using var reader = new StringReader(text);
        foreach (var (line, fields, first) in Prices.CsvRecords.Read(reader))
        {
            if (first && fields[0].Equals("value", StringComparison.OrdinalIgnoreCase)) continue;
            string Fail(string reason) => $"{full}:{line}: {reason}";
            if (fields.Length > 2) throw new ScenarioException($"{path}.file", Fail($"expected value or value,weight, got {fields.Length} fields"));
            if (columns == 0) columns = fields.Length;
            else if (fields.Length != columns) throw new ScenarioException($"{path}.file", Fail($"every line must have {columns} field{(columns == 1 ? "" : "s")} (as the first one)"));
            if (values.Count == DistributionReader.MaxEmpiricalValues) throw new ScenarioException($"{path}.file", Fail($"more than {DistributionReader.MaxEmpiricalValues:N0} values"));
            values.Add(Number(fields[0], "value", Fail, path));
            if (columns == 2)
            {
                double w = Number(fields[1], "weight", Fail, path);
                if (w <= 0) throw new ScenarioException($"{path}.file", Fail($"weight: must be greater than 0, got {fields[1]}"));
                weights.Add(w);
            }
        }
        if (values.Count == 0) throw new ScenarioException($"{path}.file", $"{full}: no values");
        o.Remove("file");
        o["values"] = values;
        if (columns == 2) o["weights"] = weights;
    }

    private static double Number(string text, string field, Func<string, string> fail, string path)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v)) return v;
        throw new ScenarioException($"{path}.file", fail($"{field}: '{text}' is not a number"));
    }
}

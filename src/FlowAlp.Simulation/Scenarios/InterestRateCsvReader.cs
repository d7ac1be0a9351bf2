using System.Text.Json;
using System.Text.Json.Nodes;
using FlowAlp.Simulation.Prices;

namespace FlowAlp.Simulation.Scenarios;

/// <summary>
/// Reads every <c>tokens[i].interestCurve</c> of kind <c>csv</c> (<c>file</c>, optional <c>timeFormat</c>) when the
/// scenario is read, and puts a fixed curve at the file's first rate in its place, so the protocol-script reader sees
/// the pool it opens with; the whole path is returned for the run to apply. Errors name the file and line.
/// </summary>
internal static class InterestRateCsvReader
{
    public static JsonNode Inline(JsonNode tokens, string baseDir, List<InterestRatePath> into)
    {
        if (tokens is not JsonArray list) return tokens; // the script reader says what is wrong with it
        for (int i = 0; i < list.Count; i++)
        {
            if (list[i] is not JsonObject token || token["interestCurve"] is not JsonObject curve || curve["kind"]?.GetValueKind() != JsonValueKind.String
                || curve["kind"]!.GetValue<string>() != "csv")
                continue;
            string symbol = token["symbol"]?.GetValueKind() == JsonValueKind.String ? token["symbol"]!.GetValue<string>() : $"tokens[{i}]";
            using var doc = JsonDocument.Parse(curve.ToJsonString());
            var c = new JsonReader(doc.RootElement, $"tokens[{i}].interestCurve");
            c.String("kind");
            string file = c.String("file");
            string full = Path.IsPathRooted(file) ? file : Path.Combine(baseDir, file);
            var format = c.OneOf("timeFormat", "seconds", "seconds", "unix", "iso8601") switch
            {
                "unix" => CsvTimeFormat.Unix,
                "iso8601" => CsvTimeFormat.Iso8601,
                _ => CsvTimeFormat.Seconds,
            };
            c.Done();
            string text = InputFile.ReadText(full, ScenarioLimits.MaxCsvBytes, reason => c.Error("file", reason));
            IReadOnlyList<(Protocol.Numerics.UFix64 Time, Protocol.Numerics.UFix64 Rate)> records;
            try { records = InterestRateCsv.Parse(text, format, ScenarioLimits.MaxCsvRecords); }
            catch (FormatException e) { throw c.Error("file", FileLine(full, e.Message)); }
            into.Add(new InterestRatePath(symbol, full, records));
            token["interestCurve"] = new JsonObject { ["kind"] = "fixed", ["yearlyRate"] = records[0].Rate.ToString() };
        }
        return tokens;
    }

    /// <summary>The tokens section as JSON text with every csv curve as its opening fixed curve (for a script of the same pool).</summary>
    public static string Inline(JsonElement tokens, string baseDir) => Inline(JsonNode.Parse(tokens.GetRawText())!, baseDir, []).ToJsonString();

    /// <summary>"line 7: rate: …" as "FILE:7: rate: …" (as price files say it).</summary>
    private static string FileLine(string file, string message)
    {
        var m = System.Text.RegularExpressions.Regex.Match(message, @"^line (\d+): (.*)$");
        return m.Success ? $"{file}:{m.Groups[1].Value}: {m.Groups[2].Value}" : $"{file}: {message}";
    }
}

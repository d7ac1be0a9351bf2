using System.Globalization;
using System.Text.Json.Nodes;
using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Simulation.Reports;

/// <summary>
/// summary.json's numbers: JSON numbers carrying the exact decimal text (the protocol's 8- or 24-decimal values as it
/// prints them; derived figures as System.Decimal prints them). A reader that wants them exact parses them as decimals
/// (Python: json.loads(text, parse_float=decimal.Decimal)); a double reader gets the nearest double.
/// A health of a position that owes nothing is the text "no debt", never the UFix128 maximum.
/// </summary>
public static class JsonNumbers
{
    public const string NoDebt = "no debt";

    public static JsonNode Of(UFix64 v) => Raw(v.ToString());
    public static JsonNode Of(UFix128 v) => Raw(v.ToString());
    public static JsonNode Of(decimal v) => Raw(v.ToString(CultureInfo.InvariantCulture));
    public static JsonNode? Of(decimal? v) => v is { } x ? Of(x) : null;

    /// <summary>A health value, or "no debt" where there is none (null) or it is the UFix128 maximum.</summary>
    public static JsonNode Health(UFix128? h) => h is { } x && x != UFix128.Max ? Of(x) : JsonValue.Create(NoDebt);
    public static JsonNode Health(decimal? h) => h is { } x ? Of(x) : JsonValue.Create(NoDebt);

    /// <summary>A JSON number node whose text is written exactly as given (a parsed element keeps its raw text), less trailing zeros.</summary>
    private static JsonNode Raw(string text) => JsonNode.Parse(Trim(text))!;

    /// <summary>"30.45000000" → "30.45", "0.000…" → "0": the same value, shorter.</summary>
    public static string Trim(string text) => !text.Contains('.') ? text : text.TrimEnd('0').TrimEnd('.');
}

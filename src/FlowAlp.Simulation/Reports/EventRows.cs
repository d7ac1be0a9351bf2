using System.Globalization;
using System.Text.Json;

namespace FlowAlp.Simulation.Reports;

/// <summary>
/// Reads <c>events.jsonl</c> (written by the engine's event log) line by line into <see cref="EventRow"/>s, streamed:
/// the file is the source of truth and is only read, so the Parquet copy cannot change the log or its SHA-256.
/// A line that is not the log's shape is an <see cref="InvalidDataException"/> naming the file and line.
/// </summary>
public static class EventRows
{
    public static IEnumerable<EventRow> Read(string path, ulong stepSeconds)
    {
        string name = Path.GetFileName(path);
        using var reader = new StreamReader(path, new System.Text.UTF8Encoding(false), detectEncodingFromByteOrderMarks: false, 1 << 16);
        long line = 0;
        while (reader.ReadLine() is { } text)
        {
            line++;
            EventRow row;
            try { row = Parse(text, stepSeconds); }
            catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or KeyNotFoundException or OverflowException)
            {
                throw new InvalidDataException($"{name}:{line}: not an event-log line ({e.Message})");
            }
            yield return row;
        }
    }

    internal static EventRow Parse(string line, ulong stepSeconds)
    {
        using var doc = JsonDocument.Parse(line);
        var root = doc.RootElement;
        var e = root.GetProperty("event");
        double time = Number(root.GetProperty("t"));
        return new EventRow
        {
            Seq = root.GetProperty("seq").GetInt64(),
            Time = time,
            // block times are whole seconds; the step is the one whose block the event happened in
            Step = (long)Math.Floor(time / stepSeconds),
            Type = e.GetProperty("type").GetString() ?? throw new FormatException("the event's type is null"),
            Position = OptionalLong(e, "position"),
            Token = OptionalString(e, "token"),
            Amount = OptionalNumber(e, "amount"),
            Rebalancer = OptionalLong(e, "rebalancer"),
            Rebalanced = OptionalBool(e, "rebalanced"),
            AtHealth = OptionalNumber(e, "atHealth"),
            FromUnder = OptionalBool(e, "fromUnder"),
            DebtToken = OptionalString(e, "debtToken"),
            RepayAmount = OptionalNumber(e, "repayAmount"),
            SeizeToken = OptionalString(e, "seizeToken"),
            SeizeAmount = OptionalNumber(e, "seizeAmount"),
            NewHealth = OptionalNumber(e, "newHealth"),
            Liquidator = OptionalString(e, "liquidator"),
            Reason = OptionalString(e, "reason"),
            Event = e.GetRawText(),
        };
    }

    /// <summary>A decimal the log writes as an exact string ("12.50000000") or, for counts, as a JSON number.</summary>
    private static double Number(JsonElement v) => v.ValueKind == JsonValueKind.Number
        ? v.GetDouble()
        : double.Parse(v.GetString() ?? throw new FormatException("a number is null"), NumberStyles.Float, CultureInfo.InvariantCulture);

    private static bool Field(JsonElement e, string key, out JsonElement v) => e.TryGetProperty(key, out v) && v.ValueKind != JsonValueKind.Null;

    private static double? OptionalNumber(JsonElement e, string key) => Field(e, key, out var v) ? Number(v) : null;
    private static long? OptionalLong(JsonElement e, string key) => Field(e, key, out var v) ? v.GetInt64() : null;
    private static bool? OptionalBool(JsonElement e, string key) => Field(e, key, out var v) ? v.GetBoolean() : null;
    private static string? OptionalString(JsonElement e, string key) => Field(e, key, out var v) ? v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText() : null;
}

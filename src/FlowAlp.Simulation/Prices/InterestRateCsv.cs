using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Simulation.Prices;

/// <summary>
/// Parses an interest-rate path: "time,rate" one a line (time in the <see cref="CsvTimeFormat"/> given, as for price
/// files; rate a yearly rate, an exact decimal from 0 to 1). An optional header "timestamp,rate" or "time,rate" may come
/// first; blank lines and lines starting with '#' are skipped; fields are trimmed. Times increase strictly; with Unix or
/// ISO-8601 times the first record is time 0. A bad line throws <see cref="FormatException"/> "line N: field: reason".
/// </summary>
public static class InterestRateCsv
{
    public static IReadOnlyList<(UFix64 Time, UFix64 Rate)> Parse(string text, CsvTimeFormat format, int maxRecords = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(text);
        var rows = new List<(int Line, decimal Time, string TimeText, UFix64 Rate)>();
        using var reader = new StringReader(text);
        foreach (var (lineNumber, fields, first) in CsvRecords.Read(reader))
        {
            if (first && fields.Length == 2 && fields[0].ToLowerInvariant() is "timestamp" or "time" && fields[1].Equals("rate", StringComparison.OrdinalIgnoreCase)) continue;
            if (fields.Length != 2) throw new FormatException($"line {lineNumber}: expected 2 fields timestamp,rate, got {fields.Length}");
            if (rows.Count == maxRecords) throw new FormatException($"line {lineNumber}: more than {maxRecords:N0} rate records");
            rows.Add((lineNumber, CsvTime.Parse(fields[0], format, lineNumber), fields[0], Rate(fields[1], lineNumber)));
        }
        if (rows.Count == 0) throw new FormatException("line 0: timestamp: no rate records");
        decimal origin = format == CsvTimeFormat.Seconds ? 0 : rows[0].Time;
        var records = new List<(UFix64 Time, UFix64 Rate)>(rows.Count);
        foreach (var (line, abs, timeText, rate) in rows)
        {
            var time = CsvTime.Relative(abs - origin, timeText, line);
            if (records.Count > 0 && time <= records[^1].Time)
                throw new FormatException($"line {line}: timestamp: {timeText} is not after the previous record (timestamps must increase)");
            if (records.Count == 0 && !time.IsZero)
                throw new FormatException($"line {line}: timestamp: the first rate is at {time} s after the start; the path must start at time 0 (the rate the pool opens with){(format == CsvTimeFormat.Seconds ? "; for Unix or ISO-8601 times set timeFormat" : "")}");
            records.Add((time, rate));
        }
        return records;
    }

    private static UFix64 Rate(string text, int line)
    {
        if (text.StartsWith('-')) throw new FormatException($"line {line}: rate: must not be negative, got '{text}'");
        if (!UFix64.TryParse(text, out var rate, out _)) throw new FormatException($"line {line}: rate: '{text}' is not a decimal yearly rate (such as 0.05, at most 8 decimal places)");
        if (rate > UFix64.One) throw new FormatException($"line {line}: rate: {text} is above 1 (100 % a year, the most a fixed curve allows)");
        return rate;
    }
}

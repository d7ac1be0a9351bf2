using System.Globalization;
using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Simulation.Prices;

/// <summary>The time column of a CSV price file, read as a decimal number of seconds in the <see cref="CsvTimeFormat"/> given.</summary>
internal static class CsvTime
{
    public static decimal Parse(string text, CsvTimeFormat format, int line)
    {
        if (format == CsvTimeFormat.Iso8601)
        {
            if (text.Length < 10 || text[4] != '-' ||
                !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
                throw new FormatException($"line {line}: timestamp: '{text}' is not an ISO-8601 date-time such as 2021-05-19T12:00:00Z");
            return (at.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / (decimal)TimeSpan.TicksPerSecond;
        }
        if (decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal seconds)) return seconds;
        string hint = format == CsvTimeFormat.Seconds && text.Length >= 10 && text[4] == '-'
            ? " (an ISO-8601 time? set the price's timeFormat to iso8601)"
            : format == CsvTimeFormat.Seconds ? " of seconds from the start" : " of Unix epoch seconds";
        throw new FormatException($"line {line}: timestamp: '{text}' is not a non-negative number{hint}");
    }

    /// <summary>Seconds from the run's start as an exact UFix64 (at most 8 decimals, below the UFix64 limit).</summary>
    public static UFix64 Relative(decimal seconds, string text, int line)
    {
        if (seconds < 0) throw new FormatException($"line {line}: timestamp: '{text}' is before the start");
        if (UFix64.TryParse(seconds.ToString("0.############################", CultureInfo.InvariantCulture), out var v, out var problem)) return v;
        throw new FormatException($"line {line}: timestamp: '{text}' is not a valid time ({problem})");
    }
}

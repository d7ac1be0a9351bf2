using System.Globalization;
using FlowAlp.Actors.Oracles;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Engine.Oracles;

namespace FlowAlp.Simulation.Prices;

/// <summary>
/// Parses price records "time,token,price", one a line. The time column is in the <see cref="CsvTimeFormat"/> given:
/// seconds from the start of the run (non-negative decimal, at most 8 decimals; the default), Unix epoch seconds or
/// ISO-8601 date-times (both taken relative to the file's earliest record, which becomes time 0). Times are strictly
/// increasing per token (tokens may interleave); price a positive decimal (at most 8 decimals are kept exactly; other
/// forms such as 1e-3 go through a double). An optional header line "timestamp,token,price" may come first; blank lines and lines starting with '#' are skipped; fields are trimmed. A bad line throws
/// <see cref="FormatException"/> "line N: field: reason". Each token replays as a <see cref="ReplayPath"/>.
/// </summary>
public sealed class CsvPriceReplay
{
    private readonly Dictionary<string, ReplayPath> _paths;
    private readonly Dictionary<string, int> _firstLine;

    private CsvPriceReplay(Dictionary<string, ReplayPath> paths, Dictionary<string, int> firstLine) => (_paths, _firstLine) = (paths, firstLine);

    public IReadOnlyList<string> Tokens => _paths.Keys.Order(StringComparer.Ordinal).ToArray();

    public IReadOnlyDictionary<string, IPricePath> Paths => _paths.ToDictionary(kv => kv.Key, kv => (IPricePath)kv.Value, StringComparer.Ordinal);

    public IPricePath PathFor(string token) =>
        _paths.TryGetValue(token, out var p) ? p : throw new ArgumentException($"token: '{token}' has no records in this replay");

    /// <summary>The token's series (it must have records: see <see cref="Tokens"/>).</summary>
    public ReplayPath Replay(string token) => _paths[token];

    /// <summary>The line of the token's first record.</summary>
    public int LineOf(string token) => _firstLine[token];

    public static CsvPriceReplay Load(string filePath, bool observedAtRecordTime = false)
    {
        using var reader = new StreamReader(filePath);
        return Parse(reader, observedAtRecordTime);
    }

    public static CsvPriceReplay Parse(string text, bool observedAtRecordTime = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        using var reader = new StringReader(text);
        return Parse(reader, observedAtRecordTime);
    }

    public static CsvPriceReplay Parse(string text, CsvTimeFormat format, int maxRecords = int.MaxValue, double maxPrice = double.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(text);
        using var reader = new StringReader(text);
        return Parse(reader, false, format, maxRecords, maxPrice);
    }

    public static CsvPriceReplay Parse(TextReader reader, bool observedAtRecordTime = false, CsvTimeFormat format = CsvTimeFormat.Seconds, int maxRecords = int.MaxValue,
        double maxPrice = double.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var rows = new List<(int Line, decimal Time, string TimeText, string Token, UFix64 Price)>();
        foreach (var (lineNumber, fields, first) in CsvRecords.Read(reader))
        {
            if (first && IsHeader(fields)) continue;
            if (fields.Length != 3)
                throw new FormatException($"line {lineNumber}: expected 3 fields timestamp,token,price, got {fields.Length}");
            if (rows.Count == maxRecords) throw new FormatException($"line {lineNumber}: more than {maxRecords:N0} price records");
            decimal time = CsvTime.Parse(fields[0], format, lineNumber);
            string token = fields[1];
            if (token.Length == 0) throw new FormatException($"line {lineNumber}: token: empty");
            var price = ParsePrice(fields[2], lineNumber);
            if (price.ToDouble() > maxPrice) throw new FormatException($"line {lineNumber}: price: '{fields[2]}' is above the limit of {maxPrice:R}");
            rows.Add((lineNumber, time, fields[0], token, price));
        }
        if (rows.Count == 0) throw new FormatException("line 0: timestamp: no price records");

        // an absolute format counts from the file's earliest record; seconds-from-start are taken as they are
        decimal origin = format == CsvTimeFormat.Seconds ? 0 : rows.Min(r => r.Time);
        var records = new Dictionary<string, List<(UFix64 Time, UFix64 Price)>>(StringComparer.Ordinal);
        var firstLine = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (line, abs, text, token, price) in rows)
        {
            var time = CsvTime.Relative(abs - origin, text, line);
            if (!records.TryGetValue(token, out var list)) { records[token] = list = new(); firstLine[token] = line; }
            if (list.Count > 0 && time <= list[^1].Time)
                throw new FormatException($"line {line}: timestamp: {text} is not after the previous {token} record (timestamps must increase per token)");
            list.Add((time, price));
        }
        return new CsvPriceReplay(records.ToDictionary(kv => kv.Key, kv => new ReplayPath(kv.Value, observedAtRecordTime), StringComparer.Ordinal), firstLine);
    }

    private static bool IsHeader(string[] fields) =>
        fields.Length == 3
        && fields[0].Equals("timestamp", StringComparison.OrdinalIgnoreCase)
        && fields[1].Equals("token", StringComparison.OrdinalIgnoreCase)
        && fields[2].Equals("price", StringComparison.OrdinalIgnoreCase);
    private static UFix64 ParsePrice(string text, int lineNumber)
    {
        if (UFix64.TryParse(text, out var exact, out _))
        {
            if (exact.IsZero) throw new FormatException($"line {lineNumber}: price: must be > 0, got '{text}'");
            return exact;
        }
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && double.IsFinite(d))
        {
            if (d <= 0) throw new FormatException($"line {lineNumber}: price: must be > 0, got '{text}'");
            if (d >= 1.8e11) throw new FormatException($"line {lineNumber}: price: '{text}' exceeds the UFix64 range");
            return PriceConversion.ToUFix64(d);
        }
        throw new FormatException($"line {lineNumber}: price: '{text}' is not a number");
    }
}

using System.Globalization;
using FlowAlp.Actors.Oracles;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Engine.Oracles;

namespace FlowAlp.Simulation.Prices;

/// <summary>
/// Parses price records "timestamp,token,price", one a line: timestamp in seconds from the start of the run
/// (non-negative decimal, at most 8 decimals), strictly increasing per token (tokens may interleave); price a
/// positive decimal (at most 8 decimals are kept exactly; other forms such as 1e-3 go through a double). An optional
/// header line "timestamp,token,price" may come first; blank lines and lines starting with '#' are skipped; fields
/// are trimmed. A bad line throws <see cref="FormatException"/> "line N: field: reason". Each token replays as a
/// <see cref="ReplayPath"/>.
/// </summary>
public sealed class CsvPriceReplay
{
    private readonly Dictionary<string, ReplayPath> _paths;

    private CsvPriceReplay(Dictionary<string, ReplayPath> paths) => _paths = paths;

    public IReadOnlyList<string> Tokens => _paths.Keys.Order(StringComparer.Ordinal).ToArray();

    public IReadOnlyDictionary<string, IPricePath> Paths => _paths.ToDictionary(kv => kv.Key, kv => (IPricePath)kv.Value, StringComparer.Ordinal);

    public IPricePath PathFor(string token) =>
        _paths.TryGetValue(token, out var p) ? p : throw new ArgumentException($"token: '{token}' has no records in this replay");

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

    public static CsvPriceReplay Parse(TextReader reader, bool observedAtRecordTime = false)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var records = new Dictionary<string, List<(UFix64 Time, UFix64 Price)>>(StringComparer.Ordinal);
        bool sawContent = false;
        int lineNumber = 0;
        for (string? line = reader.ReadLine(); line != null; line = reader.ReadLine())
        {
            lineNumber++;
            string trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed.StartsWith('#')) continue;
            string[] fields = trimmed.Split(',').Select(f => f.Trim()).ToArray();
            bool first = !sawContent;
            sawContent = true;
            if (first && IsHeader(fields)) continue;
            if (fields.Length != 3)
                throw new FormatException($"line {lineNumber}: expected 3 fields timestamp,token,price, got {fields.Length}");

            if (!UFix64.TryParse(fields[0], out var time, out var timeError))
                throw new FormatException($"line {lineNumber}: timestamp: '{fields[0]}' is not a non-negative number of seconds ({timeError})");
            string token = fields[1];
            if (token.Length == 0) throw new FormatException($"line {lineNumber}: token: empty");
            var price = ParsePrice(fields[2], lineNumber);

            if (!records.TryGetValue(token, out var list)) records[token] = list = new();
            if (list.Count > 0 && time <= list[^1].Time)
                throw new FormatException($"line {lineNumber}: timestamp: {fields[0]} is not after the previous {token} record at {list[^1].Time} (timestamps must increase per token)");
            list.Add((time, price));
        }
        if (records.Count == 0) throw new FormatException("line 0: timestamp: no price records");
        return new CsvPriceReplay(records.ToDictionary(kv => kv.Key, kv => new ReplayPath(kv.Value, observedAtRecordTime), StringComparer.Ordinal));
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

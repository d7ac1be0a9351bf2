using System.Globalization;
using System.Text;
using System.Text.Json;

namespace FlowAlp.Simulation.Reports;

/// <summary>
/// Reads <c>events.jsonl</c> (written by the engine's event log) into <see cref="EventRow"/>s, streamed: the file is the
/// source of truth and is only read, so the Parquet copy cannot change the log or its SHA-256. Lines are read as UTF-8
/// bytes in blocks and parsed with a forward-only <see cref="Utf8JsonReader"/>, the lines of a block side by side and
/// the next block while the caller consumes this one; rows come out in the file's order. A line that is not the log's
/// shape is an <see cref="InvalidDataException"/> naming the file and line, thrown when the caller reaches that line.
/// </summary>
public static class EventRows
{
    /// <summary>Bytes read per block (a block is cut at its last line end; a longer line grows it).</summary>
    private const int BlockBytes = 4 << 20;

    public static IEnumerable<EventRow> Read(string path, ulong stepSeconds)
    {
        string name = Path.GetFileName(path);
        using var blocks = new LineBlocks(path);
        Task<Parsed>? pending = blocks.Next() is { } first ? Task.Run(() => Parse(first, stepSeconds)) : null;
        while (pending is not null)
        {
            Parsed parsed = pending.GetAwaiter().GetResult();
            pending = blocks.Next() is { } next ? Task.Run(() => Parse(next, stepSeconds)) : null;
            for (int i = 0; i < parsed.Rows.Length; i++)
            {
                if (parsed.Errors[i] is { } e) throw new InvalidDataException($"{name}:{parsed.FirstLine + i}: not an event-log line ({e.Message})");
                yield return parsed.Rows[i];
            }
        }
    }

    private sealed record Parsed(long FirstLine, EventRow[] Rows, Exception?[] Errors);

    private static Parsed Parse(LineBlocks.Block block, ulong stepSeconds)
    {
        var rows = new EventRow[block.Lines.Count];
        var errors = new Exception?[block.Lines.Count];
        Parallel.For(0, rows.Length, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            var (start, length) = block.Lines[i];
            try { rows[i] = Parse(block.Bytes.AsSpan(start, length), stepSeconds); }
            catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or KeyNotFoundException or OverflowException)
            {
                errors[i] = e;
            }
        });
        return new Parsed(block.FirstLine, rows, errors);
    }

    /// <summary>One line: <c>{"seq":…,"t":…,"event":{"type":…,…}}</c>; the event object is kept as its exact text.</summary>
    internal static EventRow Parse(ReadOnlySpan<byte> line, ulong stepSeconds)
    {
        var r = new Utf8JsonReader(line, new JsonReaderOptions { AllowMultipleValues = false });
        Expect(ref r, JsonTokenType.StartObject);
        long? seq = null;
        double? time = null;
        EventRow? row = null;
        while (Next(ref r) == JsonTokenType.PropertyName)
        {
            if (r.ValueTextEquals("seq"u8)) { Next(ref r); seq = r.GetInt64(); }
            else if (r.ValueTextEquals("t"u8)) { Next(ref r); time = Number(ref r); }
            else if (r.ValueTextEquals("event"u8)) row = Event(ref r, line);
            else { Next(ref r); r.Skip(); }
        }
        if (r.TokenType != JsonTokenType.EndObject) throw new FormatException("the line is not one JSON object");
        if (r.Read()) throw new JsonException("more than one JSON value on the line");
        if (row is null) throw new KeyNotFoundException("the line has no \"event\"");
        row.Seq = seq ?? throw new KeyNotFoundException("the line has no \"seq\"");
        double t = time ?? throw new KeyNotFoundException("the line has no \"t\"");
        row.Time = t;
        // block times are whole seconds; the step is the one whose block the event happened in
        row.Step = (long)Math.Floor(t / stepSeconds);
        return row;
    }

    /// <summary>The event object: its typed fields, and its exact text.</summary>
    private static EventRow Event(ref Utf8JsonReader r, ReadOnlySpan<byte> line)
    {
        Expect(ref r, JsonTokenType.StartObject);
        int start = (int)r.TokenStartIndex;
        var e = new EventRow();
        string? type = null;
        while (Next(ref r) == JsonTokenType.PropertyName)
        {
            if (r.ValueTextEquals("type"u8)) { Next(ref r); type = r.GetString() ?? throw new FormatException("the event's type is null"); }
            else if (r.ValueTextEquals("position"u8)) e.Position = OptionalLong(ref r);
            else if (r.ValueTextEquals("token"u8)) e.Token = OptionalString(ref r, line);
            else if (r.ValueTextEquals("amount"u8)) e.Amount = OptionalNumber(ref r);
            else if (r.ValueTextEquals("rebalancer"u8)) e.Rebalancer = OptionalLong(ref r);
            else if (r.ValueTextEquals("rebalanced"u8)) e.Rebalanced = OptionalBool(ref r);
            else if (r.ValueTextEquals("atHealth"u8)) e.AtHealth = OptionalNumber(ref r);
            else if (r.ValueTextEquals("fromUnder"u8)) e.FromUnder = OptionalBool(ref r);
            else if (r.ValueTextEquals("debtToken"u8)) e.DebtToken = OptionalString(ref r, line);
            else if (r.ValueTextEquals("repayAmount"u8)) e.RepayAmount = OptionalNumber(ref r);
            else if (r.ValueTextEquals("seizeToken"u8)) e.SeizeToken = OptionalString(ref r, line);
            else if (r.ValueTextEquals("seizeAmount"u8)) e.SeizeAmount = OptionalNumber(ref r);
            else if (r.ValueTextEquals("newHealth"u8)) e.NewHealth = OptionalNumber(ref r);
            else if (r.ValueTextEquals("liquidator"u8)) e.Liquidator = OptionalString(ref r, line);
            else if (r.ValueTextEquals("reason"u8)) e.Reason = OptionalString(ref r, line);
            else { Next(ref r); r.Skip(); }
        }
        e.Type = type ?? throw new KeyNotFoundException("the event has no \"type\"");
        e.Event = Encoding.UTF8.GetString(line[start..(int)r.BytesConsumed]);
        return e;
    }

    private static JsonTokenType Next(ref Utf8JsonReader r) => r.Read() ? r.TokenType : throw new JsonException("the line ends inside a JSON value");

    private static void Expect(ref Utf8JsonReader r, JsonTokenType type)
    {
        if (Next(ref r) != type) throw new InvalidOperationException($"expected {type}, found {r.TokenType}");
    }

    /// <summary>A decimal the log writes as an exact string ("12.50000000") or, for counts, as a JSON number.</summary>
    private static double Number(ref Utf8JsonReader r) => r.TokenType == JsonTokenType.Number
        ? r.GetDouble()
        : double.Parse(r.GetString() ?? throw new FormatException("a number is null"), NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>Moves to the field's value; false when it is null (the field is then as absent).</summary>
    private static bool Value(ref Utf8JsonReader r) => Next(ref r) != JsonTokenType.Null;

    private static double? OptionalNumber(ref Utf8JsonReader r) => Value(ref r) ? Number(ref r) : null;
    private static long? OptionalLong(ref Utf8JsonReader r) => Value(ref r) ? r.GetInt64() : null;
    private static bool? OptionalBool(ref Utf8JsonReader r) => Value(ref r) ? r.GetBoolean() : null;

    /// <summary>A string field as text; any other value (a number, an object) as its JSON text.</summary>
    private static string? OptionalString(ref Utf8JsonReader r, ReadOnlySpan<byte> line)
    {
        if (!Value(ref r)) return null;
        if (r.TokenType == JsonTokenType.String) return r.GetString();
        int start = (int)r.TokenStartIndex;
        r.Skip();
        return Encoding.UTF8.GetString(line[start..(int)r.BytesConsumed]);
    }

    /// <summary>The file in blocks of whole lines ("\n"-terminated; a "\r" before it is dropped), numbered from 1.</summary>
    private sealed class LineBlocks(string path) : IDisposable
    {
        private readonly FileStream _file = new(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        private byte[] _carry = [];
        private long _line = 1;

        public sealed record Block(long FirstLine, byte[] Bytes, List<(int Start, int Length)> Lines);

        public Block? Next()
        {
            byte[] buffer = new byte[Math.Max(BlockBytes, _carry.Length * 2)];
            _carry.CopyTo(buffer, 0);
            int filled = _carry.Length;
            bool end = false;
            while (true)
            {
                while (filled < buffer.Length)
                {
                    int n = _file.Read(buffer, filled, buffer.Length - filled);
                    if (n == 0) { end = true; break; }
                    filled += n;
                }
                if (end || buffer.AsSpan(0, filled).LastIndexOf((byte)'\n') >= 0) break;
                Array.Resize(ref buffer, buffer.Length * 2); // one line longer than the block
            }
            int cut = end ? filled : buffer.AsSpan(0, filled).LastIndexOf((byte)'\n') + 1;
            _carry = buffer.AsSpan(cut, filled - cut).ToArray();
            if (cut == 0) return null;
            var lines = new List<(int, int)>();
            for (int at = 0; at < cut;)
            {
                int nl = buffer.AsSpan(at, cut - at).IndexOf((byte)'\n');
                int stop = nl < 0 ? cut : at + nl;
                int length = stop - at;
                if (length > 0 && buffer[stop - 1] == '\r') length--;
                lines.Add((at, length));
                at = stop + 1;
            }
            var block = new Block(_line, buffer, lines);
            _line += lines.Count;
            return block;
        }

        public void Dispose() => _file.Dispose();
    }
}

using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text;
using System.Text.Json.Nodes;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Scripting;

namespace FlowAlp.Actors.Pool;

/// <summary>
/// Where the event log goes: kept in memory (tests, small runs) and/or streamed to a JSON Lines file (long and large
/// runs, where keeping every line would cost more memory than the positions). The SHA-256 is always kept.
/// </summary>
public sealed record EventLogOptions(bool Retain = true, string? File = null, bool CollectSteps = false);

/// <summary>
/// The engine's event log: every committed protocol event and every engine event (rebalancer runs, rejected offers),
/// one JSON line each with the block time and a sequence number, in the supervisor's canonical order. The running
/// SHA-256 is the run's fingerprint: equal hashes mean byte-identical logs.
/// </summary>
public sealed class EventLogWriter(EventLogOptions? options = null) : IDisposable
{
    private static readonly byte[] NewLine = { (byte)'\n' };
    private readonly List<string> _lines = new();
    private readonly bool _retain = options?.Retain ?? true;
    private readonly List<string>? _step = options?.CollectSteps == true ? new() : null;
    private readonly FileStream? _file = options?.File is { } path ? new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16) : null;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    // each line is written once, as UTF-8, into this buffer, then hashed, streamed and (if asked) kept as a string;
    // the bytes are exactly JsonObject.ToJsonString()'s (same writer, same default encoder)
    private readonly ArrayBufferWriter<byte> _buffer = new(512);
    private readonly Utf8JsonWriter _writer = new(Stream.Null);
    private long _seq;

    public int Count => (int)_seq;
    /// <summary>The lines kept in memory (all of them, unless the options say not to retain them).</summary>
    public IReadOnlyList<string> Lines => _lines;
    public bool Retains => _retain;

    public void Append(UFix64 time, JsonObject @event)
    {
        BeginLine(time);
        @event.WriteTo(_writer);
        EndLine();
    }

    public void AppendProtocol(UFix64 time, IEnumerable<object> events)
    {
        foreach (var e in events) Append(time, ScriptOutput.Event(e));
    }

    /// <summary>An engine event: <paramref name="type"/> plus fields, in the script output's shape.</summary>
    public void AppendEngine(UFix64 time, string type, params (string Key, JsonNode? Value)[] fields)
    {
        BeginLine(time);
        _writer.WriteStartObject();
        _writer.WriteString("type", type);
        foreach (var (k, v) in fields)
        {
            _writer.WritePropertyName(k);
            if (v is null) _writer.WriteNullValue();
            else v.WriteTo(_writer);
        }
        _writer.WriteEndObject();
        EndLine();
    }

    private void BeginLine(UFix64 time)
    {
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
        _writer.WriteStartObject();
        _writer.WriteNumber("seq", _seq++);
        _writer.WriteString("t", time.ToString());
        _writer.WritePropertyName("event");
    }

    private void EndLine()
    {
        _writer.WriteEndObject();
        _writer.Flush();
        var utf8 = _buffer.WrittenSpan;
        if (_retain || _step is not null)
        {
            var line = Encoding.UTF8.GetString(utf8);
            if (_retain) _lines.Add(line);
            _step?.Add(line);
        }
        if (_file is not null) { _file.Write(utf8); _file.Write(NewLine); }
        _hash.AppendData(utf8);
        _hash.AppendData(NewLine);
    }

    public string Sha256() => Convert.ToHexString(_hash.GetCurrentHash()).ToLowerInvariant();

    /// <summary>The lines written since the last call (for a journal that records each step's events); empty unless collected.</summary>
    public string[] TakeStepLines()
    {
        if (_step is null) return Array.Empty<string>();
        var lines = _step.ToArray();
        _step.Clear();
        return lines;
    }

    /// <summary>Pushes streamed lines to the file (the engine calls it when asked for the log, and on shutdown).</summary>
    public void Flush() => _file?.Flush();

    public void Dispose()
    {
        _writer.Dispose();
        _file?.Dispose();
    }
}

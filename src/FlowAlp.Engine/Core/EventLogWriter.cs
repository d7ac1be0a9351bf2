using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Engine.Operations;
using FlowAlp.Engine.World;

namespace FlowAlp.Engine.Core;

/// <summary>
/// Where the event log goes: kept in memory (tests, small runs) and/or streamed to a JSON Lines file (long and large
/// runs, where keeping every line would cost more memory than the positions). The SHA-256 is always kept.
/// </summary>
public sealed record EventLogOptions(bool Retain = true, string? File = null, bool CollectSteps = false);

/// <summary>Where an event log stood when a state snapshot was taken: lines written, their SHA-256, the file's length, and the kept lines (a log that retains them).</summary>
/// <param name="StepLines">lines written since the journal last took a step's lines (they go into the next step's record)</param>
public sealed record EventLogCheckpoint(long Count, long FileLength, string Sha256, string[]? Lines, string[]? StepLines = null);

/// <summary>
/// The engine's event log: every committed protocol event and every engine event (rebalancer runs, rejected offers),
/// one JSON line each with the block time and a sequence number, in the supervisor's canonical order. The running
/// SHA-256 is the run's fingerprint: equal hashes mean byte-identical logs.
/// </summary>
public sealed class EventLogWriter : IDisposable
{
    private static readonly byte[] NewLine = { (byte)'\n' };
    // lines gather in the buffer up to this many bytes before they are hashed and streamed in one call each: the
    // SHA-256 of the concatenation is the same, and a call per line cost more than the hashing itself
    private const int DrainAt = 1 << 15;
    private readonly List<string> _lines = new();
    private readonly bool _retain;
    private readonly List<string>? _step;
    private readonly FileStream? _file;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    // each line is written once, as UTF-8, into this buffer (after the lines not yet drained), then kept as a string if
    // asked, and hashed and streamed with its neighbours; events are written by EventJson, the same code that writes
    // them on a script line
    private readonly ArrayBufferWriter<byte> _buffer = new(DrainAt + 4096);
    private readonly Utf8JsonWriter _writer = new(Stream.Null);
    private int _lineStart;
    private long _seq;
    // the block time's text, written on every line and the same for all lines of a block
    private UFix64 _time;
    private string? _timeText;
    // the same text encoded once per block (digits and '.' need no escaping, so the bytes are the string's)
    private JsonEncodedText _timeJson;
    // the line's fixed property names, encoded once (the same bytes the writer makes of the strings)
    private static readonly JsonEncodedText SeqName = JsonEncodedText.Encode("seq"), TimeName = JsonEncodedText.Encode("t"),
        EventName = JsonEncodedText.Encode("event");

    public EventLogWriter(EventLogOptions? options = null)
    {
        _retain = options?.Retain ?? true;
        _step = options?.CollectSteps == true ? new() : null;
        _file = options?.File is { } path ? new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16) : null;
    }

    /// <summary>
    /// A log that carries on from <paramref name="at"/> (a state snapshot's checkpoint): the streamed file is cut back to
    /// the checkpoint's length and its lines re-hashed (kept lines come from the checkpoint), and the hash must equal the
    /// checkpoint's, so the log goes on byte for byte as if the run had never stopped.
    /// </summary>
    public EventLogWriter(EventLogOptions? options, EventLogCheckpoint at)
    {
        _retain = options?.Retain ?? true;
        _step = options?.CollectSteps == true ? new() : null;
        _seq = at.Count;
        _step?.AddRange(at.StepLines ?? []);
        if (_retain)
        {
            if (at.Lines is null) throw new InvalidDataException("event log: the snapshot did not keep the lines this log must retain");
            _lines.AddRange(at.Lines);
        }
        if (options?.File is { } path)
        {
            _file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, 1 << 16);
            if (_file.Length < at.FileLength)
            {
                long had = _file.Length;
                _file.Dispose();
                throw new InvalidDataException($"event log {path}: {had} bytes, shorter than the {at.FileLength} the snapshot recorded");
            }
            _file.SetLength(at.FileLength);
            _file.Position = 0;
            var chunk = new byte[1 << 20];
            int n;
            while ((n = _file.Read(chunk)) > 0) _hash.AppendData(chunk, 0, n);
        }
        else if (at.Lines is not null)
            foreach (var line in at.Lines) { _hash.AppendData(Encoding.UTF8.GetBytes(line)); _hash.AppendData(NewLine); }
        else throw new InvalidDataException("event log: the snapshot has neither the log's file nor its lines");
        if (Sha256() != at.Sha256)
        {
            _file?.Dispose();
            throw new InvalidDataException($"event log: its first {at.Count} lines do not hash to the snapshot's ({at.Sha256[..12]}…)");
        }
    }

    /// <summary>Where the log stands (for a state snapshot): count, hash, the streamed file's length (flushed), and the kept lines.</summary>
    public EventLogCheckpoint Checkpoint()
    {
        Drain();
        _file?.Flush();
        return new EventLogCheckpoint(_seq, _file?.Length ?? 0, Sha256(), _retain ? _lines.ToArray() : null, _step?.ToArray());
    }

    public int Count => (int)_seq;
    /// <summary>The lines kept in memory (all of them, unless the options say not to retain them).</summary>
    public IReadOnlyList<string> Lines => _lines;
    public bool Retains => _retain;

    /// <summary>A typed event (the protocol's and the rebalancers' records), in the script output's shape.</summary>
    public void Append(UFix64 time, object @event)
    {
        BeginLine(time);
        EventJson.Write(_writer, @event);
        EndLine();
    }

    public void AppendProtocol(UFix64 time, IEnumerable<object> events)
    {
        foreach (var e in events) Append(time, e);
    }

    /// <summary>An engine event: <paramref name="type"/> plus fields (numbers, flags, strings or null), in the script output's shape.</summary>
    public void AppendEngine(UFix64 time, string type, params (string Key, object? Value)[] fields)
    {
        BeginLine(time);
        EventJson.Obj(_writer, type, fields);
        EndLine();
    }

    /// <summary>
    /// An engine event whose fields <paramref name="fields"/> writes itself (after "type", inside the event object), from
    /// <paramref name="state"/>: the same line as the <c>(key, value)</c> form, for events so frequent that boxing their
    /// fields and making their texts would show (a static lambda and a struct state allocate nothing).
    /// </summary>
    public void AppendEngine<TState>(UFix64 time, string type, TState state, Action<Utf8JsonWriter, TState> fields)
    {
        BeginLine(time);
        _writer.WriteStartObject();
        _writer.WriteString(EventJson.TypeName, type);
        fields(_writer, state);
        _writer.WriteEndObject();
        EndLine();
    }

    private void BeginLine(UFix64 time)
    {
        _lineStart = _buffer.WrittenCount;
        _writer.Reset(_buffer);
        _writer.WriteStartObject();
        _writer.WriteNumber(SeqName, _seq++);
        if (_timeText is null || time != _time)
        {
            (_time, _timeText) = (time, time.ToString());
            _timeJson = JsonEncodedText.Encode(_timeText);
        }
        _writer.WriteString(TimeName, _timeJson);
        _writer.WritePropertyName(EventName);
    }

    private void EndLine()
    {
        _writer.WriteEndObject();
        _writer.Flush();
        if (_retain || _step is not null)
        {
            var line = Encoding.UTF8.GetString(_buffer.WrittenSpan[_lineStart..]);
            if (_retain) _lines.Add(line);
            _step?.Add(line);
        }
        _buffer.GetSpan(1)[0] = (byte)'\n';
        _buffer.Advance(1);
        if (_buffer.WrittenCount >= DrainAt) Drain();
    }

    /// <summary>Hashes and streams the lines gathered in the buffer.</summary>
    private void Drain()
    {
        if (_buffer.WrittenCount == 0) return;
        var bytes = _buffer.WrittenSpan;
        _file?.Write(bytes);
        _hash.AppendData(bytes);
        _buffer.ResetWrittenCount();
    }

    public string Sha256()
    {
        Drain();
        return Convert.ToHexString(_hash.GetCurrentHash()).ToLowerInvariant();
    }

    /// <summary>The lines written since the last call (for a journal that records each step's events); empty unless collected.</summary>
    public string[] TakeStepLines()
    {
        if (_step is null) return Array.Empty<string>();
        var lines = _step.ToArray();
        _step.Clear();
        return lines;
    }

    /// <summary>Pushes streamed lines to the file (the engine calls it when asked for the log, and on shutdown).</summary>
    public void Flush()
    {
        Drain();
        _file?.Flush();
    }

    public void Dispose()
    {
        _writer.Dispose();
        if (_file is not null) { Drain(); _file.Dispose(); }
    }
}

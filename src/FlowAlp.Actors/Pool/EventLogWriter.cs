using System.Security.Cryptography;
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
    private readonly List<string> _lines = new();
    private readonly bool _retain = options?.Retain ?? true;
    private readonly List<string>? _step = options?.CollectSteps == true ? new() : null;
    private readonly StreamWriter? _file = options?.File is { } path ? new StreamWriter(path, append: false, new UTF8Encoding(false)) { NewLine = "\n" } : null;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private long _seq;

    public int Count => (int)_seq;
    /// <summary>The lines kept in memory (all of them, unless the options say not to retain them).</summary>
    public IReadOnlyList<string> Lines => _lines;
    public bool Retains => _retain;

    public void Append(UFix64 time, JsonObject @event)
    {
        var line = new JsonObject { ["seq"] = _seq++, ["t"] = time.ToString(), ["event"] = @event }.ToJsonString();
        if (_retain) _lines.Add(line);
        _step?.Add(line);
        _file?.WriteLine(line);
        _hash.AppendData(Encoding.UTF8.GetBytes(line + "\n"));
    }

    public void AppendProtocol(UFix64 time, IEnumerable<object> events)
    {
        foreach (var e in events) Append(time, ScriptOutput.Event(e));
    }

    /// <summary>An engine event: <paramref name="type"/> plus fields, in the script output's shape.</summary>
    public void AppendEngine(UFix64 time, string type, params (string Key, JsonNode? Value)[] fields)
    {
        var o = new JsonObject { ["type"] = type };
        foreach (var (k, v) in fields) o[k] = v;
        Append(time, o);
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

    public void Dispose() => _file?.Dispose();
}

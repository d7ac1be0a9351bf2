using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Scripting;

namespace FlowAlp.Actors.Pool;

/// <summary>
/// The engine's event log: every committed protocol event and every engine event (rebalancer runs, rejected offers),
/// one JSON line each with the block time and a sequence number, in the supervisor's canonical order. The running
/// SHA-256 is the run's fingerprint: equal hashes mean byte-identical logs.
/// </summary>
public sealed class EventLogWriter
{
    private readonly List<string> _lines = new();
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private long _seq;

    public int Count => (int)_seq;
    public IReadOnlyList<string> Lines => _lines;

    public void Append(UFix64 time, JsonObject @event)
    {
        var line = new JsonObject { ["seq"] = _seq++, ["t"] = time.ToString(), ["event"] = @event }.ToJsonString();
        _lines.Add(line);
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
}

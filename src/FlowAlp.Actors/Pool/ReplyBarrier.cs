using FlowAlp.Engine.Core;

namespace FlowAlp.Actors.Pool;

/// <summary>
/// One phase's wait for replies, keyed: each expected reply has a key (<c>run:ID</c>, <c>price:TOKEN</c>, …), the
/// first reply for a key counts and any further copy is ignored (a duplicated message must not close the barrier
/// early), and a key can be resolved without a reply (the round trip was lost or delayed). Complete when no key is pending.
/// </summary>
internal sealed class ReplyBarrier(long tick, IEnumerable<string> keys, Action<List<object>> then)
{
    private readonly HashSet<string> _pending = new(keys, StringComparer.Ordinal);
    public long Tick { get; } = tick;
    public List<object> Replies { get; } = new();
    public Action<List<object>> Then { get; } = then;
    public bool Complete => _pending.Count == 0;
    /// <summary>Keys neither answered nor resolved yet.</summary>
    public int Pending => _pending.Count;
    public bool IsPending(string key) => _pending.Contains(key);

    /// <summary>Counts the reply if its key is still pending; false for a late, stray or duplicate copy.</summary>
    public bool Accept(long tick, string key, object reply)
    {
        if (tick != Tick || !_pending.Remove(key)) return false;
        Replies.Add(reply);
        return true;
    }

    /// <summary>The key's round trip ended without a reply.</summary>
    public void Resolve(string key) => _pending.Remove(key);
}

using FlowAlp.Protocol.Positions;

namespace FlowAlp.Protocol.Health;

/// <summary>
/// A dense copy of every position's scaled balances as doubles (up to two tokens each), for the engine's screen of
/// who must act. Entries are re-read when the position's <see cref="InternalPosition.Version"/> moved on, so the copy
/// never goes stale; positions with more than two tokens are marked unscreenable and always take the exact path.
/// 32 bytes a position: at a million positions the screen reads one contiguous array instead of a million dictionaries.
/// </summary>
public sealed class ScreeningMirror
{
    /// <summary>One position's screening entry. <see cref="Count"/> is -1 for "not screenable".</summary>
    public struct Entry
    {
        public int Version;
        public short Slot0, Slot1;
        public sbyte Count;
        public bool Debit0, Debit1;
        public double Scaled0, Scaled1;
    }

    private Entry[] _entries = Array.Empty<Entry>();
    private readonly Dictionary<string, short> _slots = new(StringComparer.Ordinal);
    private readonly List<string> _tokens = new();

    /// <summary>The tokens in slot order (a slot is a small stable index per token).</summary>
    public IReadOnlyList<string> Tokens => _tokens;

    /// <summary>The entry of <paramref name="position"/>, re-read from it when it changed since the last read.</summary>
    public ref readonly Entry Read(int id, InternalPosition position)
    {
        if (id >= _entries.Length) Array.Resize(ref _entries, Math.Max(16, Math.Max(id + 1, _entries.Length * 2)));
        ref var e = ref _entries[id];
        // a position at version 0 was never touched, so it has no balances: the zeroed entry already says so
        if (e.Version != position.Version) Fill(ref e, position);
        return ref e;
    }

    private void Fill(ref Entry e, InternalPosition position)
    {
        e = new Entry { Version = position.Version };
        if (position.Balances.Count > 2) { e.Count = -1; return; }
        foreach (var (token, balance) in position.BalanceMap)
        {
            short slot = SlotOf(token);
            bool debit = balance.Direction == BalanceDirection.Debit;
            double scaled = balance.Scaled.Quantity.ToDouble();
            if (e.Count == 0) { e.Slot0 = slot; e.Debit0 = debit; e.Scaled0 = scaled; }
            else { e.Slot1 = slot; e.Debit1 = debit; e.Scaled1 = scaled; }
            e.Count++;
        }
    }

    public short SlotOf(string token)
    {
        if (_slots.TryGetValue(token, out var s)) return s;
        s = (short)_tokens.Count;
        _slots[token] = s;
        _tokens.Add(token);
        return s;
    }
}

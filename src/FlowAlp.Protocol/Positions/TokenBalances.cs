using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace FlowAlp.Protocol.Positions;

/// <summary>
/// A position's balances by token, in insertion order (the contract's balance keys; an entry, once made, is never
/// removed), as two exactly sized arrays: a position holds one to three tokens, and a hash map of two (~290 bytes with
/// its buckets and spare slot) was most of a position's memory at 10M positions; this is ~150 bytes. Lookups scan the
/// few keys with ordinal equality (the map's comparer); enumeration gives the same order as the map did.
/// </summary>
internal sealed class TokenBalances : IReadOnlyDictionary<string, InternalBalance>
{
    private string[] _keys = [];
    private InternalBalance[] _values = [];

    public TokenBalances() { }

    /// <summary>A copy of <paramref name="other"/> (a rollback keeps the original).</summary>
    public TokenBalances(TokenBalances other)
    {
        _keys = other._keys.Length == 0 ? [] : (string[])other._keys.Clone();
        _values = other._values.Length == 0 ? [] : (InternalBalance[])other._values.Clone();
    }

    public int Count => _keys.Length;

    private int IndexOf(string token)
    {
        var keys = _keys;
        for (int i = 0; i < keys.Length; i++)
            if (string.Equals(keys[i], token, StringComparison.Ordinal)) return i;
        return -1;
    }

    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out InternalBalance value)
    {
        int i = IndexOf(key);
        value = i >= 0 ? _values[i] : default;
        return i >= 0;
    }

    public InternalBalance this[string key]
    {
        get => IndexOf(key) is var i and >= 0 ? _values[i] : throw new KeyNotFoundException($"The given key '{key}' was not present in the dictionary.");
        set
        {
            ArgumentNullException.ThrowIfNull(key);
            int i = IndexOf(key);
            if (i >= 0) { _values[i] = value; return; }
            // a new token: one slot more (a position gains a token a handful of times in its life)
            Array.Resize(ref _keys, _keys.Length + 1);
            Array.Resize(ref _values, _values.Length + 1);
            _keys[^1] = key;
            _values[^1] = value;
        }
    }

    /// <summary>
    /// Takes an entry out again: only a rollback does, undoing the entry's creation (newest first, so the entries
    /// after it were undone before it and the insertion order is as it was).
    /// </summary>
    internal bool Remove(string key)
    {
        int i = IndexOf(key);
        if (i < 0) return false;
        var keys = new string[_keys.Length - 1];
        var values = new InternalBalance[_values.Length - 1];
        Array.Copy(_keys, keys, i); Array.Copy(_keys, i + 1, keys, i, keys.Length - i);
        Array.Copy(_values, values, i); Array.Copy(_values, i + 1, values, i, values.Length - i);
        (_keys, _values) = (keys, values);
        return true;
    }

    /// <summary>The tokens in order, enumerated without boxing (the pool's hot loops).</summary>
    public KeyList Keys => new(_keys);
    IEnumerable<string> IReadOnlyDictionary<string, InternalBalance>.Keys => _keys;
    IEnumerable<InternalBalance> IReadOnlyDictionary<string, InternalBalance>.Values => _values;

    public Enumerator GetEnumerator() => new(this);
    IEnumerator<KeyValuePair<string, InternalBalance>> IEnumerable<KeyValuePair<string, InternalBalance>>.GetEnumerator() => GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public readonly struct KeyList(string[] keys)
    {
        public int Count => keys.Length;
        public ReadOnlySpan<string>.Enumerator GetEnumerator() => new ReadOnlySpan<string>(keys).GetEnumerator();
    }

    public struct Enumerator(TokenBalances map) : IEnumerator<KeyValuePair<string, InternalBalance>>
    {
        private int _i = -1;
        public readonly KeyValuePair<string, InternalBalance> Current => new(map._keys[_i], map._values[_i]);
        readonly object IEnumerator.Current => Current;
        public bool MoveNext() => ++_i < map._keys.Length;
        public void Reset() => _i = -1;
        public readonly void Dispose() { }
    }
}

namespace FlowAlp.Engine.Core;

/// <summary>
/// A map from small dense ids (positions, rebalancers: 0, 1, 2, …) to values, as a list: 8 bytes per id instead of a
/// dictionary entry or a tree node (at a million positions the difference is hundreds of megabytes).
/// </summary>
public sealed class DenseTable<T> where T : class
{
    private readonly List<T?> _items = new();
    public int Count { get; private set; }

    public T? this[long id] => id >= 0 && id < _items.Count ? _items[(int)id] : null;

    public void Set(long id, T value)
    {
        while (_items.Count <= id) _items.Add(null);
        if (_items[(int)id] is null) Count++;
        _items[(int)id] = value;
    }

    public bool Remove(long id, out T? value)
    {
        value = this[id];
        if (value is null) return false;
        _items[(int)id] = null;
        Count--;
        return true;
    }

    public bool TryGet(long id, out T value)
    {
        value = this[id]!;
        return value is not null;
    }

    /// <summary>The ids that have a value, in id order.</summary>
    public IEnumerable<long> Ids()
    {
        for (int i = 0; i < _items.Count; i++) if (_items[i] is not null) yield return i;
    }
}

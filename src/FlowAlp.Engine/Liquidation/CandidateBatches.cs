using FlowAlp.Protocol.Health;
using FlowAlp.Protocol.Positions;

namespace FlowAlp.Engine.Liquidation;

/// <summary>
/// A block's liquidation candidates (health below 1 at the block's start, by ascending id) handed out in batches of
/// consecutive candidates, each batch's snapshots taken when it is asked for. Offers are applied in canonical order
/// (position first), so sizing and applying batch after batch gives the offers and verdicts of one batch as long as
/// nothing a later batch is sized from changes meanwhile: applying an offer changes only its own position's balances
/// (later batches hold higher ids) and the pool's token state, which every batch takes from the block's one token
/// snapshot (<paramref name="maps"/>). At 10M positions a crash makes millions liquidatable: one batch at a time bounds
/// the snapshots, sheets and offers alive at once.
/// </summary>
public sealed class CandidateBatches
{
    private readonly Protocol.Pool _pool;
    private readonly SharedTokenMaps _maps;
    private readonly List<long> _ids;
    private readonly int _size;
    private int _next;

    /// <param name="ids">the candidates, ascending, each one the pool can snapshot with <paramref name="maps"/></param>
    internal CandidateBatches(Protocol.Pool pool, SharedTokenMaps maps, List<long> ids, int size)
    {
        if (size < 1) throw new ArgumentOutOfRangeException(nameof(size), size, "a batch holds at least one candidate");
        (_pool, _maps, _ids, _size) = (pool, maps, ids, size);
    }

    /// <summary>Every candidate of the block, ascending (what a liquidator's latency filter forgets the others by).</summary>
    public IReadOnlyList<long> Ids => _ids;

    public int Count => _ids.Count;

    /// <summary>True when the whole block is one batch.</summary>
    public bool Single => _ids.Count <= _size;

    /// <summary>True once every batch has been handed out.</summary>
    public bool Done => _next >= _ids.Count;

    /// <summary>
    /// The next batch's snapshots (taken now), and the first position of the batch after it (<see cref="long.MaxValue"/>
    /// after the last): the batch's offers, and any offer from outside on a position below that bound, are applied before it.
    /// </summary>
    public List<PositionSnapshot> Next(out long before)
    {
        if (Done) throw new InvalidOperationException("every batch of the block has been handed out");
        int end = (int)Math.Min((long)_next + _size, _ids.Count);
        var batch = new List<PositionSnapshot>(end - _next);
        for (int i = _next; i < end; i++)
            batch.Add(_pool.TrySnapshotOf(_ids[i], _maps) ?? throw new InvalidOperationException($"position {_ids[i]}: no snapshot for a listed candidate"));
        _next = end;
        before = end < _ids.Count ? _ids[end] : long.MaxValue;
        return batch;
    }
}

using FlowAlp.Protocol.Atomicity;
using FlowAlp.Protocol.Connectors;
using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Protocol.Positions;

/// <summary>
/// One position (InternalPositionImplv1, §1.4): balances by token (an entry, once created, stays at zero),
/// queued deposits, health bounds, and its optional drawDownSink / topUpSource.
/// </summary>
public sealed class InternalPosition : IUndoTarget
{
    private readonly TransactionContext _tx;
    private TokenBalances _balances = new();
    // Almost no position ever has a queued deposit: they share one empty map until they do (80 bytes each at 1M positions).
    private static readonly Dictionary<string, UFix64> NoQueue = new();
    private Dictionary<string, UFix64> _queued = NoQueue;

    public long Id { get; }
    // the contract's default bounds, parsed once (not once per opened position)
    private static readonly UFix128 DefaultMin = UFix128.Parse("1.1"), DefaultTarget = UFix128.Parse("1.3"), DefaultMax = UFix128.Parse("1.5");

    public UFix128 MinHealth { get; private set; } = DefaultMin;
    public UFix128 TargetHealth { get; private set; } = DefaultTarget;
    public UFix128 MaxHealth { get; private set; } = DefaultMax;
    public ISink? DrawDownSink { get; private set; }
    public ISource? TopUpSource { get; private set; }
    /// <summary>
    /// Bumped by every change and by every undo of one, so a cache of this position's balances (the pool's
    /// <see cref="Health.ScreeningMirror"/>) knows when to re-read them.
    /// </summary>
    public int Version { get; private set; }

    internal InternalPosition(long id, TransactionContext tx)
    {
        Id = id;
        _tx = tx;
    }

    /// <summary>Tokens in insertion order (the contract's balance keys).</summary>
    public IReadOnlyDictionary<string, InternalBalance> Balances => _balances;
    /// <summary>The same balances as their map, for the pool's hot loops (a foreach over the interface boxes its enumerator).</summary>
    internal TokenBalances BalanceMap => _balances;
    public IReadOnlyDictionary<string, UFix64> QueuedDeposits => _queued;

    /// <summary>
    /// Before a change of the health bounds or connectors: registers, once per transaction, a copy of everything to
    /// restore. Balances and queued deposits, which change on every deposit and withdrawal, register their own undo per
    /// entry instead (<see cref="SetEntry"/>): no copy of the position's maps per transaction.
    /// </summary>
    internal void Touch()
    {
        Version++;
        if (_tx.FirstTouch(this)) _tx.OnRollback(Capture()); // no capture delegate per touch
    }

    private Action Capture()
    {
        var balances = _balances; var queued = _queued;
        _balances = new TokenBalances(balances);
        _queued = queued.Count == 0 ? NoQueue : new Dictionary<string, UFix64>(queued);
        var (min, target, max, sink, source) = (MinHealth, TargetHealth, MaxHealth, DrawDownSink, TopUpSource);
        return () =>
        {
            _balances = balances; _queued = queued;
            (MinHealth, TargetHealth, MaxHealth, DrawDownSink, TopUpSource) = (min, target, max, sink, source);
            Version++;
        };
    }

    internal void EnsureBalance(string token, BalanceDirection direction = BalanceDirection.Credit)
    {
        if (_balances.ContainsKey(token)) return;
        SetBalance(token, new InternalBalance(new SignedBalance(direction, UFix128.Zero)));
    }

    internal void SetBalance(string token, InternalBalance balance)
    {
        Version++;
        if (_tx.InTransaction)
        {
            bool had = _balances.TryGetValue(token, out var before);
            // the entry's old direction and quantity (a SignedBalance is exactly its direction and quantity)
            _tx.OnRollback(this, had ? UndoBalance : UndoNewBalance, _balances, token, (long)before.Scaled.Direction, before.Scaled.Quantity.Raw);
        }
        _balances[token] = balance;
    }

    internal void AddToQueue(string token, UFix64 amount)
    {
        Version++;
        if (ReferenceEquals(_queued, NoQueue))
        {
            _tx.OnRollback(this, UndoQueueMap, _queued);
            _queued = new Dictionary<string, UFix64>();
        }
        bool had = _queued.TryGetValue(token, out var q);
        _tx.OnRollback(this, had ? UndoQueued : UndoNewQueued, _queued, token, value: q.Raw);
        _queued[token] = (had ? q : UFix64.Zero) + amount;
    }

    internal UFix64 RemoveQueued(string token)
    {
        Version++;
        if (ReferenceEquals(_queued, NoQueue)) return UFix64.Zero;
        if (!_queued.Remove(token, out var q)) return q;
        _tx.OnRollback(this, UndoQueued, _queued, token, value: q.Raw);
        return q;
    }

    // per-entry undo steps of the balances and queued deposits, carried out here (no closure, no map copy per change);
    // each names the map it changed, which a later Capture in the same transaction may have replaced: a rollback
    // (newest first) restores the replaced map, then these restore its entries
    private const int UndoBalance = 0, UndoNewBalance = 1, UndoQueued = 2, UndoNewQueued = 3, UndoQueueMap = 4;

    void IUndoTarget.Undo(in UndoStep step)
    {
        switch (step.Kind)
        {
            case UndoBalance:
                ((TokenBalances)step.Ref!)[step.Key!] =
                    new InternalBalance(new SignedBalance((BalanceDirection)step.Number, UFix128.FromRaw(step.Value)));
                break;
            case UndoNewBalance: ((TokenBalances)step.Ref!).Remove(step.Key!); break;
            case UndoQueued: ((Dictionary<string, UFix64>)step.Ref!)[step.Key!] = UFix64.FromRaw((ulong)step.Value); break;
            case UndoNewQueued: ((Dictionary<string, UFix64>)step.Ref!).Remove(step.Key!); break;
            case UndoQueueMap: _queued = (Dictionary<string, UFix64>)step.Ref!; break;
            default: throw new InvalidOperationException($"unknown undo step {step.Kind}");
        }
        Version++;
    }

    internal void SetTargetHealth(UFix128 target)
    {
        if (target <= MinHealth) throw new ProtocolException($"Target health ({target}) must be greater than min health ({MinHealth})");
        if (target >= MaxHealth) throw new ProtocolException($"Target health ({target}) must be less than max health ({MaxHealth})");
        Touch();
        TargetHealth = target;
    }

    internal void SetMinHealth(UFix128 min)
    {
        if (min <= UFix128.One) throw new ProtocolException($"Min health ({min}) must be >1");
        // The contract's message really says "greater than" here.
        if (min >= TargetHealth) throw new ProtocolException($"Min health ({min}) must be greater than target health ({TargetHealth})");
        Touch();
        MinHealth = min;
    }

    internal void SetMaxHealth(UFix128 max)
    {
        if (max <= TargetHealth) throw new ProtocolException($"Max health ({max}) must be greater than target health ({TargetHealth})");
        Touch();
        MaxHealth = max;
    }

    internal void SetDrawDownSink(ISink? sink) { Touch(); DrawDownSink = sink; }
    internal void SetTopUpSource(ISource? source) { Touch(); TopUpSource = source; }
}

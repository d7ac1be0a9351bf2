using FlowAlp.Protocol.Atomicity;
using FlowAlp.Protocol.Dex;
using FlowAlp.Protocol.Events;
using FlowAlp.Protocol.Health;
using FlowAlp.Protocol.Interest;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Protocol.Oracles;
using FlowAlp.Protocol.Positions;
using FlowAlp.Protocol.Tokens;

namespace FlowAlp.Protocol;

/// <summary>
/// The FlowALP pool (FlowALPv0.Pool) as plain deterministic C#: every public operation is atomic through the
/// shared <see cref="TransactionContext"/> (a failure throws <see cref="ProtocolException"/> and leaves all state,
/// including connectors' wallets, as before). Time is <see cref="Now"/>, set by the caller; nothing reads a clock.
/// </summary>
public sealed partial class Pool : IUndoTarget
{
    /// <summary>Pool-level scalars and small maps, captured as one unit per transaction.</summary>
    private sealed class Globals
    {
        public Dictionary<string, UFix64> Reserves = new();
        public Dictionary<string, UFix64> StabilityFunds = new();
        public UFix64 InsuranceFund;
        public UFix64 MoetMinted;
        public bool Paused;
        public ulong? LastUnpausedAt;
        public UFix128 LiquidationTargetHealth;
        public ushort DexOracleDeviationBps;
        public ulong WarmupSeconds;
        public int PositionsProcessedPerCallback;
        public IPriceOracle Oracle = null!;

        public Globals Copy()
        {
            var c = (Globals)MemberwiseClone();
            c.Reserves = new(Reserves); c.StabilityFunds = new(StabilityFunds);
            return c;
        }
    }

    private readonly TransactionContext _tx;
    private readonly Dictionary<string, TokenState> _tokens = new();
    private readonly List<InternalPosition> _positions = new();
    private readonly List<PoolEvent> _events = new();
    private Globals _g = new();
    // The update queue and the position locks grow with the number of positions, so they are not copied with the
    // globals on every transaction: each change registers its own undo step instead (O(1) per change).
    private List<long> _queue = new();
    private HashSet<long> _queued = new();
    private readonly HashSet<long> _locks = new();

    public string DefaultToken { get; }
    public ISwapperProvider Dex { get; set; }
    public UFix64 Now { get; private set; }

    /// <summary><see cref="Now"/> as a method, for the clocks that hold it (a named method a state snapshot can restore).</summary>
    public UFix64 Clock() => Now;
    public TransactionContext Transactions => _tx;

    public Pool(TransactionContext tx, IPriceOracle oracle, ISwapperProvider dex, PoolConfig? config = null)
    {
        config ??= new PoolConfig();
        if (oracle.UnitOfAccount != config.DefaultToken)
            throw new ProtocolException("Price oracle must return prices in terms of the default token");
        _tx = tx;
        Dex = dex;
        DefaultToken = config.DefaultToken;
        Now = config.StartTime;
        _g.Oracle = oracle;
        _g.LiquidationTargetHealth = config.LiquidationTargetHealth;
        _g.DexOracleDeviationBps = config.DexOracleDeviationBps;
        _g.WarmupSeconds = config.WarmupSeconds;
        _g.PositionsProcessedPerCallback = config.PositionsProcessedPerCallback;
        _tokens[DefaultToken] = NewTokenState(new TokenSettings(DefaultToken, UFix64.One, UFix64.One,
            new FixedCurve(UFix128.Zero), UFix64.FromInteger(1_000_000), UFix64.FromInteger(1_000_000)));
    }

    // ---- time and events -------------------------------------------------------------------------------

    /// <summary>Moves the block timestamp (never backwards). Interest and capacity catch up lazily on access.</summary>
    public void AdvanceTo(UFix64 time)
    {
        if (time < Now) throw new ArgumentException($"time cannot go backwards ({time} < {Now})");
        Now = time;
    }

    /// <summary>Events emitted so far (committed operations only); <see cref="TakeEvents"/> drains them.</summary>
    public IReadOnlyList<PoolEvent> Events => _events;

    public List<PoolEvent> TakeEvents()
    {
        var list = new List<PoolEvent>(_events);
        _events.Clear();
        return list;
    }

    /// <summary>Drops the events emitted so far, for a caller that does not log them (a refused offer, a reverted run): no list copy.</summary>
    public void DiscardEvents() => _events.Clear();

    private void Emit(PoolEvent e)
    {
        _events.Add(e);
        _tx.OnRollback(this, UndoEmit);
    }

    // ---- state access -----------------------------------------------------------------------------------

    private Globals G
    {
        get
        {
            // (FirstTouch, not Touch: no capture delegate per access of G)
            if (_tx.FirstTouch(this)) { var saved = _g; _g = saved.Copy(); _tx.OnRollback(() => _g = saved); }
            return _g;
        }
    }

    public IReadOnlyCollection<string> SupportedTokens => _tokens.Keys;
    public bool IsTokenSupported(string token) => _tokens.ContainsKey(token);
    public TokenState TokenStateOf(string token) =>
        _tokens.TryGetValue(token, out var ts) ? ts : throw new ProtocolException($"Unsupported token type {token}");
    public int PositionCount => _positions.Count;
    public InternalPosition PositionOf(long pid) =>
        pid >= 0 && pid < _positions.Count ? _positions[(int)pid]
            : throw new ProtocolException($"Invalid position ID {pid} - could not find an InternalPosition with the requested ID in the Pool");

    public bool IsPaused => _g.Paused;
    public bool IsPausedOrWarmup => _g.Paused || (_g.LastUnpausedAt is { } t && Now.Floor < t + _g.WarmupSeconds);
    public UFix64 Reserve(string token) => _g.Reserves.TryGetValue(token, out var r) ? r : UFix64.Zero;
    public bool HasReserve(string token) => _g.Reserves.ContainsKey(token);
    public IReadOnlyDictionary<string, UFix64> Reserves => _g.Reserves;
    public IReadOnlyDictionary<string, UFix64> StabilityFunds => _g.StabilityFunds;
    public UFix64 InsuranceFund => _g.InsuranceFund;
    public UFix64 MoetMinted => _g.MoetMinted;
    public IReadOnlyList<long> UpdateQueue => _queue;
    public UFix128 LiquidationTargetHealth => _g.LiquidationTargetHealth;
    public ushort DexOracleDeviationBps => _g.DexOracleDeviationBps;
    public ulong WarmupSeconds => _g.WarmupSeconds;
    public IPriceOracle Oracle => _g.Oracle;

    private TokenState NewTokenState(TokenSettings s)
    {
        var ts = new TokenState(s.Symbol, _tx, Emit, Now, s.CollateralFactor, s.BorrowFactor, s.InterestCurve, s.DepositRate, s.DepositCapacityCap);
        if (s.DepositLimitFraction is { } f) ts.SetDepositLimitFraction(f);
        if (s.MinimumBalance is { } m) ts.SetMinimumBalance(m);
        if (s.InsuranceRate is { } i) ts.SetInsuranceRate(i);
        if (s.StabilityFeeRate is { } r) ts.SetStabilityFeeRate(r);
        return ts;
    }

    /// <summary>_borrowUpdatedTokenState: compound interest to now and regenerate capacity.</summary>
    private TokenState UpdatedTokenState(string token)
    {
        var ts = TokenStateOf(token);
        ts.UpdateForTimeChange(Now);
        return ts;
    }

    /// <summary>The oracle price; "no price" aborts the operation, a zero price violates the oracle's post-condition.</summary>
    private UFix64 OraclePrice(string token)
    {
        var p = _g.Oracle.Price(token, Now);
        if (p is not { } price) throw new ProtocolException($"Oracle has no price for {token}");
        if (price.IsZero) throw new ProtocolException($"PriceOracle must return a price greater than 0.0 if available ({token})");
        return price;
    }

    private TokenSnapshot BuildTokenSnapshot(string token)
    {
        var ts = UpdatedTokenState(token);
        return new TokenSnapshot(OraclePrice(token).ToUFix128(), ts.CreditInterestIndex, ts.DebitInterestIndex,
            ts.CollateralFactor.ToUFix128(), ts.BorrowFactor.ToUFix128());
    }

    /// <summary>_getUpdatedBalanceSheet: every listed token (even at zero) is accrued and priced.</summary>
    private BalanceSheet UpdatedBalanceSheet(InternalPosition position)
    {
        var balances = position.BalanceMap;
        var entries = new BalanceSheet.Entry[balances.Count];
        int n = 0;
        foreach (var (token, balance) in balances)
        {
            var ts = UpdatedTokenState(token);
            UFix128 price = OraclePrice(token).ToUFix128();
            entries[n++] = balance.Direction == BalanceDirection.Credit
                ? new(token, true, price * (balance.Scaled.Quantity * ts.CreditInterestIndex) * ts.CollateralFactor.ToUFix128())
                : new(token, false, price * (balance.Scaled.Quantity * ts.DebitInterestIndex) / ts.BorrowFactor.ToUFix128());
        }
        return new BalanceSheet(entries);
    }

    /// <summary>buildPositionView: a snapshot per listed token.</summary>
    private Dictionary<string, TokenSnapshot> BuildSnapshots(InternalPosition position)
    {
        var snaps = new Dictionary<string, TokenSnapshot>();
        foreach (var token in position.Balances.Keys) snaps[token] = BuildTokenSnapshot(token);
        return snaps;
    }

    private UFix128 PositionHealthNoTx(long pid) => UpdatedBalanceSheet(PositionOf(pid)).Health;

    private InternalBalance? BalanceOf(InternalPosition p, string token) =>
        p.Balances.TryGetValue(token, out var b) ? b : null;

    // ---- locks, queue, reserves ------------------------------------------------------------------------

    private void Lock(long pid)
    {
        if (!_locks.Add(pid)) throw new ProtocolException($"Reentrancy: position {pid} is locked");
        _tx.OnRollback(this, UndoLock, number: pid);
    }

    private void Unlock(long pid)
    {
        if (_locks.Remove(pid)) _tx.OnRollback(this, UndoUnlock, number: pid);
    }

    private void RequireNotPaused()
    {
        if (_g.Paused) throw new ProtocolException("Withdrawal, deposits, and liquidations are paused by governance");
    }

    private void QueueIfNecessary(long pid)
    {
        if (_queued.Contains(pid)) return;
        var position = PositionOf(pid);
        if (position.QueuedDeposits.Count > 0) { Enqueue(pid); return; }
        var health = PositionHealthNoTx(pid);
        if (health < position.MinHealth || health > position.MaxHealth) Enqueue(pid);
    }

    private void Enqueue(long pid)
    {
        _queue.Add(pid);
        _queued.Add(pid);
        _tx.OnRollback(() => { _queue.RemoveAt(_queue.Count - 1); _queued.Remove(pid); });
    }

    /// <summary>Takes the position at the head of the update queue.</summary>
    private long Dequeue()
    {
        long pid = _queue[0];
        _queue.RemoveAt(0);
        _queued.Remove(pid);
        _tx.OnRollback(() => { _queue.Insert(0, pid); _queued.Add(pid); });
        return pid;
    }

    // Reserves change on every deposit and withdrawal: each change registers its own undo (the entry's old value) on
    // the current reserves instead of copying the globals through G. A rollback is the same either way: were G copied
    // later in the transaction, its undo (newest first) restores the object these entries belong to, then these undo
    // the entries; were it copied earlier, these undo the copy's entries and G's undo restores the original.
    private void AddToReserve(string token, UFix64 amount)
    {
        var reserves = _g.Reserves;
        bool had = reserves.TryGetValue(token, out var r);
        _tx.OnRollback(this, had ? UndoReserve : UndoNewReserve, reserves, token, value: r.Raw);
        reserves[token] = (had ? r : UFix64.Zero) + amount;
    }

    private void TakeFromReserve(string token, UFix64 amount)
    {
        var reserves = _g.Reserves;
        if (!reserves.TryGetValue(token, out var r)) throw new ProtocolException($"No reserve for {token}");
        if (amount > r) throw new ProtocolException($"Amount withdrawn must be less than or equal than the balance of the Vault ({token} reserve {r} < {amount})");
        _tx.OnRollback(this, UndoReserve, reserves, token, value: r.Raw);
        reserves[token] = r - amount;
    }

    // Every draw-down mints MOET: like the reserves, the change registers its own undo (the old figure) on the current
    // globals instead of copying them (two dictionaries) through G once per transaction.
    private void AddMoetMinted(UFix64 amount)
    {
        var g = _g;
        UFix64 before = g.MoetMinted;
        UFix64 after = before + amount;
        _tx.OnRollback(this, UndoMoetMinted, g, value: before.Raw);
        g.MoetMinted = after;
    }

    // the undo steps of the pool's most frequent changes, carried out here (no closure per change)
    private const int UndoEmit = 0, UndoLock = 1, UndoUnlock = 2, UndoReserve = 3, UndoNewReserve = 4, UndoMoetMinted = 5;

    void IUndoTarget.Undo(in UndoStep step)
    {
        switch (step.Kind)
        {
            case UndoEmit: _events.RemoveAt(_events.Count - 1); break;
            case UndoLock: _locks.Remove(step.Number); break;
            case UndoUnlock: _locks.Add(step.Number); break;
            case UndoReserve: ((Dictionary<string, UFix64>)step.Ref!)[step.Key!] = UFix64.FromRaw((ulong)step.Value); break;
            case UndoNewReserve: ((Dictionary<string, UFix64>)step.Ref!).Remove(step.Key!); break;
            case UndoMoetMinted: ((Globals)step.Ref!).MoetMinted = UFix64.FromRaw((ulong)step.Value); break;
            default: throw new InvalidOperationException($"unknown undo step {step.Kind}");
        }
    }
}

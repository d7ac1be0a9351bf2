namespace FlowAlp.Protocol.Atomicity;

/// <summary>
/// The "chain" every piece of mutable protocol state shares: a Cadence transaction either commits all its
/// changes or none. Objects register how to undo their changes the first time a transaction touches them;
/// a failed operation replays those undos in reverse, so state is exactly as before (spec §0.2 last bullet).
/// Outside a transaction nothing is recorded (plain set-up code). Undo logs are reused (<see cref="UndoLog.Rent"/>),
/// so a transaction allocates nothing of its own.
/// </summary>
public sealed class TransactionContext
{
    private UndoLog? _log;

    public bool InTransaction => _log != null;

    /// <summary>Runs <paramref name="body"/> atomically; nested calls join the outer transaction.</summary>
    public T Run<T>(Func<T> body)
    {
        if (_log != null) return body();
        var log = _log = UndoLog.Rent();
        T result;
        try { result = body(); }
        catch
        {
            _log = null;
            log.Rollback();
            UndoLog.Return(log);
            throw;
        }
        _log = null;
        UndoLog.Return(log);
        return result;
    }

    /// <summary>Runs <paramref name="body"/> atomically; nested calls join the outer transaction.</summary>
    public void Run(Action body)
    {
        if (_log != null) { body(); return; }
        var log = _log = UndoLog.Rent();
        try { body(); }
        catch
        {
            _log = null;
            log.Rollback();
            UndoLog.Return(log);
            throw;
        }
        _log = null;
        UndoLog.Return(log);
    }

    /// <summary>
    /// Runs <paramref name="body"/> atomically; a reason it returns reverts the transaction like a
    /// <see cref="ProtocolException"/> would, without throwing one (a revert the caller expects often). Nested in another
    /// transaction, the reason is thrown, so the outer one reverts as a whole.
    /// </summary>
    public string? TryRun(Func<string?> body)
    {
        if (_log != null) return body() is { } nested ? throw new ProtocolException(nested) : null;
        var log = _log = UndoLog.Rent();
        string? refused;
        try { refused = body(); }
        catch
        {
            _log = null;
            log.Rollback();
            UndoLog.Return(log);
            throw;
        }
        _log = null;
        if (refused is not null) log.Rollback();
        UndoLog.Return(log);
        return refused;
    }

    /// <summary>Runs <paramref name="body"/> and always rolls it back: a read-only Cadence script.</summary>
    public T Probe<T>(Func<T> body)
    {
        if (_log != null) throw new InvalidOperationException("a read-only probe cannot run inside a transaction");
        var log = _log = UndoLog.Rent();
        try { return body(); }
        finally
        {
            _log = null;
            log.Rollback();
            UndoLog.Return(log);
        }
    }

    /// <summary>Registers, once per transaction, how to restore <paramref name="key"/>: <paramref name="capture"/> snapshots it now.</summary>
    public void Touch(object key, Func<Action> capture) => _log?.Touch(key, capture);

    /// <summary>
    /// True when a transaction is open and this is its first touch of <paramref name="key"/>: the caller then registers
    /// its undo with <see cref="OnRollback"/> at once (the same as <see cref="Touch"/>, without a capture delegate per call).
    /// </summary>
    public bool FirstTouch(object key) => _log?.FirstTouch(key) ?? false;

    /// <summary>Registers an undo step (e.g. removing an appended event).</summary>
    public void OnRollback(Action undo) => _log?.Add(undo);

    /// <summary>
    /// Registers an undo step that <paramref name="target"/> carries out itself from these fields (no closure per change);
    /// outside a transaction nothing is recorded.
    /// </summary>
    internal void OnRollback(IUndoTarget target, int kind, object? collection = null, string? key = null, long number = 0, UInt128 value = default)
    {
        if (_log is { } log) log.Add(new UndoStep(target, kind, collection, key, number, value));
    }

    /// <summary>Saves a token state's scalars for <paramref name="target"/> to restore on rollback (kept in the log: no allocation).</summary>
    internal void OnRollback(IUndoTarget target, int kind, in Tokens.TokenState.Data data) => _log?.AddTokenData(target, kind, data);
}

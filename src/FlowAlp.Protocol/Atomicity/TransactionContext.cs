namespace FlowAlp.Protocol.Atomicity;

/// <summary>
/// The "chain" every piece of mutable protocol state shares: a Cadence transaction either commits all its
/// changes or none. Objects register how to undo their changes the first time a transaction touches them;
/// a failed operation replays those undos in reverse, so state is exactly as before (spec §0.2 last bullet).
/// Outside a transaction nothing is recorded (plain set-up code).
/// </summary>
public sealed class TransactionContext
{
    private UndoLog? _log;

    public bool InTransaction => _log != null;

    /// <summary>Runs <paramref name="body"/> atomically; nested calls join the outer transaction.</summary>
    public T Run<T>(Func<T> body)
    {
        if (_log != null) return body();
        var log = _log = new UndoLog();
        try
        {
            var result = body();
            _log = null;
            return result;
        }
        catch
        {
            _log = null;
            log.Rollback();
            throw;
        }
    }

    public void Run(Action body) => Run<bool>(() => { body(); return true; });

    /// <summary>Runs <paramref name="body"/> and always rolls it back: a read-only Cadence script.</summary>
    public T Probe<T>(Func<T> body)
    {
        if (_log != null) throw new InvalidOperationException("a read-only probe cannot run inside a transaction");
        var log = _log = new UndoLog();
        try { return body(); }
        finally { _log = null; log.Rollback(); }
    }

    /// <summary>Registers, once per transaction, how to restore <paramref name="key"/>: <paramref name="capture"/> snapshots it now.</summary>
    public void Touch(object key, Func<Action> capture) => _log?.Touch(key, capture);

    /// <summary>Registers an undo step (e.g. removing an appended event).</summary>
    public void OnRollback(Action undo) => _log?.Add(undo);
}

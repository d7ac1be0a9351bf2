using FlowAlp.Protocol.Tokens;

namespace FlowAlp.Protocol.Atomicity;

/// <summary>
/// Undo steps of one transaction, replayed newest first. Most transactions touch a handful of objects, so the touched
/// set is a short array scanned by reference until it outgrows <see cref="SmallTouched"/>, then a hash set. Logs are
/// reused through a per-thread spare (<see cref="Rent"/>/<see cref="Return"/>): a transaction per rebalancer run or
/// offer would otherwise allocate a list and a set each time.
/// </summary>
internal sealed class UndoLog
{
    private const int SmallTouched = 16;
    // a log that grew past these (a bulk set-up in one transaction) is dropped rather than kept: clearing its big
    // arrays would cost every later small transaction
    private const int KeepUndoUpTo = 256, KeepTouchedUpTo = 64;

    [ThreadStatic] private static UndoLog? _spare;

    private readonly List<UndoStep> _undo = new();
    private readonly object[] _small = new object[SmallTouched];
    private int _smallCount;
    private HashSet<object>? _touched; // in use once the short array is full; kept (cleared) for the next time
    private bool _useSet;

    /// <summary>An empty log: this thread's spare, or a new one (the spare is taken, so a nested or re-entrant rent gets its own).</summary>
    public static UndoLog Rent()
    {
        var log = _spare;
        if (log is null) return new UndoLog();
        _spare = null;
        return log;
    }

    /// <summary>Gives back a log that is done with (committed or rolled back): cleared, and kept as the spare unless it grew large.</summary>
    public static void Return(UndoLog log)
    {
        if (log._undo.Count > KeepUndoUpTo || (log._useSet && log._touched!.Count > KeepTouchedUpTo)) return;
        log.Clear();
        _spare = log;
    }

    /// <summary>Marks <paramref name="key"/> touched; true the first time in this transaction.</summary>
    public bool FirstTouch(object key)
    {
        if (_useSet) return _touched!.Add(key);
        for (int i = 0; i < _smallCount; i++)
            if (ReferenceEquals(_small[i], key)) return false;
        if (_smallCount < SmallTouched) { _small[_smallCount++] = key; return true; }
        _touched ??= new HashSet<object>(ReferenceEqualityComparer.Instance);
        _touched.UnionWith(_small);
        _useSet = true;
        return _touched.Add(key);
    }

    public void Touch(object key, Func<Action> capture)
    {
        if (FirstTouch(key)) _undo.Add(new UndoStep(capture()));
    }

    public void Add(Action undo) => _undo.Add(new UndoStep(undo));

    public void Add(in UndoStep step) => _undo.Add(step);

    // a token state's scalars (one struct of ~250 bytes, saved once per token per transaction) kept in the log itself, so
    // saving them allocates nothing once the log has been used; the step names the list and the index
    private List<TokenState.Data>? _tokenData;

    public void AddTokenData(IUndoTarget target, int kind, in TokenState.Data data)
    {
        var list = _tokenData ??= new List<TokenState.Data>();
        list.Add(data);
        _undo.Add(new UndoStep(target, kind, list, null, list.Count - 1, default));
    }

    public void Rollback()
    {
        for (int i = _undo.Count - 1; i >= 0; i--) _undo[i].Run();
        Clear();
    }

    private void Clear()
    {
        _undo.Clear();
        _tokenData?.Clear();
        Array.Clear(_small, 0, _smallCount);
        _smallCount = 0;
        if (_useSet) { _touched!.Clear(); _useSet = false; }
    }
}

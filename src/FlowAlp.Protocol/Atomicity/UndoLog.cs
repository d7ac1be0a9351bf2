namespace FlowAlp.Protocol.Atomicity;

/// <summary>Undo steps of one transaction, replayed newest first.</summary>
internal sealed class UndoLog
{
    private readonly List<Action> _undo = new();
    private readonly HashSet<object> _touched = new(ReferenceEqualityComparer.Instance);

    public void Touch(object key, Func<Action> capture)
    {
        if (_touched.Add(key)) _undo.Add(capture());
    }

    public void Add(Action undo) => _undo.Add(undo);

    public void Rollback()
    {
        for (int i = _undo.Count - 1; i >= 0; i--) _undo[i]();
        _undo.Clear();
        _touched.Clear();
    }
}

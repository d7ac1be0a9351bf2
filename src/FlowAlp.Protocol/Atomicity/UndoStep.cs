namespace FlowAlp.Protocol.Atomicity;

/// <summary>
/// An object that undoes its own changes from the fields of an <see cref="UndoStep"/> it registered, so a change made
/// thousands of times a block (a wallet entry, a reserve, an event appended, a balance) registers its undo without a
/// closure and a delegate each time.
/// </summary>
internal interface IUndoTarget
{
    void Undo(in UndoStep step);
}

/// <summary>
/// One undo step: a delegate, or a target with what it needs to restore one change — which change (<see cref="Kind"/>,
/// the target's own numbering), the collection it touched, a key, a number and a value (an amount's raw bits).
/// </summary>
internal readonly struct UndoStep
{
    public readonly IUndoTarget? Target;
    public readonly object? Ref;
    public readonly string? Key;
    public readonly long Number;
    public readonly UInt128 Value;
    public readonly int Kind;

    public UndoStep(Action undo) => Ref = undo;

    public UndoStep(IUndoTarget target, int kind, object? collection, string? key, long number, UInt128 value)
    {
        Target = target; Kind = kind; Ref = collection; Key = key; Number = number; Value = value;
    }

    public void Run()
    {
        if (Target is { } t) t.Undo(in this);
        else ((Action)Ref!)();
    }
}

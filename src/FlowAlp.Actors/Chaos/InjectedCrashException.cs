namespace FlowAlp.Actors.Chaos;

/// <summary>
/// The failure a chaos fault (CrashPositions, CrashActors) makes an actor throw on purpose. Supervision restarts the
/// actor as after any failure; the log tells it apart (<see cref="Pool.ChildRestartStrategy"/>): one line, not a stack trace.
/// </summary>
public sealed class InjectedCrashException(string actor) : InvalidOperationException($"{actor}: injected crash")
{
    /// <summary>The actor that crashed, as its kind and id ("position 3", "oracle FLOW").</summary>
    public string Actor { get; } = actor;
}

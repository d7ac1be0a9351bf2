using FlowAlp.Engine.Core;
namespace FlowAlp.Engine.Operations;

/// <summary>How an operation ended: committed, reverted by the protocol (state as before), or failed by a bug (rolled back too).</summary>
public enum OutcomeStatus { Ok, Reverted, Failed }

/// <summary>
/// One operation's outcome, typed: its step index and op, how it ended, its result (when ok) or the reason (when
/// not), and the events it committed (the protocol's <c>PoolEvent</c> records and the rebalancers' events, in
/// emission order). The script line is rendered from it by <see cref="ScriptOutput"/>; the event log formats the events.
/// </summary>
public sealed record OperationOutcome(int Step, string Op, OutcomeStatus Status, OperationResult? Result, string? Error, IReadOnlyList<object> Events)
{
    public bool Ok => Status == OutcomeStatus.Ok;

    public static OperationOutcome Succeeded(Step step, OperationResult result, IReadOnlyList<object> events) =>
        new(step.Index, step.Op, OutcomeStatus.Ok, result, null, events);

    /// <summary>A revert or a failure: no result, and no events (the transaction's events were rolled back with it).</summary>
    public static OperationOutcome NotOk(Step step, OutcomeStatus status, string error) => new(step.Index, step.Op, status, null, error, []);

    /// <summary>The positions the committed events name, ascending, each once (their actors must be refreshed).</summary>
    public IReadOnlyList<long> TouchedPositions() =>
        Events.Select(EventJson.PositionOf).Where(p => p is not null).Select(p => p!.Value).Distinct().Order().ToList();
}

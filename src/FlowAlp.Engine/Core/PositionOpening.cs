using FlowAlp.Protocol.Numerics;
using FlowAlp.Engine.Connectors;
using FlowAlp.Engine.Operations;

namespace FlowAlp.Engine.Core;

/// <summary>
/// One position's opening at set-up: its protocol steps in order, and a yield vault wired as its connectors right
/// after the first step (the createPosition), as a scenario's set-up does it one call at a time.
/// </summary>
public sealed record PositionOpening(IReadOnlyList<Step> Steps, VaultWiring? Vault = null);

/// <summary>A yield vault made for <paramref name="Position"/> and set as its topUpSource and/or drawDownSink.</summary>
public sealed record VaultWiring(long Position, string Name, string YieldToken, UFix64 Apr, string ReserveAccount, ConnectorSpec? Source, ConnectorSpec? Sink);

/// <summary>
/// What a batch of openings did. A batch stops at the first step that is not Ok (the one-by-one set-up stops there
/// too): <paramref name="FailedOpening"/> is its opening's index and <paramref name="Failure"/> its outcome; both are
/// -1 / null when every opening was applied.
/// </summary>
public sealed record SetUpOutcome(int FailedOpening, OperationOutcome? Failure)
{
    public static readonly SetUpOutcome AllApplied = new(-1, null);
    public bool Ok => Failure is null;
}

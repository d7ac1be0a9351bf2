
using FlowAlp.Engine.Core;

namespace FlowAlp.Engine.Loop;

/// <summary>
/// An engine's whole state at a step boundary (<see cref="Snapshots.ObjectGraph"/> bytes) and where its event log stood.
/// The objects the driver supplies again on restore (price paths, the event log writer) are referred to, not held.
/// </summary>
public sealed record EngineSnapshot(byte[] State, EventLogCheckpoint Log);

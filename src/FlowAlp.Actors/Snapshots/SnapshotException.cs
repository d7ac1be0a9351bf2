namespace FlowAlp.Actors.Snapshots;

/// <summary>A state snapshot could not be written or read (a type it cannot hold, another build, a damaged payload); the message says which.</summary>
public sealed class SnapshotException(string message) : Exception(message);

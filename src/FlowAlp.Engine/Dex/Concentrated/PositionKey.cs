namespace FlowAlp.Engine.Dex.Concentrated;

/// <summary>Who holds a position and over which tick range [Lower, Upper).</summary>
public readonly record struct PositionKey(string Owner, int Lower, int Upper);

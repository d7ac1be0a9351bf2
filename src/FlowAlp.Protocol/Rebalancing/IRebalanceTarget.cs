namespace FlowAlp.Protocol.Rebalancing;

/// <summary>
/// What a scheduled rebalancer drives: the ERebalance capability on one position (spec §4.8). The rebalancer only
/// knows the position id and how to ask for a rebalance; it never touches balances itself.
/// </summary>
public interface IRebalanceTarget
{
    long PositionId { get; }

    /// <summary>rebalance(force): throws <see cref="ProtocolException"/> when the pool refuses (paused, locked, ...).</summary>
    void Rebalance(bool force);
}

namespace FlowAlp.Protocol.Rebalancing;

/// <summary>A position of a <see cref="Pool"/> as a rebalance target: Position.rebalance(force) → pool.rebalancePosition.</summary>
public sealed class PoolRebalanceTarget(Pool pool, long positionId) : IRebalanceTarget
{
    public long PositionId => positionId;
    public void Rebalance(bool force) => pool.Rebalance(positionId, force);
}

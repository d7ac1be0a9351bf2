using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Protocol.Connectors;

/// <summary>FlowALPPositionResources.PositionSink: deposits into a position (unbounded capacity), optionally pushing.</summary>
public sealed class PositionSink(Pool pool, long positionId, string token, bool push = false) : ISink
{
    public long PositionId => positionId;
    public string TokenType => token;
    public UFix64 MinimumCapacity() => UFix64.Max;

    public UFix64 DepositCapacity(Vault offered)
    {
        if (offered.Token != token || offered.Amount.IsZero) return UFix64.Zero;
        pool.Deposit(positionId, offered, push);
        return offered.Amount;
    }
}

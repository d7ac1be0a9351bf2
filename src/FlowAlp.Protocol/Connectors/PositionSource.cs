using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Protocol.Connectors;

/// <summary>
/// FlowALPPositionResources.PositionSource: withdraws from a position up to its availableBalance
/// (bounded by minHealth, optionally counting its own topUpSource). Pulling from the position that is being
/// rebalanced re-enters it and reverts on the position lock.
/// </summary>
public sealed class PositionSource(Pool pool, long positionId, string token, bool pullFromTopUpSource = false) : ISource
{
    public long PositionId => positionId;
    public string TokenType => token;
    public UFix64 MinimumAvailable() => pool.Query(() => pool.AvailableBalance(positionId, token, pullFromTopUpSource));

    public Vault WithdrawAvailable(UFix64 maxAmount)
    {
        UFix64 amount = UFix64.Min(MinimumAvailable(), maxAmount);
        if (amount.IsZero) return Vault.Empty(token);
        return new Vault(token, pool.Withdraw(positionId, token, amount, pullFromTopUpSource));
    }
}

using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Protocol.Connectors;

/// <summary>
/// DeFiActions Source (a position's topUpSource, a rebalancer's fee funder): declares a token type and gives
/// up to what is asked. The returned vault's type is checked by the caller (a source may lie about it).
/// </summary>
public interface ISource
{
    string TokenType { get; }
    UFix64 MinimumAvailable();
    /// <summary>Withdraws min(available, maxAmount); may return less, or an empty vault.</summary>
    Vault WithdrawAvailable(UFix64 maxAmount);
}

using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Protocol.Connectors;

/// <summary>A source that never has anything (a drained or malicious topUpSource).</summary>
public sealed class EmptySource(string token) : ISource
{
    public string TokenType => token;
    public UFix64 MinimumAvailable() => UFix64.Zero;
    public Vault WithdrawAvailable(UFix64 maxAmount) => Vault.Empty(token);
}

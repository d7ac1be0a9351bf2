using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Protocol.Connectors;

/// <summary>A source that gives at most <paramref name="capPerCall"/> per pull (a partial fill), whatever its inner source holds.</summary>
public sealed class CappedSource(ISource inner, UFix64 capPerCall) : ISource
{
    public string TokenType => inner.TokenType;
    public UFix64 MinimumAvailable() => UFix64.Min(inner.MinimumAvailable(), capPerCall);
    public Vault WithdrawAvailable(UFix64 maxAmount) => inner.WithdrawAvailable(UFix64.Min(maxAmount, capPerCall));
}

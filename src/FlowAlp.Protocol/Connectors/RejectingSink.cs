using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Protocol.Connectors;

/// <summary>DummySink: declares a type but accepts nothing (capacity 0 by default, or claims capacity and still refuses).</summary>
public sealed class RejectingSink(string token, UFix64? claimedCapacity = null) : ISink
{
    public string TokenType => token;
    public UFix64 MinimumCapacity() => claimedCapacity ?? UFix64.Zero;
    public UFix64 DepositCapacity(Vault offered) => UFix64.Zero;
}

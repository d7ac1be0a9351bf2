using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Protocol.Oracles;

/// <summary>
/// DeFiActions.PriceOracle: a token's price in the unit of account (MOET), or null for "no price".
/// <paramref name="now"/> is the block timestamp (virtual seconds): feeds with staleness or history use it.
/// A returned price of zero violates the interface's post-condition; the pool turns it into a revert.
/// </summary>
public interface IPriceOracle
{
    string UnitOfAccount { get; }
    UFix64? Price(string token, UFix64 now);
}

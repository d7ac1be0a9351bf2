using FlowAlp.Protocol.Atomicity;
using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Protocol.Oracles;

/// <summary>
/// MockOracle: 1.0 for the unit of account, a settable price (or none) for every other token.
/// Price changes are not transactional (they model the outside world, set between operations).
/// </summary>
public sealed class SettableOracle(string unitOfAccount) : IPriceOracle
{
    private readonly Dictionary<string, UFix64?> _prices = new();

    public string UnitOfAccount { get; } = unitOfAccount;

    public void Set(string token, UFix64? price) => _prices[token] = price;

    public UFix64? Price(string token, UFix64 now)
    {
        if (token == UnitOfAccount) return UFix64.One;
        return _prices.TryGetValue(token, out var p) ? p : null;
    }
}

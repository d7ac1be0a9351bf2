using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Protocol.Oracles;

/// <summary>PriceOracleRouterv1: a per-token oracle; an unknown token has no price; all routes share the unit of account.</summary>
public sealed class RouterOracle : IPriceOracle
{
    private readonly IReadOnlyDictionary<string, IPriceOracle> _routes;

    public RouterOracle(string unitOfAccount, IReadOnlyDictionary<string, IPriceOracle> routes)
    {
        foreach (var (token, o) in routes)
            if (o.UnitOfAccount != unitOfAccount) throw new ArgumentException($"routes.{token}: unit of account {o.UnitOfAccount}, expected {unitOfAccount}");
        UnitOfAccount = unitOfAccount;
        _routes = routes;
    }

    public string UnitOfAccount { get; }

    public UFix64? Price(string token, UFix64 now) =>
        token == UnitOfAccount ? UFix64.One : _routes.TryGetValue(token, out var o) ? o.Price(token, now) : null;
}

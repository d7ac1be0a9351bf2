using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Protocol.Oracles;

/// <summary>
/// A primary feed with a secondary behind it: when the primary has no price (missing, stale, rejected by its own
/// guards) the secondary answers. <see cref="LastSource"/> says which one answered the last call, for reports.
/// </summary>
public sealed class FallbackOracle : IPriceOracle
{
    private readonly IPriceOracle _primary, _secondary;

    public FallbackOracle(IPriceOracle primary, IPriceOracle secondary)
    {
        if (primary.UnitOfAccount != secondary.UnitOfAccount)
            throw new ArgumentException($"secondary: unit of account {secondary.UnitOfAccount} differs from the primary's {primary.UnitOfAccount}");
        _primary = primary;
        _secondary = secondary;
    }

    public enum Source { None, Primary, Secondary }
    public Source LastSource { get; private set; }
    public string UnitOfAccount => _primary.UnitOfAccount;

    public UFix64? Price(string token, UFix64 now)
    {
        if (_primary.Price(token, now) is { } p) { LastSource = Source.Primary; return p; }
        if (_secondary.Price(token, now) is { } s) { LastSource = Source.Secondary; return s; }
        LastSource = Source.None;
        return null;
    }
}

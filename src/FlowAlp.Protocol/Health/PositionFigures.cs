using FlowAlp.Protocol.Numerics;
using FlowAlp.Protocol.Positions;

namespace FlowAlp.Protocol.Health;

/// <summary>
/// A position's health, effective debt and full collateral and debt values (protocol math, so it lives beside
/// <see cref="BalanceSheet"/>), read from its balances and the tokens' snapshots taken once for all positions (<see cref="Protocol.Pool.TokenSnapshots"/>): the same products in the same
/// order as <see cref="PositionSnapshot.Sheet"/> and the sample's full values, so every figure equals the per-position
/// snapshot's exactly, without a probe and two dictionaries per position.
/// </summary>
public readonly record struct PositionFigures(UFix128 Health, UFix128 EffectiveDebt, UFix128 CollateralValue, UFix128 DebtValue)
{
    /// <summary>
    /// The figures, or null where <see cref="Protocol.Pool.SnapshotOf"/> would throw: a listed token, or a supported
    /// token its connectors move, has no snapshot.
    /// </summary>
    public static PositionFigures? Of(InternalPosition position, IReadOnlyDictionary<string, TokenSnapshot?> tokens) =>
        // the pool's token snapshots are a Dictionary: looked up through its own type (no interface call per lookup; a
        // sample reads every position's), any other map through the interface; the same lookups either way
        tokens is Dictionary<string, TokenSnapshot?> map ? Of(position, new MapLookup(map)) : Of(position, new AnyLookup(tokens));

    private interface ILookup { bool TryGetValue(string token, out TokenSnapshot? snapshot); }

    private readonly struct MapLookup(Dictionary<string, TokenSnapshot?> map) : ILookup
    {
        public bool TryGetValue(string token, out TokenSnapshot? snapshot) => map.TryGetValue(token, out snapshot);
    }

    private readonly struct AnyLookup(IReadOnlyDictionary<string, TokenSnapshot?> map) : ILookup
    {
        public bool TryGetValue(string token, out TokenSnapshot? snapshot) => map.TryGetValue(token, out snapshot);
    }

    // generic over a struct lookup: compiled once per lookup type, so the Dictionary's calls are direct
    private static PositionFigures? Of<TLookup>(InternalPosition position, TLookup tokens) where TLookup : struct, ILookup
    {
        if (!Priced(position.TopUpSource?.TokenType, tokens) || !Priced(position.DrawDownSink?.TokenType, tokens)) return null;
        UFix128 ce = UFix128.Zero, de = UFix128.Zero, value = UFix128.Zero, debt = UFix128.Zero;
        foreach (var (token, balance) in position.BalanceMap)
        {
            if (!tokens.TryGetValue(token, out var snapshot) || snapshot is not { } s) return null;
            // the sheet's price × (scaled × index) is the full value's (scaled × index) × price (the product is exact before
            // its one truncation, so the order of the factors does not matter): one product serves both
            if (balance.Direction == BalanceDirection.Credit)
            {
                UFix128 full = s.Price * (balance.Scaled.Quantity * s.CreditIndex);
                ce += full * s.CollateralFactor;
                value += full;
            }
            else
            {
                UFix128 full = s.Price * (balance.Scaled.Quantity * s.DebitIndex);
                de += full / s.BorrowFactor;
                debt += full;
            }
        }
        return new PositionFigures(HealthMath.Health(ce, de), de, value, debt);
    }

    /// <summary>A connector's token needs a snapshot only when the pool supports it (the snapshot leaves others out).</summary>
    private static bool Priced<TLookup>(string? token, TLookup tokens) where TLookup : struct, ILookup =>
        token is null || !tokens.TryGetValue(token, out var s) || s is not null;
}

using FlowAlp.Protocol.Health;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Protocol.Positions;

namespace FlowAlp.Protocol;

public sealed partial class Pool
{
    /// <summary>
    /// The position's balances, bounds and token snapshots at <see cref="Now"/>, read in a rolled-back probe (like
    /// every query: accrual is not kept). Throws the protocol's reason when a listed token has no price.
    /// </summary>
    public PositionSnapshot SnapshotOf(long pid) => Query(() =>
    {
        var position = PositionOf(pid);
        var tokens = new Dictionary<string, TokenSnapshot>();
        foreach (var token in position.Balances.Keys) tokens[token] = BuildTokenSnapshot(token);
        string? topUp = position.TopUpSource?.TokenType;
        string? drawDown = position.DrawDownSink?.TokenType;
        foreach (var t in new[] { topUp, drawDown })
            if (t is not null && !tokens.ContainsKey(t) && IsTokenSupported(t)) tokens[t] = BuildTokenSnapshot(t);
        return new PositionSnapshot(pid, Now, new Dictionary<string, InternalBalance>(position.BalanceMap), tokens,
            position.MinHealth, position.TargetHealth, position.MaxHealth, topUp, drawDown);
    });

    /// <summary>
    /// <see cref="SnapshotOf"/> for many positions in one rolled-back probe, leaving out those it would throw for: each
    /// token is accrued and priced once, and positions that list the same tokens in the same order share one read-only
    /// token map (equal to the one <see cref="SnapshotOf"/> builds), so a block's liquidation candidates — millions after
    /// a crash at 10M positions — cost a copy of their balances each, not a token map each.
    /// </summary>
    public List<PositionSnapshot> SnapshotsOf(IEnumerable<long> pids) => Query(() =>
    {
        var built = new Dictionary<string, TokenSnapshot?>(StringComparer.Ordinal);
        var maps = new List<Dictionary<string, TokenSnapshot>>();
        var keys = new List<string>(4);
        var list = new List<PositionSnapshot>();
        foreach (var pid in pids)
        {
            InternalPosition position;
            try { position = PositionOf(pid); }
            catch (ProtocolException) { continue; }
            keys.Clear();
            keys.AddRange(position.Balances.Keys);
            string? topUp = position.TopUpSource?.TokenType;
            string? drawDown = position.DrawDownSink?.TokenType;
            foreach (var t in new[] { topUp, drawDown })
                if (t is not null && !keys.Contains(t) && IsTokenSupported(t)) keys.Add(t);
            if (SharedTokenMap(keys, built, maps) is not { } tokens) continue; // a listed token has no price: SnapshotOf throws
            list.Add(new PositionSnapshot(pid, Now, new Dictionary<string, InternalBalance>(position.BalanceMap), tokens,
                position.MinHealth, position.TargetHealth, position.MaxHealth, topUp, drawDown));
        }
        return list;
    });

    /// <summary>The token map for <paramref name="keys"/> in that order: one already made for the same keys, or a new one; null if a token's snapshot throws.</summary>
    private Dictionary<string, TokenSnapshot>? SharedTokenMap(List<string> keys, Dictionary<string, TokenSnapshot?> built, List<Dictionary<string, TokenSnapshot>> maps)
    {
        foreach (var map in maps)
            if (map.Count == keys.Count && map.Keys.SequenceEqual(keys, StringComparer.Ordinal)) return map;
        var made = new Dictionary<string, TokenSnapshot>();
        foreach (var token in keys)
        {
            if (!built.TryGetValue(token, out var snapshot))
            {
                try { snapshot = BuildTokenSnapshot(token); }
                catch (ProtocolException) { snapshot = null; }
                built[token] = snapshot;
            }
            if (snapshot is not { } s) return null;
            made[token] = s;
        }
        maps.Add(made);
        return made;
    }

    /// <summary>
    /// Every supported token's snapshot at <see cref="Now"/> in one rolled-back probe: exactly what <see cref="SnapshotOf"/>
    /// lists for the token, or null where building it throws (no price, a token state that cannot be brought up to date),
    /// so a reader of many positions (the metrics sample) accrues and prices each token once instead of once per position.
    /// </summary>
    public IReadOnlyDictionary<string, TokenSnapshot?> TokenSnapshots() => Query(() =>
    {
        var snapshots = new Dictionary<string, TokenSnapshot?>(StringComparer.Ordinal);
        foreach (var token in _tokens.Keys)
        {
            try { snapshots[token] = BuildTokenSnapshot(token); }
            catch (ProtocolException) { snapshots[token] = null; }
        }
        return (IReadOnlyDictionary<string, TokenSnapshot?>)snapshots;
    });

    /// <summary>
    /// Ids of positions whose health is below 1.0 now (liquidator screening; positions without a price are skipped).
    /// Each token is accrued and priced once for the whole scan, then every position's sheet is summed with the same
    /// products in the same order as <c>_getUpdatedBalanceSheet</c> (sums are exact, so the health is identical); at a
    /// million positions this is the engine's hottest loop.
    /// </summary>
    public List<long> LiquidatablePositions() => LiquidatableAmong(Enumerable.Range(0, _positions.Count));

    /// <summary>The exact screen over <paramref name="ids"/> (ascending): the positions among them with health below 1.0.</summary>
    private List<long> LiquidatableAmong(IEnumerable<int> ids) => Query(() =>
    {
        var list = new List<long>();
        var tokens = new Dictionary<string, (UFix128 Price, UFix128 Credit, UFix128 Debit, UFix128 Cf, UFix128 Bf)?>();
        foreach (int i in ids)
        {
            UFix128 ce = UFix128.Zero, de = UFix128.Zero;
            bool priced = true;
            foreach (var (token, balance) in _positions[i].BalanceMap)
            {
                if (!tokens.TryGetValue(token, out var t))
                {
                    try
                    {
                        var ts = UpdatedTokenState(token);
                        t = (OraclePrice(token).ToUFix128(), ts.CreditInterestIndex, ts.DebitInterestIndex, ts.CollateralFactor.ToUFix128(), ts.BorrowFactor.ToUFix128());
                    }
                    catch (ProtocolException) { t = null; } // no price: not liquidatable now (liquidation itself would revert)
                    tokens[token] = t;
                }
                if (t is not { } k) { priced = false; break; }
                if (balance.Direction == BalanceDirection.Credit) ce += k.Price * (balance.Scaled.Quantity * k.Credit) * k.Cf;
                else de += k.Price * (balance.Scaled.Quantity * k.Debit) / k.Bf;
            }
            if (priced && HealthMath.Health(ce, de) < UFix128.One) list.Add(i);
        }
        return list;
    });
}

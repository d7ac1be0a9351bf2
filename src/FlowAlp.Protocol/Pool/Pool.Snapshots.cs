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
    /// <see cref="SnapshotOf"/> for many positions, leaving out those it would throw for: the tokens snapshotted once in
    /// one rolled-back probe (<see cref="TokenSnapshots"/>), and positions that list the same tokens in the same order
    /// share one read-only token map, so a block's liquidation candidates (millions after a crash at 10M positions) cost
    /// a copy of their balances each, not a token map each.
    /// </summary>
    public List<PositionSnapshot> SnapshotsOf(IReadOnlyCollection<long> pids)
    {
        var list = new List<PositionSnapshot>(pids.Count);
        if (pids.Count == 0) return list;
        var maps = new SharedTokenMaps(TokenSnapshots());
        foreach (var pid in pids)
            if (TrySnapshotOf(pid, maps) is { } s) list.Add(s);
        return list;
    }

    /// <summary>
    /// <see cref="SnapshotOf(long)"/> from token snapshots taken once for many positions (<see cref="TokenSnapshots"/>
    /// at this <see cref="Now"/> with no state change since): the same tokens in the same order, without a probe per
    /// position. Null where <see cref="SnapshotOf(long)"/> would throw the protocol's reason (an unknown position, a
    /// listed token or a supported connector token without a snapshot).
    /// </summary>
    public PositionSnapshot? TrySnapshotOf(long pid, IReadOnlyDictionary<string, TokenSnapshot?> snapshots) =>
        TrySnapshotOf(pid, new SharedTokenMaps(snapshots));

    /// <summary>
    /// <see cref="TrySnapshotOf(long, IReadOnlyDictionary{string, TokenSnapshot?})"/> for many positions: snapshots that list
    /// the same tokens in the same order share one read-only token map of <paramref name="maps"/>.
    /// </summary>
    public PositionSnapshot? TrySnapshotOf(long pid, SharedTokenMaps maps)
    {
        if (!TryGatherTokens(pid, maps)) return null;
        var position = _positions[(int)pid];
        return new PositionSnapshot(pid, Now, new Dictionary<string, InternalBalance>(position.BalanceMap), maps.MapOf(maps.Keys),
            position.MinHealth, position.TargetHealth, position.MaxHealth, position.TopUpSource?.TokenType, position.DrawDownSink?.TokenType);
    }

    /// <summary>
    /// Whether <see cref="TrySnapshotOf(long, SharedTokenMaps)"/> would give <paramref name="pid"/> a snapshot, without
    /// building it (a caller that snapshots millions of positions in batches knows the whole list first).
    /// </summary>
    public bool CanSnapshot(long pid, SharedTokenMaps maps) => TryGatherTokens(pid, maps);

    /// <summary>The position's snapshot tokens into <paramref name="maps"/>' scratch list; false where one has no snapshot.</summary>
    private bool TryGatherTokens(long pid, SharedTokenMaps maps)
    {
        if (pid < 0 || pid >= _positions.Count) return false;
        var position = _positions[(int)pid];
        var snapshots = maps.Snapshots;
        var keys = maps.Keys;
        keys.Clear();
        foreach (var token in position.BalanceMap.Keys)
        {
            if (!snapshots.TryGetValue(token, out var s) || s is null) return false;
            keys.Add(token);
        }
        return AddConnectorToken(keys, position.TopUpSource?.TokenType, snapshots) && AddConnectorToken(keys, position.DrawDownSink?.TokenType, snapshots);
    }

    /// <summary>A connector's token joins the snapshot when the pool supports it; false when it has no snapshot (no price).</summary>
    private static bool AddConnectorToken(List<string> keys, string? token, IReadOnlyDictionary<string, TokenSnapshot?> snapshots)
    {
        if (token is null || keys.Contains(token) || !snapshots.TryGetValue(token, out var s)) return true;
        if (s is null) return false;
        keys.Add(token);
        return true;
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
            if (priced && HealthMath.HealthBelowOne(ce, de)) list.Add(i); // Health(ce, de) < 1 without its division
        }
        return list;
    });
}

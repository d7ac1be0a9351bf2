using FlowAlp.Protocol.Health;
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
        return new PositionSnapshot(pid, Now, new Dictionary<string, InternalBalance>(position.Balances), tokens,
            position.MinHealth, position.TargetHealth, position.MaxHealth, topUp, drawDown);
    });

    /// <summary>Ids of positions whose health is below 1.0 now (liquidator screening; positions without a price are skipped).</summary>
    public List<long> LiquidatablePositions() => Query(() =>
    {
        var list = new List<long>();
        for (int i = 0; i < _positions.Count; i++)
        {
            try { if (PositionHealthNoTx(i) < Numerics.UFix128.One) list.Add(i); }
            catch (ProtocolException) { /* no price: not liquidatable now (liquidation itself would revert) */ }
        }
        return list;
    });
}

using FlowAlp.Protocol.Numerics;
using FlowAlp.Protocol.Positions;

namespace FlowAlp.Engine.Positions;

/// <summary>
/// What a position actor keeps between messages: its balances (scaled, with direction) and health bounds, and the
/// health they had at the last commit. Compact on purpose (an array, no dictionaries, no token snapshots): a million of
/// them must fit beside the pool; the market-wide token data comes with each decision request instead.
/// </summary>
public sealed record PositionReplica((string Token, InternalBalance Balance)[] Balances, UFix128 MinHealth, UFix128 TargetHealth, UFix128 MaxHealth, UFix128 Health)
{
    public static PositionReplica From(PositionSnapshot s)
    {
        var balances = new (string, InternalBalance)[s.Balances.Count];
        int i = 0;
        foreach (var (token, balance) in s.Balances) balances[i++] = (token, balance);
        if (balances.Length > 1) Array.Sort(balances, (a, b) => string.CompareOrdinal(a.Item1, b.Item1));
        return new(balances, s.MinHealth, s.TargetHealth, s.MaxHealth, s.Health);
    }
}

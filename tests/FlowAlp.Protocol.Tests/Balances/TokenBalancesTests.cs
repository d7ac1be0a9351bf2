using FlowAlp.Protocol.Numerics;
using FlowAlp.Protocol.Positions;

namespace FlowAlp.Protocol.Tests.Balances;

/// <summary>
/// A position's compact balance map against the hash map it replaced: the same entries, lookups and insertion order
/// (what every sum and snapshot over a position's tokens follows) over random writes, and copies that do not share.
/// </summary>
public class TokenBalancesTests
{
    private static InternalBalance Balance(int n, bool debit) =>
        new(new SignedBalance(debit ? BalanceDirection.Debit : BalanceDirection.Credit, UFix128.FromInteger((ulong)n)));

    [Fact]
    public void Entries_lookups_and_order_are_the_hash_maps()
    {
        var rng = new Random(12);
        string[] tokens = ["MOET", "FLOW", "BTC", "ETH", "USDC"];
        for (int round = 0; round < 200; round++)
        {
            var expected = new Dictionary<string, InternalBalance>();
            var map = new TokenBalances();
            for (int op = 0; op < rng.Next(1, 12); op++)
            {
                var token = tokens[rng.Next(tokens.Length)];
                var value = Balance(rng.Next(1000), rng.Next(2) == 0);
                expected[token] = value;
                map[token] = value;
            }
            Assert.Equal(expected.Count, map.Count);
            Assert.Equal(expected.ToList(), map.ToList());
            var keys = new List<string>();
            foreach (var k in map.Keys) keys.Add(k);
            Assert.Equal(expected.Keys, keys);
            Assert.Equal(expected.Keys, ((IReadOnlyDictionary<string, InternalBalance>)map).Keys);
            Assert.Equal(expected.Values, ((IReadOnlyDictionary<string, InternalBalance>)map).Values);
            foreach (var token in tokens)
            {
                Assert.Equal(expected.ContainsKey(token), map.ContainsKey(token));
                Assert.Equal(expected.TryGetValue(token, out var e), map.TryGetValue(token, out var g));
                Assert.Equal(e, g);
                if (expected.ContainsKey(token)) Assert.Equal(expected[token], map[token]);
                else Assert.Throws<KeyNotFoundException>(() => map[token]);
            }
            Assert.Equal(expected, new Dictionary<string, InternalBalance>(map)); // a snapshot's copy
        }
    }

    [Fact]
    public void A_copy_keeps_its_entries_when_the_original_changes()
    {
        var map = new TokenBalances { ["FLOW"] = Balance(5, false), ["MOET"] = Balance(2, true) };
        var copy = new TokenBalances(map);
        map["FLOW"] = Balance(1, false);
        map["BTC"] = Balance(3, false);
        Assert.Equal([new("FLOW", Balance(5, false)), new KeyValuePair<string, InternalBalance>("MOET", Balance(2, true))], copy.ToList());
        Assert.Equal(["FLOW", "MOET", "BTC"], map.Select(kv => kv.Key));
        Assert.Empty(new TokenBalances(new TokenBalances()));
    }
}

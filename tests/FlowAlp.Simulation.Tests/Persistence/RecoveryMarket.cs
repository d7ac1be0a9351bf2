using System.Text.Json.Nodes;
using FlowAlp.Actors.Rebalancing;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Engine.Rebalancing;

namespace FlowAlp.Simulation.Tests.Persistence;

/// <summary>
/// A small pool for the recovery tests, as a protocol script: three FLOW positions that borrow MOET into wallet sinks
/// (two with a wallet topUpSource), a paid rebalancer each, and a FLOW price that falls then rises, so rebalances,
/// top-ups and draw-downs really happen between ticks.
/// </summary>
internal static class RecoveryMarket
{
    public const string Setup = """
        {
          "pool": { "defaultToken": "MOET" },
          "tokens": [ { "symbol": "FLOW", "collateralFactor": "0.8", "borrowFactor": "1.0",
                        "interestCurve": { "kind": "fixed", "yearlyRate": "0.05" }, "depositRate": "1000000", "depositCapacityCap": "1000000" } ],
          "prices": { "FLOW": "1.0" },
          "dexPrices": {},
          "accounts": { "alice": { "FLOW": "1000", "MOET": "500" }, "bob": { "FLOW": "1000", "MOET": "500" }, "carol": { "FLOW": "1000" }, "admin": { "FLOW": "100" } },
          "steps": []
        }
        """;

    public static IEnumerable<string> Openings() =>
    [
        """{ "op": "createPosition", "as": "alice", "deposit": { "token": "FLOW", "amount": "400" }, "pushToDrawDownSink": true, "drawDownSink": "alice", "topUpSource": "alice" }""",
        """{ "op": "createPosition", "as": "bob", "deposit": { "token": "FLOW", "amount": "250" }, "pushToDrawDownSink": true, "drawDownSink": "bob", "topUpSource": "bob" }""",
        """{ "op": "createPosition", "as": "carol", "deposit": { "token": "FLOW", "amount": "300" }, "pushToDrawDownSink": true, "drawDownSink": "carol" }""",
    ];

    public static readonly RebalancerSpec Rebalancer = new(600, Force: false, UFix64.Parse("0.00105"), "FLOW", "admin");

    /// <summary>The FLOW price in force from each time on (set by a setPrice step before that block).</summary>
    private static readonly (ulong At, string Price)[] Prices = [(600, "0.85"), (1800, "0.7"), (3000, "1.2"), (4200, "1.5")];

    /// <summary>The blocks from (exclusive) to (inclusive), one a minute, each preceded by its price change if one is due.</summary>
    public static IEnumerable<object> Blocks(ulong from, ulong to)
    {
        for (ulong t = from + 60; t <= to; t += 60)
        {
            foreach (var (at, price) in Prices)
                if (at == t) yield return new FlowAlp.Simulation.Persistence.RunScriptStepJson(new JsonObject { ["op"] = "setPrice", ["token"] = "FLOW", ["price"] = price }.ToJsonString());
            yield return new FlowAlp.Actors.Pool.Tick(UFix64.FromInteger(t));
        }
    }
}

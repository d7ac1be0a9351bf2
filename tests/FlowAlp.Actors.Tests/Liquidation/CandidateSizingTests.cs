using FlowAlp.Engine.Core;
using FlowAlp.Engine.Dex;
using FlowAlp.Engine.Liquidation;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Scripting;

namespace FlowAlp.Actors.Tests.Liquidation;

/// <summary>
/// A candidate sized once per discount and shared by the liquidators gives each of them exactly the offer it would
/// have built alone: alice's 1000 FLOW borrowed MOET to health 1.3 at FLOW = 1; FLOW then fell to 0.7 (health ≈ 0.91).
/// </summary>
public class CandidateSizingTests
{
    private const string Setup = """
    { "pool": { "defaultToken": "MOET" },
      "tokens": [ { "symbol": "FLOW", "collateralFactor": "0.8", "borrowFactor": "1.0", "interestCurve": { "kind": "fixed", "yearlyRate": "0" },
                    "depositRate": "1000000", "depositCapacityCap": "1000000" } ],
      "prices": { "FLOW": "1.0" },
      "accounts": { "alice": { "FLOW": "1000" } },
      "steps": [
        { "op": "createPosition", "as": "alice", "deposit": { "token": "FLOW", "amount": "1000" }, "pushToDrawDownSink": true, "drawDownSink": "alice" },
        { "op": "setPrice", "token": "FLOW", "price": "0.7" }
      ] }
    """;

    [Fact]
    public void Each_liquidator_gets_the_offer_it_would_build_alone()
    {
        var script = ScriptParser.Parse(Setup);
        var core = new PoolCore(script);
        foreach (var step in script.Steps) core.ApplyScriptStep(step);
        var candidate = core.TrySnapshot(0)!;
        var dex = new ConstantProductAmm();
        dex.SetLiquidity("FLOW", UFix64.Parse("1000000"), "MOET", UFix64.Parse("700000"));
        var target = core.Pool.LiquidationTargetHealth;

        var shared = new CandidateSizing(candidate.Sheet());
        Assert.True(shared.Sheet.Health < UFix128.One, $"health {shared.Sheet.Health}");
        var seen = new List<LiquidationOffer>();
        int seq = 0;
        foreach (var (name, bps) in new (string, ushort)[] { ("keeper-1", 50), ("keeper-2", 50), ("keeper-3", 200), ("keeper-4", 50) })
        {
            var alone = LiquidationOfferBuilder.Build(name, candidate, dex, target, bps, seq);
            var offer = shared.Size(candidate, dex, target, bps)?.OfferBy(name, candidate.Id, seq);
            Assert.NotNull(alone);
            Assert.Equal(alone, offer);
            seen.Add(offer!);
            seq++;
        }
        // the same amounts for the same discount; a larger discount seizes less
        Assert.Equal((seen[0].RepayAmount, seen[0].SeizeAmount), (seen[1].RepayAmount, seen[1].SeizeAmount));
        Assert.Equal((seen[0].RepayAmount, seen[0].SeizeAmount), (seen[3].RepayAmount, seen[3].SeizeAmount));
        Assert.True(seen[2].SeizeAmount < seen[0].SeizeAmount, $"{seen[2].SeizeAmount} vs {seen[0].SeizeAmount}");
        Assert.Equal(("MOET", "FLOW"), (seen[0].DebtToken, seen[0].SeizeToken));
    }
}

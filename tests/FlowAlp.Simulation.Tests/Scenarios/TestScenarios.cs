namespace FlowAlp.Simulation.Tests.Scenarios;

/// <summary>Small scenarios the tests run end to end (seconds, not minutes).</summary>
internal static class TestScenarios
{
    /// <summary>
    /// Six hours: FLOW on a scripted path that loses 35 % between hour 2 and hour 3 (then drifts), USDC on an OU peg.
    /// 20 rebalancing borrowers keep their borrowed MOET in the wallet that is also their topUpSource (borrowedFunds
    /// "kept", declared: the default spends it); 20 passive ones
    /// borrow to 1.3 and never act, so at FLOW × 0.65 their health is 1.3 × 0.65 = 0.845 < 1.
    /// </summary>
    public const string Crash = """
    {
      "name": "crash-test",
      "seed": 7,
      "durationHours": 6,
      "stepSeconds": 60,
      "sampleEverySteps": 5,
      "tokens": [
        { "symbol": "FLOW", "collateralFactor": "0.8", "borrowFactor": "1.0", "interestCurve": { "kind": "fixed", "yearlyRate": "0.05" },
          "depositRate": "1000000", "depositCapacityCap": "100000000", "depositLimitFraction": "1" },
        { "symbol": "USDC", "collateralFactor": "0.9", "borrowFactor": "1.0", "interestCurve": { "kind": "fixed", "yearlyRate": "0.02" },
          "depositRate": "1000000", "depositCapacityCap": "100000000", "depositLimitFraction": "1" }
      ],
      "prices": {
        "FLOW": { "process": "scripted", "start": 1.0, "points": [ { "hours": 2, "price": 1.0 }, { "hours": 3, "price": 0.65 }, { "hours": 6, "price": 0.66 } ] },
        "USDC": { "process": "ou", "start": 1.0, "mean": 1.0, "speed": 500, "volatility": 0.01 }
      },
      "dex": { "feeBps": 30, "depth": { "FLOW": "5000000", "USDC": "5000000" } },
      "rebalancers": { "intervalSeconds": 600, "fee": "0.00105", "feeToken": "MOET", "cronSeconds": 3600, "adminFunds": "1000" },
      "populations": [
        { "name": "lp", "kind": "lp", "count": 1, "deposit": { "MOET": "100000" } },
        { "name": "rebalancing", "count": 20, "collateral": { "FLOW": 1 }, "size": { "min": 500, "max": 2000 },
          "health": { "min": 1.1, "target": { "min": 1.25, "max": 1.35 }, "max": 1.6 }, "topUpSource": "wallet", "drawDownSink": "wallet", "borrowedFunds": "kept", "rebalancer": "paid" },
        { "name": "passive", "count": 20, "collateral": { "FLOW": 1 }, "size": { "min": 500, "max": 2000 },
          "health": { "min": 1.1, "target": 1.3, "max": 1.5 }, "topUpSource": "none", "drawDownSink": "wallet", "rebalancer": "none" },
        { "name": "mixed", "count": 5, "collateral": { "FLOW": 1, "USDC": 1 }, "size": 1000,
          "health": { "min": 1.1, "target": 1.4, "max": 1.8, "initial": 1.5 }, "topUpSource": "wallet", "drawDownSink": "wallet", "borrowedFunds": "kept", "rebalancer": "self" }
      ],
      "liquidators": [ { "name": "keeper", "count": 2, "capital": "100000", "discountBps": 50 } ],
      "outputs": { "dir": "out/crash-test" }
    }
    """;

    public static Simulation.Scenarios.Scenario Parse(string json = Crash) => Simulation.Scenarios.ScenarioParser.Parse(json, Repo.Root);
}

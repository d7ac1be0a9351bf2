using System.Text.Json.Nodes;
using FlowAlp.Simulation.Reports;
using FlowAlp.Simulation.Running;
using FlowAlp.Simulation.Scenarios;

namespace FlowAlp.Simulation.Tests.Scenarios;

/// <summary>
/// Where borrowed MOET goes decides whether a wallet-topped-up borrower can be saved: one borrower (1,000 FLOW at 1.0,
/// borrowing to health 1.3, so 615.38461538 MOET), a paid rebalancer every 10 min, and FLOW falling to 0.65 between
/// hour 1 and hour 2. Spent (the default), its wallet is empty and the keeper liquidates it; kept, its own loan tops it
/// up; with a quarter of the loan kept as a reserve, the reserve runs out but the position is not liquidated.
/// </summary>
public class BorrowedFundsTests
{
    private const string OneBorrower = """
    {
      "name": "one-borrower", "seed": 3, "durationHours": 3, "stepSeconds": 60, "sampleEverySteps": 10,
      "tokens": [ { "symbol": "FLOW", "collateralFactor": "0.8", "borrowFactor": "1.0", "interestCurve": { "kind": "fixed", "yearlyRate": "0.05" },
                    "depositRate": "1000000", "depositCapacityCap": "100000000", "depositLimitFraction": "1" } ],
      "prices": { "FLOW": { "process": "scripted", "start": 1.0, "points": [ { "hours": 1, "price": 1.0 }, { "hours": 2, "price": 0.65 }, { "hours": 3, "price": 0.65 } ] } },
      "dex": { "feeBps": 30, "depth": { "FLOW": "5000000" } },
      "rebalancers": { "intervalSeconds": 600, "fee": "0.00105", "feeToken": "MOET", "cronSeconds": 3600, "adminFunds": "1000" },
      "populations": [
        { "name": "lp", "kind": "lp", "count": 1, "deposit": { "MOET": "100000" } },
        { "name": "borrower", "count": 1, "collateral": { "FLOW": 1 }, "size": 1000, "health": { "min": 1.1, "target": 1.3, "max": 1.5 },
          "topUpSource": "wallet", "drawDownSink": "wallet", "rebalancer": "paid" }
      ],
      "liquidators": [ { "name": "keeper", "count": 1, "capital": "100000", "discountBps": 50 } ]
    }
    """;

    private static Scenario With(Action<JsonObject>? edit = null)
    {
        var o = JsonNode.Parse(OneBorrower)!.AsObject();
        edit?.Invoke(o["populations"]![1]!.AsObject());
        return ScenarioParser.Parse(o.ToJsonString(), Repo.Root);
    }

    private static List<JsonObject> Events(SimulationResult r, string type) =>
        r.EventLog.Select(l => JsonNode.Parse(l)!.AsObject()).Where(e => e["event"]!["type"]!.GetValue<string>() == type).Select(e => e["event"]!.AsObject()).ToList();

    private static string S(JsonObject e, string field) => e[field]!.ToString();

    [Fact]
    public void A_wallet_drawDownSink_spends_what_it_borrows_unless_the_scenario_says_kept()
    {
        var spent = With().Populations[1];
        Assert.Equal(BorrowedFunds.Spent, spent.Borrowed);
        Assert.Equal("spent:borrower", spent.WalletSinkAccount("borrower-0"));
        var kept = With(p => p["borrowedFunds"] = "kept").Populations[1];
        Assert.Equal(BorrowedFunds.Kept, kept.Borrowed);
        Assert.Equal("borrower-0", kept.WalletSinkAccount("borrower-0"));
        var reserve = With(p => p["topUpSource"] = new JsonObject { ["MOET"] = "250", ["loanFraction"] = 0.2 }).Populations[1];
        Assert.Equal((Funding.Wallet, new Dist(250, 250), 0.2), (reserve.TopUpSource, reserve.WalletMoet, reserve.LoanReserveFraction));
    }

    [Fact]
    public void Wallet_moet_given_twice_is_one_line_naming_the_field()
    {
        var e = Assert.Throws<ScenarioException>(() => With(p => { p["topUpSource"] = new JsonObject { ["MOET"] = "100" }; p["walletMoet"] = 50; }));
        Assert.Equal("populations[1].walletMoet: give the wallet's MOET once: here or as topUpSource.MOET", e.Message);
    }

    [Fact]
    public async Task A_spending_borrower_with_nothing_to_top_up_from_is_liquidated_and_tokens_are_conserved()
    {
        var r = await SimulationRunner.Run(With(), EngineKind.Plain);
        // the loan goes to the outflow account at opening (health 1.3 on 800 MOET of effective collateral)
        var opening = Events(r, "Rebalanced").First();
        Assert.Equal(("615.38461538", "false"), (S(opening, "amount"), S(opening, "fromUnder")));
        // below target the rebalancer finds an empty wallet: a zero top-up, then the rebalance fails under health 1
        var firstTopUp = Events(r, "Rebalanced").Skip(1).First();
        Assert.Equal(("0.00000000", "true"), (S(firstTopUp, "amount"), S(firstTopUp, "fromUnder")));
        Assert.Equal("topUpSource insufficient to save position from liquidation", S(Events(r, "RebalanceFailed")[0], "reason"));
        var liquidations = Events(r, "LiquidationExecuted");
        Assert.Equal(4, liquidations.Count);
        Assert.Equal(("127.19479658", "165.57825750"), (S(liquidations[0], "repayAmount"), S(liquidations[0], "seizeAmount")));
        var pop = RunReport.Summary(r)["populations"]!["borrower"]!;
        Assert.Equal((0.0, 1, 4), (pop["survivalRate"]!.GetValue<double>(), pop["liquidatedPositions"]!.GetValue<int>(), pop["liquidations"]!.GetValue<int>()));
        // the spent MOET left the borrower but not the world: every token is conserved, the loan counted in the outflow account
        Assert.Equal(("201615.38461538", "201615.38461538"), (r.Conservation["MOET"].Expected.ToString(), r.Conservation["MOET"].Actual.ToString()));
        Assert.Equal(r.Conservation["FLOW"].Expected, r.Conservation["FLOW"].Actual);
    }

    [Fact]
    public async Task A_borrower_that_keeps_its_loan_tops_up_from_it_and_survives()
    {
        var r = await SimulationRunner.Run(With(p => p["borrowedFunds"] = "kept"), EngineKind.Plain);
        var topUps = Events(r, "Rebalanced").Where(e => S(e, "fromUnder") == "true").Select(e => S(e, "amount")).ToList();
        Assert.Equal(["107.68818116", "107.69209927"], topUps);
        Assert.Empty(Events(r, "LiquidationExecuted"));
        Assert.Equal(1.0, RunReport.Summary(r)["populations"]!["borrower"]!["survivalRate"]!.GetValue<double>());
        Assert.All(r.Conservation.Values, c => Assert.Equal(c.Expected, c.Actual));
    }

    [Fact]
    public async Task A_quarter_of_the_loan_kept_as_reserve_is_borrowed_apart_and_tops_up_until_it_runs_out()
    {
        var r = await SimulationRunner.Run(With(p => p["topUpSource"] = new JsonObject { ["loanFraction"] = 0.25 }), EngineKind.Plain);
        var rebalanced = Events(r, "Rebalanced");
        // opening: three quarters to the outflow account (to health 1.3 / 0.75), a quarter into the wallet; the same loan in all
        Assert.Equal(["461.53855029", "153.84606509"], rebalanced.Take(2).Select(e => S(e, "amount")));
        Assert.Equal(Protocol.Numerics.UFix64.Parse("615.38461538"),
            Protocol.Numerics.UFix64.Parse("461.53855029") + Protocol.Numerics.UFix64.Parse("153.84606509"));
        // the reserve pays the first top-up in full and what is left of it (153.84606509 − 107.68818116) the second
        var topUps = rebalanced.Where(e => S(e, "fromUnder") == "true").Select(e => S(e, "amount")).ToList();
        Assert.Equal(["107.68818116", "46.15788393"], topUps);
        Assert.Equal("46.15788393", S(Events(r, "PartialTopUp")[0], "amount"));
        Assert.Empty(Events(r, "LiquidationExecuted"));
        Assert.All(r.Conservation.Values, c => Assert.Equal(c.Expected, c.Actual));
    }
}

using System.Text.Json.Nodes;
using Akka.Actor;
using FlowAlp.Actors.Engine;
using FlowAlp.Actors.Pool;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Scripting;
using Xunit.Abstractions;
using FlowAlp.Engine.Connectors;
using FlowAlp.Engine.Core;
using FlowAlp.Engine.Loop;
using FlowAlp.Engine.Operations;
using FlowAlp.Engine.World;

namespace FlowAlp.Actors.Tests.Connectors;

/// <summary>
/// Top-up and draw-down flows through the engine's connectors: auto-borrow into a wallet, top-up from a wallet and from
/// another position, a source that runs dry in a crash, a sink that refuses, cross-position leverage, and cycles of
/// positions refused when they are configured. Every flow conserves FLOW and MOET (MOET counting what the pool minted).
/// </summary>
public class FlowTests(ITestOutputHelper output) : EngineTestKit(output)
{
    private const string Setup = """
    { "pool": { "defaultToken": "MOET" },
      "tokens": [ { "symbol": "FLOW", "collateralFactor": "0.8", "borrowFactor": "1.0", "interestCurve": { "kind": "fixed", "yearlyRate": "0" },
                    "depositRate": "1000000", "depositCapacityCap": "1000000", "depositLimitFraction": "1" } ],
      "prices": { "FLOW": "1.0" }, "dexPrices": { "FLOW/MOET": "1.0" },
      "accounts": { "alice": { "FLOW": "1000" }, "bob": { "FLOW": "5000" }, "treasury": { "MOET": "50" }, "lp": { "MOET": "5000" } },
      "steps": [
        { "op": "createPosition", "as": "alice", "deposit": { "token": "FLOW", "amount": "1000" }, "pushToDrawDownSink": true, "drawDownSink": "alice" },
        { "op": "createPosition", "as": "bob", "deposit": { "token": "FLOW", "amount": "5000" }, "pushToDrawDownSink": false },
        { "op": "createPosition", "as": "lp", "deposit": { "token": "MOET", "amount": "5000" }, "pushToDrawDownSink": false }
      ] }
    """;

    private static UFix64 U(string s) => UFix64.Parse(s);

    private static void Between(UFix128 x, UFix128 lo, UFix128 hi) => Assert.True(x >= lo && x <= hi, $"{x} not in [{lo}, {hi}]");
    private static void Between(UFix64 x, UFix64 lo, UFix64 hi) => Assert.True(x >= lo && x <= hi, $"{x} not in [{lo}, {hi}]");

    private async Task<PoolEngine> Start(string name)
    {
        var script = ScriptParser.Parse(Setup);
        var engine = PoolEngine.StartOn(Sys, script, name);
        foreach (var step in script.Steps) Assert.True((await engine.StepLine(step))["ok"]!.GetValue<bool>());
        return engine;
    }

    private static async Task<JsonObject> Position(PoolEngine e, long pid) =>
        (await e.StepLine(new QueryStep(0, "position", new QueryArgs(Position: pid))))["result"]!.AsObject();

    private static async Task<UFix64> Wallet(PoolEngine e, string account, string token)
    {
        var b = (await e.StepLine(new QueryStep(0, "account", new QueryArgs(Account: account))))["result"]!["balances"]!.AsObject();
        return b[token] is { } v ? U(v.GetValue<string>()) : UFix64.Zero;
    }

    private static UFix64 Balance(JsonObject position, string token, string direction)
    {
        var b = position["balances"]![token];
        return b is not null && b["direction"]!.GetValue<string>() == direction ? U(b["amount"]!.GetValue<string>()) : UFix64.Zero;
    }

    private static UFix128 Health(JsonObject position) => UFix128.Parse(position["health"]!.GetValue<string>());

    private static async Task<JsonObject> Do(PoolEngine e, Step step)
    {
        var line = await e.StepLine(step);
        return line;
    }

    /// <summary>MOET in every wallet, minus what the pool minted, plus what positions owe: constant (borrowing mints, repaying burns).</summary>
    private static async Task AssertMoetConserved(PoolEngine e, params string[] accounts)
    {
        var pool = (await e.StepLine(new QueryStep(0, "pool", new QueryArgs())))["result"]!.AsObject();
        UFix64 wallets = UFix64.Zero;
        foreach (var a in accounts) wallets += await Wallet(e, a, "MOET");
        UFix64 minted = U(pool["moetMinted"]!.GetValue<string>());
        UFix64 reserve = pool["reserves"]?["MOET"] is { } r ? U(r.GetValue<string>()) : UFix64.Zero;
        Assert.Equal(U("5050") + minted, wallets + reserve);
    }

    [Fact]
    public async Task Auto_borrow_on_opening_pushes_exactly_the_target_health_amount_to_the_sink()
    {
        var e = await Start("flow-autoborrow");
        Assert.Equal(U("615.38461538"), await Wallet(e, "alice", "MOET")); // 1000 · 0.8 / 1.3, truncated
        var p = await Position(e, 0);
        Assert.Equal(U("615.38461538"), Balance(p, "MOET", "debit"));
        await AssertMoetConserved(e, "alice", "bob", "treasury", "lp");
    }

    [Fact]
    public async Task Top_up_from_a_wallet_restores_target_health()
    {
        var e = await Start("flow-wallet");
        await e.Ask<Status.Success>(new SetTopUpSource(0, new WalletConnector("alice")));
        await Do(e, new SetPriceStep(0, "FLOW", U("0.8")));
        UFix64 before = await Wallet(e, "alice", "MOET");
        await Do(e, new RebalanceStep(0, 0, false));
        var p = await Position(e, 0);
        Between(Health(p), UFix128.Parse("1.3"), UFix128.Parse("1.3000001"));
        // target debt 640/1.3 = 492.30769230…; the wallet paid the difference
        UFix64 paid = before - await Wallet(e, "alice", "MOET");
        Assert.Equal(U("615.38461538") - Balance(p, "MOET", "debit"), paid);
        Between(Balance(p, "MOET", "debit"), U("492.30769230"), U("492.30769232"));
        await AssertMoetConserved(e, "alice", "bob", "treasury", "lp");
    }

    [Fact]
    public async Task Top_up_from_another_position_borrows_there_and_repays_here()
    {
        var e = await Start("flow-position");
        await e.Ask<Status.Success>(new SetTopUpSource(0, new PositionConnector(1)));
        await Do(e, new SetPriceStep(0, "FLOW", U("0.8")));
        var line = await Do(e, new RebalanceStep(0, 0, false));
        Assert.True(line["ok"]!.GetValue<bool>(), line.ToJsonString());
        var alice = await Position(e, 0);
        var bob = await Position(e, 1);
        Between(Health(alice), UFix128.Parse("1.3"), UFix128.Parse("1.3000001"));
        UFix64 repaid = U("615.38461538") - Balance(alice, "MOET", "debit");
        Assert.Equal(repaid, Balance(bob, "MOET", "debit")); // bob's position borrowed exactly what alice's repaid
        Assert.True(Health(bob) > UFix128.Parse("1.1"), $"bob stays within his min health: {Health(bob)}");
        var log = (await e.EventLog()).Lines;
        Assert.Contains(log, l => l.Contains("\"type\":\"TopUpSourceSet\"") && l.Contains("position:1"));
        await AssertMoetConserved(e, "alice", "bob", "treasury", "lp");
    }

    [Fact]
    public async Task A_source_that_runs_dry_mid_crash_gives_what_it_has_then_cannot_save_the_position()
    {
        var e = await Start("flow-dry");
        await e.Ask<Status.Success>(new SetTopUpSource(0, new WalletConnector("treasury"))); // holds only 50 MOET
        await Do(e, new SetPriceStep(0, "FLOW", U("0.8"))); // health 640 / 615.38… = 1.04 < min 1.1
        var line = await Do(e, new RebalanceStep(0, 0, false));
        Assert.True(line["ok"]!.GetValue<bool>(), line.ToJsonString());
        var p = await Position(e, 0);
        Assert.Equal(UFix64.Zero, await Wallet(e, "treasury", "MOET"));
        Assert.Equal(U("565.38461538"), Balance(p, "MOET", "debit")); // 615.38461538 − all 50 the source had
        Between(Health(p), UFix128.Parse("1.1319"), UFix128.Parse("1.1320")); // 640 / 565.38…: better, still below target 1.3

        // the crash deepens: the dry source cannot lift health back to 1, so the protocol reverts the top-up and the
        // position is left to the liquidators
        await Do(e, new SetPriceStep(0, "FLOW", U("0.6")));
        line = await Do(e, new RebalanceStep(0, 0, false));
        Assert.False(line["ok"]!.GetValue<bool>());
        Assert.Equal("topUpSource insufficient to save position from liquidation", line["error"]!.GetValue<string>());
        Assert.Equal(U("565.38461538"), Balance(await Position(e, 0), "MOET", "debit"));
        var q = (await e.StepLine(new QueryStep(0, "isLiquidatable", new QueryArgs(Position: 0))))["result"]!["isLiquidatable"]!.GetValue<bool>();
        Assert.True(q);
        await AssertMoetConserved(e, "alice", "bob", "treasury", "lp");
    }

    [Fact]
    public async Task A_sink_that_refuses_leaves_the_surplus_in_the_position()
    {
        var e = await Start("flow-reject");
        await e.Ask<Status.Success>(new SetDrawDownSink(0, new DeadConnector()));
        await Do(e, new SetPriceStep(0, "FLOW", U("2.0")));
        var before = await Position(e, 0);
        var line = await Do(e, new RebalanceStep(0, 0, false));
        var after = await Position(e, 0);
        Assert.Equal(Balance(before, "MOET", "debit"), Balance(after, "MOET", "debit"));
        Assert.Equal(Balance(before, "FLOW", "credit"), Balance(after, "FLOW", "credit"));
        Assert.Equal(Health(before), Health(after));
        Assert.True(Health(after) > UFix128.Parse("2"), line.ToJsonString());
        await AssertMoetConserved(e, "alice", "bob", "treasury", "lp");
    }

    [Fact]
    public async Task Cross_position_leverage_pushes_borrowed_MOET_into_another_position()
    {
        var e = await Start("flow-leverage");
        await e.Ask<Status.Success>(new SetDrawDownSink(1, new PositionConnector(0)));
        // bob's 5000 FLOW borrows to health 1.3 and the MOET lands in alice's position, repaying her debt first
        await Do(e, new RebalanceStep(0, 1, true));
        var bob = await Position(e, 1);
        var alice = await Position(e, 0);
        UFix64 borrowed = Balance(bob, "MOET", "debit");
        Assert.Equal(U("3076.92307692"), borrowed); // 5000 · 0.8 / 1.3
        Assert.Equal(borrowed - U("615.38461538"), Balance(alice, "MOET", "credit"));
        Assert.Equal(UFix128.Max, Health(alice)); // no debt left
        await AssertMoetConserved(e, "alice", "bob", "treasury", "lp");
    }

    private static async Task WithStrategyDex(PoolEngine e)
    {
        await e.Ask<Status.Success>(new AddStrategyLiquidity("YIELD", U("1000000"), "MOET", U("1000000")));
        await e.StepLine(new MintStep(0, "yield-reserve", "YIELD", U("100000")));
    }

    [Fact]
    public async Task A_yield_vault_takes_the_draw_down_grows_and_later_tops_the_position_up()
    {
        var e = await Start("flow-vault");
        await WithStrategyDex(e);
        await e.Ask<Status.Success>(new AddYieldVault("fyv", "YIELD", U("0.1"), "yield-reserve"));
        await e.Ask<Status.Success>(new SetDrawDownSink(0, new YieldVaultConnector("fyv")));
        await e.Ask<Status.Success>(new SetTopUpSource(0, new YieldVaultConnector("fyv")));

        // FLOW up 50 %: the surplus above target is borrowed and pushed into the vault, which buys YIELD
        await Do(e, new SetPriceStep(0, "FLOW", U("1.5")));
        var line = await Do(e, new RebalanceStep(0, 0, false));
        Assert.True(line["ok"]!.GetValue<bool>(), line.ToJsonString());
        var p = await Position(e, 0);
        Between(Health(p), UFix128.Parse("1.2999999"), UFix128.Parse("1.3000001"));
        UFix64 drawn = Balance(p, "MOET", "debit") - U("615.38461538");
        Assert.Equal(U("307.69230769"), drawn); // 1200 / 1.3 − 615.38461538, truncated
        UFix64 unitsAfterDeposit = await Wallet(e, "yield-vault:fyv", "YIELD");
        Assert.True(unitsAfterDeposit > U("306") && unitsAfterDeposit < drawn, $"{unitsAfterDeposit}"); // bought at ≈ 1:1 less the 0.3 % fee

        // 73 days at 10 % a year: the vault's units grow by 2 %, paid from the yield reserve
        await Do(e, new AdvanceTimeStep(0, U("6307200")));
        await Do(e, new SetPriceStep(0, "FLOW", U("1.5")));
        // FLOW falls to 1.0: health 800 / 923.07… = 0.87 < 1; the vault sells YIELD to repay down to target
        await Do(e, new SetPriceStep(0, "FLOW", U("1.0")));
        line = await Do(e, new RebalanceStep(0, 0, false));
        Assert.True(line["ok"]!.GetValue<bool>(), line.ToJsonString());
        p = await Position(e, 0);
        Between(Health(p), UFix128.Parse("1.2999999"), UFix128.Parse("1.3000001"));
        UFix64 unitsLeft = await Wallet(e, "yield-vault:fyv", "YIELD");
        Assert.True(unitsLeft < unitsAfterDeposit, $"{unitsLeft} < {unitsAfterDeposit}");
        UFix64 reservePaid = U("100000") - await Wallet(e, "yield-reserve", "YIELD");
        Assert.True(reservePaid > U("6.1") && reservePaid < U("6.2"), $"2 % of ≈ 306 units: {reservePaid}");
        Assert.Contains((await e.EventLog()).Lines, l => l.Contains("\"fromUnder\":true"));
    }

    [Fact]
    public async Task A_dex_liquidity_position_receives_borrowed_MOET_and_exits_to_top_up()
    {
        var e = await Start("flow-lp");
        await WithStrategyDex(e);
        await e.Ask<Status.Success>(new AddDexLiquidity("lp", "YIELD"));
        await e.Ask<Status.Success>(new SetDrawDownSink(0, new DexLiquidityConnector("lp")));
        await e.Ask<Status.Success>(new SetTopUpSource(0, new DexLiquidityConnector("lp")));
        await Do(e, new SetPriceStep(0, "FLOW", U("1.5")));
        Assert.True((await Do(e, new RebalanceStep(0, 0, false)))["ok"]!.GetValue<bool>());
        Between(Health(await Position(e, 0)), UFix128.Parse("1.2999999"), UFix128.Parse("1.3000001"));
        await Do(e, new SetPriceStep(0, "FLOW", U("1.1")));
        var line = await Do(e, new RebalanceStep(0, 0, false)); // 880 / 923.07… = 0.95: exits liquidity to repay
        Assert.True(line["ok"]!.GetValue<bool>(), line.ToJsonString());
        Between(Health(await Position(e, 0)), UFix128.Parse("1.2999999"), UFix128.Parse("1.3000001"));
    }

    [Fact]
    public async Task A_cycle_of_positions_is_refused_with_the_cycle_named_and_nothing_changes()
    {
        var e = await Start("flow-cycle");
        await e.Ask<Status.Success>(new SetTopUpSource(0, new PositionConnector(1)));
        var ex = await Assert.ThrowsAsync<FlowAlp.Protocol.ProtocolException>(() => e.Ask<Status.Success>(new SetDrawDownSink(1, new PositionConnector(0))));
        Assert.Equal("drawDownSink: refused, position 1 → position 0 → position 1 is a cycle of positions", ex.Message);
        var self = await Assert.ThrowsAsync<FlowAlp.Protocol.ProtocolException>(() => e.Ask<Status.Success>(new SetTopUpSource(1, new PositionConnector(1))));
        Assert.Equal("topUpSource: refused, position 1 → position 1 is a cycle of positions", self.Message);
        // replacing alice's source removes the edge, so bob's sink into alice is then accepted
        await e.Ask<Status.Success>(new SetTopUpSource(0, new WalletConnector("alice")));
        await e.Ask<Status.Success>(new SetDrawDownSink(1, new PositionConnector(0)));
        var log = (await e.EventLog()).Lines;
        Assert.Equal(2, log.Count(l => l.Contains("TopUpSourceSet")));
        Assert.Equal(1, log.Count(l => l.Contains("DrawDownSinkSet")));
    }
}

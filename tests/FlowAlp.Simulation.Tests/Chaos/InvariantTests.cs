using FlowAlp.Actors.Liquidation;
using FlowAlp.Actors.Pool;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Simulation.Running;
using FlowAlp.Simulation.Tests.Scenarios;
using FlowAlp.Engine.Core;
using FlowAlp.Engine.Invariants;
using FlowAlp.Engine.Liquidation;

namespace FlowAlp.Simulation.Tests.Chaos;

/// <summary>
/// Each live invariant against a deliberately broken engine: the plain engine, which at one block does what a buggy
/// engine would. The run (invariants every step, violations recorded) must name the step, the invariant and the
/// event-log position, and nothing before that step.
/// </summary>
public class InvariantTests
{
    private const ulong BreakAt = 3600; // step 60
    private const long Rebalancing0 = 1; // position of rebalancing-0 (lp-0 is position 0)

    /// <summary>A plain engine that runs <paramref name="bug"/> on its core right after the block at <see cref="BreakAt"/>.</summary>
    private sealed class BrokenEngine(PlainSimulationEngine inner, Action<PoolCore> bug) : DelegatingEngine(inner)
    {
        public override async Task<TickDone> Tick(UFix64 time)
        {
            var done = await Inner.Tick(time);
            if (time.Floor == BreakAt) bug(inner.Loop.Core);
            return done;
        }
    }

    private static async Task<IReadOnlyList<(long Step, int LogPosition, string Violation)>> RunBroken(Action<PoolCore> bug)
    {
        var s = TestScenarios.Parse() with { Invariants = new Simulation.Chaos.InvariantSpec(1, StopOnViolation: false) };
        var r = await SimulationRunner.Run(s, EngineKind.Plain, makeEngine: (genesis, log) => new BrokenEngine(new PlainSimulationEngine(genesis, log), bug));
        var v = r.Chaos!.Violations;
        Assert.NotEmpty(v);
        Assert.Equal(60, v[0].Step);
        Assert.True(v[0].LogPosition > 0);
        return v;
    }

    [Fact]
    public async Task A_balance_that_goes_below_zero_is_caught()
    {
        // the bug: a debit below zero that wraps around in unsigned arithmetic (half the range, so the run's final sums still fit)
        var v = await RunBroken(core => core.World.Accounts.Credit("wrapped", "MOET", UFix64.FromRaw(ulong.MaxValue / 2)));
        Assert.Contains(v, x => x.Step == 60 && x.Violation.StartsWith("no negative balance: account wrapped holds 92233720368.54775807 MOET, more than the ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_rebalance_that_ends_below_target_unrecorded_is_caught()
    {
        // the bug: a draw-down that overshoots, to halfway between the position's min and target health
        var v = await RunBroken(core =>
        {
            var p = core.Pool.PositionOf(Rebalancing0);
            UFix128 before = core.Pool.PositionHealth(Rebalancing0), halfway = (p.MinHealth + p.TargetHealth) / UFix128.FromInteger(2);
            UFix64 amount = core.Pool.FundsAvailableAboveTargetHealth(Rebalancing0, "MOET", halfway);
            core.World.Accounts.Credit("rebalancing-0", "MOET", core.Pool.Withdraw(Rebalancing0, "MOET", amount));
            core.Pool.TakeEvents();
            core.Audit.Record(new RebalanceRecord(Rebalancing0, core.Now, before, core.Pool.PositionHealth(Rebalancing0), p.TargetHealth, FromUnder: false, Partial: false));
        });
        var only = Assert.Single(v);
        Assert.Matches(@"^rebalance target: position 1 at 3600 s ended at health 1\.\d+, below its target 1\.\d+, not recorded as a partial top-up$", only.Violation);
    }

    [Fact]
    public async Task A_liquidation_of_a_healthy_position_is_caught()
    {
        // the bug: an offer applied without manualLiquidation's checks (health 1.3 at the hour)
        var v = await RunBroken(core =>
        {
            var before = core.TrySnapshot(Rebalancing0)!;
            var offer = new LiquidationOffer("rogue", Rebalancing0, "MOET", UFix64.FromInteger(10), "FLOW", UFix64.FromInteger(10), 0);
            core.Audit.Record(new LiquidationRecord(offer, before, core.Pool.LiquidationTargetHealth, core.Now));
        });
        var only = Assert.Single(v);
        Assert.Matches(@"^liquidation §6: position 1 at 3600 s was liquidated at health 1\.\d+ \(not below 1\)$", only.Violation);
    }

    [Fact]
    public async Task A_liquidation_that_overshoots_the_target_health_is_caught()
    {
        // the bug: the pool's target is not enforced: a position made liquidatable (FLOW at 0.7) is repaid almost in full
        var v = await RunBroken(core =>
        {
            core.World.Oracle.Set("FLOW", UFix64.Parse("0.7"));
            var before = core.TrySnapshot(Rebalancing0)!;
            var debt = before.Tokens["MOET"].TrueBalance(before.Balances["MOET"]).Quantity.RoundDown();
            var offer = new LiquidationOffer("rogue", Rebalancing0, "MOET", debt - UFix64.One, "FLOW", UFix64.One, 0);
            core.Audit.Record(new LiquidationRecord(offer, before, core.Pool.LiquidationTargetHealth, core.Now));
            core.World.Oracle.Set("FLOW", UFix64.One);
        });
        var only = Assert.Single(v);
        Assert.Matches(@"^liquidation §6: position 1 at 3600 s left at estimated health \d+\.\d+, above the target 1\.05\d*$", only.Violation);
    }

    [Fact]
    public async Task Nominal_totals_grown_by_interest_are_caught()
    {
        // the bug: the ADR's interest-adjusted totals (not v0): MOET's total debit grows with its debit index
        var v = await RunBroken(core =>
        {
            var ts = core.Pool.TokenStateOf("MOET");
            ts.D.TotalDebit += UFix128.FromInteger(1);
        });
        Assert.Contains(v, x => x.Step == 60 && x.Violation.StartsWith("nominal totals §3.4: MOET total debit ", StringComparison.Ordinal));
        Assert.All(v, x => Assert.StartsWith("nominal totals §3.4: MOET total debit ", x.Violation));
    }

    [Fact]
    public async Task Only_the_selected_invariants_are_checked()
    {
        var s = TestScenarios.Parse() with { Invariants = new Simulation.Chaos.InvariantSpec(1, StopOnViolation: false, Only: ["queue", "rebalanceTarget"]) };
        var r = await SimulationRunner.Run(s, EngineKind.Plain, makeEngine: (genesis, log) =>
            new BrokenEngine(new PlainSimulationEngine(genesis, log), core => core.World.Accounts.Credit("lp-0", "FLOW", UFix64.One)));
        Assert.Empty(r.Chaos!.Violations); // conservation is broken, but not checked
        Assert.Equal(360, r.Chaos.InvariantChecks);
    }
}

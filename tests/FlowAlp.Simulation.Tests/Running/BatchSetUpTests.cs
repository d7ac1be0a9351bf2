using FlowAlp.Engine.Core;
using FlowAlp.Engine.Loop;
using FlowAlp.Engine.Operations;
using FlowAlp.Protocol;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Protocol.Interest;
using FlowAlp.Simulation.ReferenceMarket;
using FlowAlp.Simulation.Running;
using FlowAlp.Simulation.Scenarios;
using FlowAlp.Simulation.Tests.Scenarios;

namespace FlowAlp.Simulation.Tests.Running;

/// <summary>
/// Set-up in bulk (<see cref="PoolCore.ApplySetUp"/>, <see cref="ISimulationEngine.SetUpPositions"/>): a batch opens
/// the same positions, with the same balances, health, bounds, queued deposits, wallets and event log, as one call per
/// step, and stops at the same failing step.
/// </summary>
public sealed class BatchSetUpTests
{
    /// <summary>The interface's own SetUpPositions / AddRebalancers: one engine call per step, vault and connector.</summary>
    private sealed class OneCallPerStep(ISimulationEngine inner) : DelegatingEngine(inner);

    private static Scenario HighTide(int each)
    {
        string path = Path.Combine(Repo.Root, "config/scenarios/hightide-vs-passive.json");
        string json = ScenarioOverrides.Apply(File.ReadAllText(path), [("populations[1].count", each.ToString()), ("populations[2].count", each.ToString())]);
        return ScenarioParser.Parse(json, Path.GetDirectoryName(path)!);
    }

    public static TheoryData<string> Scenarios => new() { "hightide", "crash" };

    private static Scenario Named(string name) => name == "hightide" ? HighTide(25) : TestScenarios.Parse(TestScenarios.Crash);

    private static async Task<(List<string> Log, List<string> State)> SetUpPlain(Scenario s, Func<PlainSimulationEngine, ISimulationEngine> wrap)
    {
        var setup = new ScenarioSetup(s);
        var plain = new PlainSimulationEngine(setup.Genesis, new EventLogOptions());
        await using var engine = wrap(plain);
        var paths = s.Prices.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (p.Key, PricePaths.For(s, p.Key, p.Value))).ToList();
        await SimulationRunner.SetUp(engine, s, setup, paths);
        return ((await engine.EventLog()).Lines.ToList(), State(plain.Loop.Core));
    }

    /// <summary>Every position (health, balances, queued deposits, bounds) and every wallet, one line each.</summary>
    private static List<string> State(PoolCore core)
    {
        var lines = new List<string>();
        for (long pid = 0; pid < core.Pool.PositionCount; pid++)
        {
            var d = core.Pool.GetPositionDetails(pid);
            lines.Add($"{pid} h={d.Health} {string.Join(",", d.Balances.Select(b => $"{b.Token}:{b.Direction}:{b.Amount}"))} " +
                $"q={string.Join(",", d.QueuedDeposits.OrderBy(q => q.Key, StringComparer.Ordinal).Select(q => $"{q.Key}:{q.Value}"))} {d.MinHealth}/{d.TargetHealth}/{d.MaxHealth}");
        }
        foreach (var account in core.World.Accounts.Accounts.Order(StringComparer.Ordinal))
            lines.Add($"{account} {string.Join(",", core.World.Accounts.Balances(account).OrderBy(b => b.Key, StringComparer.Ordinal).Select(b => $"{b.Key}:{b.Value}"))}");
        return lines;
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task A_scenarios_batch_gives_the_same_positions_wallets_and_event_log_as_one_call_per_step(string name)
    {
        var s = Named(name);
        var batch = await SetUpPlain(s, e => e);
        var oneByOne = await SetUpPlain(s, e => new OneCallPerStep(e));
        int agents = s.Populations.Sum(p => p.Count);
        Assert.Equal(agents, batch.State.Count(l => l.Contains(" h=")));
        Assert.True(batch.Log.Count >= 4 * agents, $"{batch.Log.Count} events for {agents} agents");
        Assert.Equal(oneByOne.Log, batch.Log);
        Assert.Equal(oneByOne.State, batch.State);
    }

    [Fact]
    public async Task The_actor_engines_batch_gives_the_plain_loops_one_call_per_step_event_log_and_one_actor_per_position()
    {
        var s = HighTide(20);
        var expected = await SetUpPlain(s, e => new OneCallPerStep(e));
        var setup = new ScenarioSetup(s);
        await using var actors = ActorSimulationEngine.Start(setup.Genesis, new EngineSettings(2, SystemName: "batch-setup", EventLog: new EventLogOptions()));
        var paths = s.Prices.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (p.Key, PricePaths.For(s, p.Key, p.Value))).ToList();
        await SimulationRunner.SetUp(actors, s, setup, paths);
        Assert.Equal(expected.Log, (await actors.EventLog()).Lines);
        Assert.Empty(await actors.CheckInvariants()); // includes one live position actor per position
    }

    /// <summary>A FLOW pool whose deposit capacity runs out after a few positions, so later deposits queue.</summary>
    private static Script Tight()
    {
        var flow = new TokenSettings("FLOW", UFix64.Parse("0.8"), UFix64.One, new FixedCurve(UFix128.Parse("0.05")), UFix64.FromInteger(10), UFix64.FromInteger(1000))
            { DepositLimitFraction = UFix64.Parse("0.5") };
        var accounts = new Dictionary<string, IReadOnlyDictionary<string, UFix64>>
        {
            ["a"] = new Dictionary<string, UFix64> { ["FLOW"] = UFix64.FromInteger(5000) },
            ["b"] = new Dictionary<string, UFix64> { ["FLOW"] = UFix64.FromInteger(150) },
        };
        return new Script(new PoolConfig(), [flow], new Dictionary<string, UFix64?> { ["FLOW"] = UFix64.One },
            new Dictionary<(string, string), UFix64>(), accounts, []);
    }

    private static (SetUpOutcome Outcome, List<string> Log, List<string> State) OneByOne(Script script, IReadOnlyList<PositionOpening> openings)
    {
        var core = new PoolCore(script);
        var outcome = SetUpOutcome.AllApplied;
        for (int i = 0; i < openings.Count && outcome.Ok; i++)
            foreach (var step in openings[i].Steps)
                if (core.ApplyScriptStep(step) is { Ok: false } failed) { outcome = new SetUpOutcome(i, failed); break; }
        return (outcome, core.Log.Lines.ToList(), State(core));
    }

    private static (SetUpOutcome Outcome, List<string> Log, List<string> State) Batch(Script script, IReadOnlyList<PositionOpening> openings)
    {
        var core = new PoolCore(script);
        var outcome = core.ApplySetUp(openings);
        return (outcome, core.Log.Lines.ToList(), State(core));
    }

    [Fact]
    public void Deposits_beyond_the_capacity_queue_in_a_batch_exactly_as_one_at_a_time()
    {
        var openings = Enumerable.Range(0, 12).Select(i => new PositionOpening(
        [
            new CreatePositionStep(2 * i, "a", "FLOW", UFix64.FromInteger(100 + (ulong)i), i % 2 == 0, "a", "a"),
            new DepositStep(2 * i + 1, i, "a", "FLOW", UFix64.FromInteger(50), false),
        ])).ToList();
        var batch = Batch(Tight(), openings);
        var one = OneByOne(Tight(), openings);
        Assert.True(batch.Outcome.Ok);
        Assert.Equal(12, batch.State.Count(l => l.Contains(" h=")));
        Assert.Contains(batch.State, l => l.Contains("q=FLOW:")); // the capacity ran out: some deposits wait in the queue
        Assert.Equal(one.Log, batch.Log);
        Assert.Equal(one.State, batch.State);
    }

    [Fact]
    public void A_batch_stops_at_the_first_refused_step_with_the_same_reason_and_state_as_one_at_a_time()
    {
        var openings = new List<PositionOpening>
        {
            new([new CreatePositionStep(0, "b", "FLOW", UFix64.FromInteger(100), true, "b", null)]),
            new([new CreatePositionStep(1, "b", "FLOW", UFix64.FromInteger(40), false, null, null),
                 new DepositStep(2, 1, "b", "FLOW", UFix64.FromInteger(40), false)]), // b has 10 FLOW left: refused
            new([new CreatePositionStep(3, "a", "FLOW", UFix64.FromInteger(100), false, null, null)]),
        };
        var batch = Batch(Tight(), openings);
        var one = OneByOne(Tight(), openings);
        Assert.Equal(1, batch.Outcome.FailedOpening);
        Assert.Equal(OutcomeStatus.Reverted, batch.Outcome.Failure!.Status);
        Assert.Equal(one.Outcome.Failure!.Error, batch.Outcome.Failure.Error);
        Assert.Equal(2, batch.State.Count(l => l.Contains(" h="))); // the third opening never ran
        Assert.Equal(one.Log, batch.Log);
        Assert.Equal(one.State, batch.State);
    }

    [Fact]
    public async Task The_reference_markets_batched_set_up_gives_the_one_step_at_a_time_event_log_on_both_engines()
    {
        var market = new TickMarket(300);
        var one = new PlainLoop(market.Setup(), new EventLogOptions());
        foreach (var step in market.OpenPositions()) one.Step(step);
        for (long p = 0; p < market.Positions; p++) one.AddRebalancer(p, market.Rebalancer());
        var plain = market.StartPlain(new EventLogOptions());
        await using var actors = await market.StartActors(new EngineSettings(2, SystemName: "batch-market", EventLog: new EventLogOptions()));
        var expected = one.Core.Log.Lines.ToList();
        Assert.True(expected.Count >= 300);
        Assert.Equal(expected, plain.Core.Log.Lines);
        Assert.Equal(expected, (await actors.EventLog()).Lines);
        Assert.Equal(State(one.Core), State(plain.Core));
    }
}

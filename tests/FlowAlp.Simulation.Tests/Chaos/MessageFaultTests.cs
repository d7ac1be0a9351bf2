using System.Text.Json.Nodes;
using FlowAlp.Actors.Engine;
using FlowAlp.Actors.Pool;
using FlowAlp.Simulation.Running;
using FlowAlp.Engine.Core;
using FlowAlp.Engine.Loop;
using static FlowAlp.Simulation.Tests.Chaos.FaultTests;

namespace FlowAlp.Simulation.Tests.Chaos;

/// <summary>
/// Message faults (drop, duplicate, delay) on the crash scenario. Every test runs the actor engine, where messages are
/// really lost or copied and the barrier must cope, and the plain loop, which plays the same seeded fates: the two
/// event logs must be byte-identical, and every live invariant must hold.
/// </summary>
public class MessageFaultTests
{
    /// <summary>The actor engine that, before it stops, reads the supervisor's channel tally (duplicates ignored, resends).</summary>
    private sealed class StatsProbe(ISimulationEngine inner) : DelegatingEngine(inner)
    {
        public DeliveryStats? Stats { get; private set; }
        public Func<DeliveryStats, bool> Settled { get; init; } = _ => true;

        public override async ValueTask DisposeAsync()
        {
            var engine = ((ActorSimulationEngine)Inner).Engine;
            // a duplicated request's second reply may still be on its way: ask until the tally has settled (bounded)
            for (int i = 0; i < 1000 && (Stats is null || !Settled(Stats)); i++) Stats = await engine.Ask<DeliveryStats>(new GetDeliveryStats());
            await base.DisposeAsync();
        }
    }

    private static async Task<(SimulationResult Actors, JsonObject Summary, DeliveryStats Stats)> BothEngines(string faults, string name, Func<DeliveryStats, bool>? settled = null)
    {
        StatsProbe? probe = null;
        var (actors, summary) = await Run(faults, EngineKind.Actors, name, (genesis, log) =>
            probe = new StatsProbe(ActorSimulationEngine.Start(genesis, new EngineSettings(2, SystemName: name, EventLog: log))) { Settled = settled ?? (_ => true) });
        var (plain, _) = await Run(faults, EngineKind.Plain, name + "-plain");
        Assert.Equal(plain.EventLogSha256, actors.EventLogSha256);
        Assert.Equal(plain.EventLog, actors.EventLog);
        return (actors, summary, probe!.Stats!);
    }

    private static List<(ulong T, JsonObject E)> Engine(SimulationResult r, string type) =>
        r.EventLog.Select(l => JsonNode.Parse(l)!).Where(j => j["event"]!["type"]!.GetValue<string>() == type)
            .Select(j => (ulong.Parse(j["t"]!.GetValue<string>().Split('.')[0]), j["event"]!.AsObject())).ToList();

    [Fact]
    public async Task Dropped_rebalance_requests_are_sent_again_in_the_same_block_and_nothing_else_changes()
    {
        var (r, s, stats) = await BothEngines("""[ { "kind": "messageFault", "message": "rebalanceDue", "action": "drop", "rate": 0.1, "atHours": 0.5, "durationHours": 4 } ]""", "drop-due");
        var retried = Engine(r, "MessageRetried");
        Assert.Empty(Engine(r, "MessageLost"));
        long dropped = retried.Sum(e => e.E["dropped"]!.GetValue<long>());
        Assert.True(retried.Count >= 10, $"{retried.Count} runs retried");
        Assert.Equal(dropped, stats.Resent); // every drop was one more send by the supervisor
        Assert.All(retried, e => Assert.Contains(Engine(r, "RebalancerRun"), run => run.T == e.T && run.E["rebalancer"]!.GetValue<long>() == e.E["rebalancer"]!.GetValue<long>()));
        var baseline = await Baseline.Value; // retried within the block: the run ends exactly as without the fault
        Assert.Equal(baseline["totals"]!.ToJsonString(), s["totals"]!.ToJsonString());
        Assert.Equal(baseline["populations"]!.ToJsonString(), s["populations"]!.ToJsonString());
    }

    [Fact]
    public async Task Replies_that_never_arrive_are_lost_runs_logged_and_repaired_by_the_cron()
    {
        var (r, s, stats) = await BothEngines("""[ { "kind": "messageFault", "message": "rebalancerReady", "action": "drop", "population": "rebalancing", "atHours": 1, "durationHours": 0.5 } ]""", "lost-ready");
        var lost = Engine(r, "MessageLost");
        Assert.Equal(20, lost.Select(e => e.E["rebalancer"]!.GetValue<long>()).Distinct().Count()); // every rebalancing borrower's run in the window
        Assert.All(lost, e => Assert.Equal(FlowAlp.Engine.Chaos.MessageFaults.DefaultMaxRetries + 1, e.E["dropped"]!.GetValue<int>()));
        Assert.Equal(lost.Count * FlowAlp.Engine.Chaos.MessageFaults.DefaultMaxRetries, stats.Resent);
        Assert.All(lost, e => Assert.DoesNotContain(Engine(r, "RebalancerRun"), run => run.T == e.T && run.E["rebalancer"]!.GetValue<long>() == e.E["rebalancer"]!.GetValue<long>()));
        var repaired = Engine(r, "FixedReschedule").Where(e => e.T == 2 * 3600).Select(e => e.E["rebalancer"]!.GetValue<long>()).ToHashSet();
        Assert.Superset(repaired, lost.Select(e => e.E["rebalancer"]!.GetValue<long>()).ToHashSet()); // the 2 h cron books them again
        Assert.Equal(1.0, Survival(s, "rebalancing"));
    }

    [Fact]
    public async Task Duplicated_requests_and_replies_count_once_in_the_barrier()
    {
        const string faults = """
            [ { "kind": "messageFault", "message": "rebalanceDue", "action": "duplicate", "atHours": 0.5, "durationHours": 3 },
              { "kind": "messageFault", "message": "rebalancerReady", "action": "duplicate", "atHours": 0.5, "durationHours": 3 } ]
            """;
        var dupCount = 0;
        var (r, s, stats) = await BothEngines(faults, "dup", settled: st => st.DuplicatesIgnored >= 3L * dupCount);
        var duplicated = Engine(r, "MessageDuplicated");
        dupCount = duplicated.Count;
        Assert.True(dupCount >= 20, $"{dupCount} runs duplicated");
        Assert.Equal(0, stats.Resent);
        Assert.Equal(3L * dupCount, stats.DuplicatesIgnored); // 2 requests × 2 replies each: 4 copies, 3 ignored, per run
        var baseline = await Baseline.Value;
        Assert.Equal(baseline["totals"]!.ToJsonString(), s["totals"]!.ToJsonString());
    }

    [Fact]
    public async Task A_delayed_run_executes_the_given_number_of_steps_later()
    {
        var (r, _, _) = await BothEngines("""[ { "kind": "messageFault", "message": "rebalanceDue", "action": "delay", "delaySteps": 2, "rate": 0.5, "atHours": 0.5, "durationHours": 2 } ]""", "delay");
        var delayed = Engine(r, "MessageDelayed");
        Assert.True(delayed.Count >= 10, $"{delayed.Count} runs delayed");
        Assert.All(delayed, e => Assert.Equal(120UL, e.E["delaySeconds"]!.GetValue<ulong>()));
        var runs = Engine(r, "RebalancerRun");
        foreach (var (t, e) in delayed)
        {
            long id = e["rebalancer"]!.GetValue<long>();
            Assert.DoesNotContain(runs, run => run.T == t && run.E["rebalancer"]!.GetValue<long>() == id);
            // booked again two blocks later; there it may be delayed again, else it runs
            Assert.True(runs.Any(run => run.T == t + 120 && run.E["rebalancer"]!.GetValue<long>() == id)
                        || delayed.Any(d => d.T == t + 120 && d.E["rebalancer"]!.GetValue<long>() == id), $"rebalancer {id} at {t}");
        }
    }

    [Fact]
    public async Task Lost_price_reports_keep_the_last_price_until_they_arrive_again()
    {
        var (r, _, stats) = await BothEngines("""[ { "kind": "messageFault", "message": "priceReport", "action": "drop", "token": "FLOW", "atHours": 2, "durationHours": 1 } ]""", "lost-price");
        var lost = Engine(r, "MessageLost");
        Assert.Equal(60, lost.Count); // one per block of the hour
        Assert.All(lost, e => Assert.Equal("FLOW", e.E["token"]!.GetValue<string>()));
        Assert.Equal(60L * FlowAlp.Engine.Chaos.MessageFaults.DefaultMaxRetries, stats.Resent);
        string Flow(ulong t) => r.Samples.Single(m => m.Time.Floor == t).Tokens.Single(x => x.Token == "FLOW").Price!.Value.ToString();
        Assert.Equal(Flow(2 * 3600 - 60 * 5 + 300), Flow(2 * 3600 + 1800)); // the price of the last block before the fault
        var honest = (await BaselineRun.Value).Samples.Single(m => m.Time.Floor == 3 * 3600 + 300).Tokens.Single(x => x.Token == "FLOW").Price!.Value.ToString();
        Assert.Equal(honest, Flow(3 * 3600 + 300)); // reports arrive again: the market's price
    }

    [Fact]
    public async Task Dropped_liquidator_offers_are_asked_for_again()
    {
        var (r, s, _) = await BothEngines("""[ { "kind": "messageFault", "message": "liquidationOffers", "action": "drop", "rate": 0.5, "atHours": 2, "durationHours": 2 } ]""", "drop-offers");
        var faulted = Engine(r, "MessageRetried").Concat(Engine(r, "MessageLost")).ToList();
        Assert.NotEmpty(faulted);
        Assert.All(faulted, e => Assert.StartsWith("keeper-", e.E["liquidator"]!.GetValue<string>()));
        Assert.True(Liquidations(s) >= 20, "the passive borrowers are still liquidated");
    }
}

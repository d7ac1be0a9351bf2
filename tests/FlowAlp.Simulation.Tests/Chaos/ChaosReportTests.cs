using System.Text.Json.Nodes;
using FlowAlp.Reporting;
using FlowAlp.Simulation.Reports;
using FlowAlp.Simulation.Running;
using FlowAlp.Simulation.Scenarios;
using static FlowAlp.Simulation.Tests.Chaos.FaultTests;
using static FlowAlp.Simulation.Tests.Chaos.RebalancerFaultTests;

namespace FlowAlp.Simulation.Tests.Chaos;

/// <summary>The chaos section of the report: per fault what happened in its window, the invariant tally, the HTML tables; the message-loss preset replays byte for byte.</summary>
public class ChaosReportTests
{
    [Fact]
    public async Task Each_fault_window_reports_who_fell_below_one_liquidations_bad_debt_and_recovery()
    {
        var (r, s) = await Run("""[ { "kind": "liquidatorsAbsent", "atHours": 2, "durationHours": 2 }, { "kind": "messageFault", "message": "rebalancerReady", "action": "drop", "rate": 0.3, "atHours": 1 } ]""");
        var w = s["chaos"]!["windows"]![0]!;
        Assert.Equal(1, w["count"]!.GetValue<int>());
        Assert.Equal(7200UL, w["fromSeconds"]!.GetValue<ulong>());
        Assert.Equal(14400UL, w["untilSeconds"]!.GetValue<ulong>());
        var fell = r.Samples.Where(m => m.Time.Floor is >= 7200 and < 14400).SelectMany(m => m.BelowOne!).ToHashSet();
        Assert.Equal(fell.Count, w["positionsBelowOne"]!.GetValue<int>());
        Assert.Superset(r.Setup.Agents.Where(a => a.Population == "passive").Select(a => a.Position).ToHashSet(), fell); // the passive borrowers, unattended
        Assert.Equal(20, fell.Count);
        Assert.Equal(0L, w["liquidationsDuring"]!.GetValue<long>());
        Assert.Equal("0", w["badDebtAddedDuring"]!.ToJsonString()); // a JSON number, exact text
        Assert.NotNull(w["secondsToNoneBelowOne"]); // the liquidators are back at 4 h
        Assert.Equal(0UL, w["secondsToTargetHealth"]!.GetValue<ulong>()); // the rebalanced positions held their target through it

        var m = s["chaos"]!["windows"]![1]!;
        Assert.Equal(21600UL, m["untilSeconds"]!.GetValue<ulong>()); // no duration: to the end of the run
        var events = RebalancerFaultTests.Engine(r, "MessageRetried").Concat(RebalancerFaultTests.Engine(r, "MessageLost")).ToList();
        Assert.Equal(events.Sum(e => e.E["dropped"]!.GetValue<int>()), m["messages"]!["droppedCopies"]!.GetValue<int>());
        Assert.Equal(RebalancerFaultTests.Engine(r, "MessageLost").Count, m["messages"]!["lost"]!.GetValue<int>());
        Assert.True(m["messages"]!["retried"]!.GetValue<int>() > 0);
        var tally = s["chaos"]!["invariantTally"]!.AsObject();
        Assert.Equal(7, tally.Count);
        Assert.All(tally, t => Assert.Equal(0, t.Value!.GetValue<int>()));
    }

    [Fact]
    public async Task Fault_windows_are_shaded_on_every_plot_and_read_as_one_table_row_each()
    {
        var (r, s) = await Run("""[ { "kind": "liquidatorsAbsent", "atHours": 2, "durationHours": 2 }, { "kind": "oracleFreeze", "token": "FLOW", "atHours": 2, "durationHours": 2 }, { "kind": "messageFault", "message": "rebalancerReady", "action": "drop", "rate": 0.3, "atHours": 1 } ]""");
        var chaos = s["chaos"]!.AsObject();
        // faults sharing a window share one span, named by their kinds
        Assert.Equal([new PlotSpan(7200, 14400, "Liquidators absent, Oracle freeze"), new PlotSpan(3600, 21600, "Message fault")], ChaosReport.Spans(chaos));
        var plots = RunReport.Plots(RunReport.Series(r));
        var shaded = ChaosReport.Shade(plots, chaos);
        Assert.Equal(plots.Select(p => p.File), shaded.Select(p => p.File));
        Assert.All(shaded, p => Assert.Equal(ChaosReport.Spans(chaos), p.Spans));
        Assert.Same(plots, ChaosReport.Shade(plots, null)); // a run without faults: plots unchanged

        var tables = ChaosReport.Tables(chaos);
        Assert.Equal(["Chaos: faults", "Chaos: invariants"], tables.Select(t => t.Heading));
        var rows = tables[0].Rows;
        Assert.Equal(3, rows.Count);
        Assert.Equal(["#", "kind", "window (h)", "actions", "below health 1: most at once / in all", "liquidations", "bad debt added (MOET)", "lowest health p5", "recovery (s): none below 1 / at target"],
            rows[0]!.AsObject().Select(kv => kv.Key));
        Assert.Equal((1, "Liquidators absent", "2\u00a0–\u00a04", 1), (rows[0]!["#"]!.GetValue<int>(), rows[0]!["kind"]!.GetValue<string>(), rows[0]!["window (h)"]!.GetValue<string>(), rows[0]!["actions"]!.GetValue<int>()));
        Assert.Equal($"{chaos["windows"]![0]!["maxPositionsBelowOne"]} / {chaos["windows"]![0]!["positionsBelowOne"]}", rows[0]!["below health 1: most at once / in all"]!.GetValue<string>());
        Assert.Equal("Message fault", rows[2]!["kind"]!.GetValue<string>());
        var m = chaos["windows"]![2]!["messages"]!;
        Assert.Equal($"RebalanceDue: {m["retried"]} retried, {m["lost"]} lost, {m["delayed"]} delayed, {m["duplicated"]} duplicated, {m["droppedCopies"]} copies dropped",
            rows[2]!["messages"]!.GetValue<string>());
        Assert.Equal(7, tables[1].Rows.Count); // one row per invariant
        Assert.Equal("""{"invariant":"Negative balance","checks":360,"violations":0}""", tables[1].Rows.Single(x => x!["invariant"]!.GetValue<string>() == "Negative balance")!.ToJsonString());
    }

    [Fact]
    public async Task The_chaos_section_is_the_same_when_the_event_log_is_streamed_to_a_file()
    {
        var s = WithFaults("""[ { "kind": "messageFault", "message": "priceReport", "action": "drop", "rate": 0.5, "atHours": 1, "durationHours": 2 } ]""");
        string file = Path.Combine(Path.GetTempPath(), $"events-{Guid.NewGuid():N}.jsonl");
        try
        {
            var streamed = await SimulationRunner.Run(s, EngineKind.Plain, eventLogFile: file);
            var kept = await SimulationRunner.Run(s, EngineKind.Plain);
            Assert.Empty(streamed.EventLog);
            var chaos = RunReport.Summary(kept)["chaos"]!;
            Assert.Equal(chaos.ToJsonString(), RunReport.Summary(streamed)["chaos"]!.ToJsonString());
            Assert.True(chaos["windows"]![0]!["messages"]!["droppedCopies"]!.GetValue<int>() >= 60, "about half of 120 reports, and their retries");
        }
        finally { File.Delete(file); }
    }

    [Fact]
    public async Task The_message_loss_preset_replays_byte_identically_and_its_report_has_the_chaos_tables()
    {
        var s = ScenarioParser.Load(Path.Combine(Repo.Root, "config", "scenarios", "chaos", "message-loss-1pct.json"));
        string a = Path.Combine(Path.GetTempPath(), $"mloss-{Guid.NewGuid():N}"), b = a + "-b";
        try
        {
            var first = await SimulationRunner.Run(s, EngineKind.Actors, systemName: "mloss-1");
            RunReport.Write(first, a);
            RunReport.Write(await SimulationRunner.Run(s, EngineKind.Actors, systemName: "mloss-2"), b);
            foreach (var f in Directory.GetFiles(a, "*", SearchOption.AllDirectories))
                Assert.True(File.ReadAllBytes(f).SequenceEqual(File.ReadAllBytes(Path.Combine(b, Path.GetRelativePath(a, f)))), f);
            Assert.Empty(first.Chaos!.Violations);
            var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(a, "summary.json")))!;
            // the two rebalancer faults share one round trip's tally: count each message exchange once
            int dropped = summary["chaos"]!["windows"]!.AsArray().Select(w => w!["messages"]!).DistinctBy(x => x["message"]!.GetValue<string>()).Sum(x => x["droppedCopies"]!.GetValue<int>());
            Assert.Equal(RebalancerFaultTests.Engine(first, "MessageRetried").Concat(RebalancerFaultTests.Engine(first, "MessageLost")).Sum(e => e.E["dropped"]!.GetValue<int>()), dropped);
            Assert.True(dropped > 100, $"{dropped} copies dropped at 1 %");
            string html = File.ReadAllText(Path.Combine(a, "report.html"));
            Assert.Contains("<h2 id=\"chaos-faults\">Chaos: faults</h2>", html);
            Assert.Contains("<h2 id=\"chaos-invariants\">Chaos: invariants</h2>", html);
        }
        finally
        {
            if (Directory.Exists(a)) Directory.Delete(a, true);
            if (Directory.Exists(b)) Directory.Delete(b, true);
        }
    }
}

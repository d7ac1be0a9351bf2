using System.Text.Json.Nodes;
using FlowAlp.Actors.Pool;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Reporting;
using FlowAlp.Simulation.Running;
using FlowAlp.Engine.Core;

namespace FlowAlp.Simulation.Reports;

/// <summary>
/// The chaos section of a run's summary: the faults injected; per fault, its window and what happened in it (from the
/// samples and the event log); and the invariant tally. Windows are sample-grained: a figure "during" a fault is read
/// at the samples inside its window.
/// </summary>
public static class ChaosReport
{
    /// <summary>Faults that act once (no window beyond their block); any other fault without a duration lasts to the end.</summary>
    private static readonly HashSet<string> Instant = ["killActors", "dexDrain", "vaultLoss"];

    /// <summary>
    /// The section's tables for the HTML page: one row per fault (its window in hours, what happened in it, how fast the
    /// pool recovered), the invariants (checks and violations each), and the violations if any. Display only: exact
    /// values stay in summary.json.
    /// </summary>
    public static IReadOnlyList<(string Heading, JsonArray Rows)> Tables(JsonObject section)
    {
        var faults = new JsonArray();
        int n = 0;
        foreach (var w in section["windows"]!.AsArray().OfType<JsonObject>())
        {
            var row = new JsonObject
            {
                ["#"] = ++n,
                ["kind"] = Display.Label(w["kind"]!.GetValue<string>()),
                ["window (h)"] = Hours(w["fromSeconds"]) + "\u00a0–\u00a0" + Hours(w["untilSeconds"]), // no break inside a window
                ["actions"] = w["count"]!.DeepClone(),
                ["below health 1: most at once / in all"] = $"{w["maxPositionsBelowOne"]} / {w["positionsBelowOne"]}",
                ["liquidations"] = w["liquidationsDuring"]!.DeepClone(),
                ["bad debt added (MOET)"] = w["badDebtAddedDuring"]!.DeepClone(),
                ["lowest health p5"] = w["lowestHealthP5"]?.DeepClone(),
                ["recovery (s): none below 1 / at target"] = $"{Seconds(w["secondsToNoneBelowOne"])} / {Seconds(w["secondsToTargetHealth"])}",
            };
            if (w["messages"] is JsonObject m)
                row["messages"] = $"{m["message"]}: {m["retried"]} retried, {m["lost"]} lost, {m["delayed"]} delayed, {m["duplicated"]} duplicated, {m["droppedCopies"]} copies dropped";
            faults.Add(row);
        }
        var invariants = new JsonArray();
        foreach (var (name, violations) in section["invariantTally"]!.AsObject())
            invariants.Add(new JsonObject { ["invariant"] = Display.Label(name), ["checks"] = section["invariantChecks"]!.DeepClone(), ["violations"] = violations!.DeepClone() });
        var tables = new List<(string, JsonArray)> { ("Chaos: faults", faults), ("Chaos: invariants", invariants) };
        if (section["violations"] is JsonArray { Count: > 0 } v) tables.Add(("Chaos: violations", (JsonArray)v.DeepClone()));
        return tables;
    }

    /// <summary>The fault windows as shaded spans (faults with the same window share one, named by their kinds).</summary>
    public static IReadOnlyList<PlotSpan> Spans(JsonObject section) =>
        section["windows"]!.AsArray().OfType<JsonObject>()
            .GroupBy(w => (From: w["fromSeconds"]!.GetValue<ulong>(), Until: w["untilSeconds"]!.GetValue<ulong>()))
            .Select(g => new PlotSpan(g.Key.From, g.Key.Until, string.Join(", ", g.Select(w => Display.Label(w["kind"]!.GetValue<string>())).Distinct())))
            .ToList();

    /// <summary>The plots with the chaos section's fault windows shaded (unchanged when the run had no faults).</summary>
    public static IReadOnlyList<PlotSpec> Shade(IReadOnlyList<PlotSpec> plots, JsonNode? section) =>
        section is JsonObject chaos ? plots.Select(p => p with { Spans = [.. p.Spans ?? [], .. Spans(chaos)] }).ToList() : plots;

    private static string Seconds(JsonNode? seconds) => seconds is null ? "never" : seconds.GetValue<ulong>().ToString("#,0", System.Globalization.CultureInfo.InvariantCulture);

    private static string Hours(JsonNode? seconds) => (seconds!.GetValue<ulong>() / 3600.0).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);

    public static JsonObject Section(SimulationResult r, ChaosResult c)
    {
        var windows = new JsonArray();
        foreach (var f in c.Faults) windows.Add(Window(r, c, f));
        return new JsonObject
        {
            ["injected"] = new JsonArray(c.Injected.Select(i => (JsonNode)new JsonObject { ["t"] = i.Time, ["kind"] = i.Kind, ["fault"] = i.Description }).ToArray()),
            ["windows"] = windows,
            ["invariantChecks"] = c.InvariantChecks,
            ["invariantTally"] = Tally(c),
            ["violations"] = new JsonArray(c.Violations.Select(v => (JsonNode)new JsonObject { ["step"] = v.Step, ["eventLogPosition"] = v.LogPosition, ["violation"] = v.Violation }).ToArray()),
        };
    }

    /// <summary>
    /// One fault: kind, how many actions it injected, its window [from, until), the positions below health 1 at its samples
    /// (most at once, and how many distinct), liquidations and bad debt in it, the seconds after it until no position was
    /// below 1 and until no rebalanced position was below its min health (a rebalance takes such a position back to its target); for message faults, their tally.
    /// </summary>
    private static JsonObject Window(SimulationResult r, ChaosResult c, Chaos.Fault f)
    {
        ulong end = r.Scenario.DurationSeconds;
        var (from, until) = Bounds(r, f);
        bool In(MetricsSample m) => m.Time.Floor < until || (until == end && m.Time.Floor == end); // a window to the end takes the last sample
        var inside = r.Samples.Where(m => m.Time.Floor >= from && In(m)).ToList();
        var before = r.Samples.LastOrDefault(m => m.Time.Floor < from);
        long liquidationsBefore = before?.Totals.LiquidationsApplied ?? 0;
        long liquidationsAfter = r.Samples.LastOrDefault(In)?.Totals.LiquidationsApplied ?? liquidationsBefore;
        UFix128 badDebtBefore = before?.BadDebt ?? UFix128.Zero;
        UFix128 badDebtMax = inside.Count == 0 ? badDebtBefore : inside.Max(m => m.BadDebt);
        var noneBelowOne = r.Samples.FirstOrDefault(m => m.Time.Floor >= until && m.Liquidatable == 0);
        var atTarget = r.Samples.FirstOrDefault(m => m.Time.Floor >= until && m.RebalancedBelowMin == 0);
        var o = new JsonObject
        {
            ["kind"] = f.Kind,
            ["count"] = c.Injected.Count(i => i.Fault == f.Index),
            ["fromSeconds"] = from,
            ["untilSeconds"] = until,
            ["maxPositionsBelowOne"] = inside.Count == 0 ? 0 : inside.Max(m => m.Liquidatable),
            ["positionsBelowOne"] = inside.SelectMany(m => m.BelowOne ?? []).Distinct().Count(),
            ["liquidationsDuring"] = liquidationsAfter - liquidationsBefore,
            ["badDebtMaxDuring"] = JsonNumbers.Of(badDebtMax),
            ["badDebtAddedDuring"] = JsonNumbers.Of(UFix128.SaturatingSub(badDebtMax, badDebtBefore)),
            ["lowestHealthP5"] = inside.Count == 0 ? null : JsonNumbers.Of(inside.Select(m => m.HealthPercentiles[0]).Min()),
            ["secondsToNoneBelowOne"] = noneBelowOne is null ? null : noneBelowOne.Time.Floor - until,
            ["secondsToTargetHealth"] = atTarget is null ? null : atTarget.Time.Floor - until,
        };
        if (f is Chaos.Faults.MessageChannelFault m)
        {
            var t = Messages(r, m);
            o["messages"] = new JsonObject
            {
                ["message"] = t.Message, ["retried"] = t.Retried, ["lost"] = t.Lost, ["delayed"] = t.Delayed, ["duplicated"] = t.Duplicated, ["droppedCopies"] = t.DroppedCopies,
            };
        }
        return o;
    }

    /// <summary>A fault's window [from, until) in seconds: its duration, one step for a one-off, else to the run's end.</summary>
    private static (ulong From, ulong Until) Bounds(SimulationResult r, Chaos.Fault f)
    {
        ulong step = r.Scenario.StepSeconds, end = r.Scenario.DurationSeconds;
        return (f.At, f.Duration > 0 ? Math.Min(f.Until, end) : f.OneOff ? f.At + step : end);
    }

    /// <summary>
    /// The message faults' tallies summed over the exchanges they touched, each exchange once (the two rebalancer message
    /// kinds share one round trip's tally), or null when the run had no message fault (the CLI's one-line account).
    /// </summary>
    public static MessageTally? MessageTotals(SimulationResult r, ChaosResult c)
    {
        var tallies = c.Faults.OfType<Chaos.Faults.MessageChannelFault>().Select(f => Messages(r, f)).DistinctBy(t => t.Message).ToList();
        return tallies.Count == 0 ? null : new MessageTally("all", tallies.Sum(t => t.Retried), tallies.Sum(t => t.Lost), tallies.Sum(t => t.Delayed),
            tallies.Sum(t => t.Duplicated), tallies.Sum(t => t.DroppedCopies));
    }

    /// <summary>The round trips of the fault's message kind logged in its window (a window to the end includes the last block): retried, lost, delayed, duplicated, and the copies dropped.</summary>
    private static MessageTally Messages(SimulationResult r, Chaos.Faults.MessageChannelFault f)
    {
        ulong end = r.Scenario.DurationSeconds;
        var (from, until) = Bounds(r, f);
        if (until == end) until = end + 1;
        string message = f.Message switch { FlowAlp.Engine.Chaos.MessageKind.PriceReport => "PriceReport", FlowAlp.Engine.Chaos.MessageKind.LiquidationOffers => "LiquidationOffers", _ => "RebalanceDue" };
        var mine = (r.Outcomes.Deliveries ?? []).Where(d => d.Message == message && d.Time >= from && d.Time < until).Select(d => d.Delivery).ToList();
        return new MessageTally(message,
            mine.Count(d => d.Outcome == FlowAlp.Engine.Chaos.DeliveryOutcome.Delivered && d.Drops > 0),
            mine.Count(d => d.Outcome == FlowAlp.Engine.Chaos.DeliveryOutcome.Lost),
            mine.Count(d => d.Outcome == FlowAlp.Engine.Chaos.DeliveryOutcome.Delayed),
            mine.Count(d => d.Duplicated),
            mine.Sum(d => d.Drops));
    }

    /// <summary>Violations per invariant (every invariant named, zero when it held at every check).</summary>
    private static JsonObject Tally(ChaosResult c)
    {
        var tally = new JsonObject();
        foreach (var (key, prefix) in Chaos.InvariantSpec.Checks)
            tally[key] = c.Violations.Count(v => v.Violation.StartsWith(prefix, StringComparison.Ordinal));
        return tally;
    }
}

/// <summary>Round trips of one message exchange under a message fault: retried, lost, delayed, duplicated, and the copies dropped.</summary>
public sealed record MessageTally(string Message, int Retried, int Lost, int Delayed, int Duplicated, int DroppedCopies);

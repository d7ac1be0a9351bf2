using System.Diagnostics;
using System.Globalization;
using FlowAlp.Actors.Engine;
using FlowAlp.Actors.Pool;
using FlowAlp.Engine.Core;
using FlowAlp.Engine.Loop;
using FlowAlp.Simulation.ReferenceMarket;

namespace FlowAlp.Benchmarks;

/// <summary>
/// `soak N days [threads] [csv]`: the reference market (TickMarket, GBM FLOW with no crash, rebalancers every 10 minutes)
/// with N positions on the actor engine for a long run of 1-minute ticks. The event log is hashed, not kept; every
/// simulated day the working set and the managed heap are sampled (each week after a full compacting GC, printed; all of
/// them written to the CSV), and the end prints the growth of the weekly working set after the first week — the flat-memory check.
/// </summary>
public static class SoakBenchmark
{
    public static async Task<int> Run(int positions, double days, int threads, string? csv)
    {
        var market = new TickMarket(positions, Seed: 7, Volatility: 0.8, CrashFraction: 0.0);
        ulong seconds = (ulong)(days * 86400);
        Console.WriteLine($"soak: {positions:N0} positions, {days} simulated days of 1-minute ticks, rebalancers every 10 min, {threads} dispatcher threads");
        var sw = Stopwatch.StartNew();
        await using var engine = await market.StartActors(new EngineSettings(threads, SystemName: "soak", EventLog: new EventLogOptions(Retain: false)));
        Console.WriteLine($"set-up {sw.Elapsed.TotalSeconds:F1} s");
        using var writer = csv is null ? null : new StreamWriter(csv) { NewLine = "\n" };
        writer?.WriteLine("simulated_day,wall_seconds,working_set_mib,managed_mib,events");
        var process = Process.GetCurrentProcess();
        sw.Restart();
        double weekOneWs = double.NaN, maxAfter = 0;
        int events = 0;
        ulong day = 0;
        foreach (var t in market.Ticks(seconds))
        {
            events = (await engine.Tick(t)).EventLogLength;
            if (t.Floor % 86400 != 0) continue;
            day = t.Floor / 86400;
            // once a simulated week, a full compacting collection first: the weekly figures show what the run holds, not
            // where the collector happened to be (daily figures in between are taken as they are)
            if (day % 7 == 0) GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            process.Refresh();
            double ws = process.WorkingSet64 / (1024.0 * 1024);
            double managed = GC.GetTotalMemory(false) / (1024.0 * 1024);
            writer?.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{day},{sw.Elapsed.TotalSeconds:F1},{ws:F1},{managed:F1},{events}"));
            writer?.Flush();
            if (day % 7 == 0 && day == 7) weekOneWs = ws;
            if (day % 7 == 0 && day > 7) maxAfter = Math.Max(maxAfter, ws);
            if (day % 7 == 0) Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"day {day,4}  wall {sw.Elapsed.TotalSeconds,8:F1} s  working set {ws,8:F1} MiB  managed {managed,8:F1} MiB  events {events:N0}"));
        }
        double wall = sw.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"soak done: {day} simulated days in {wall:F1} s wall ({positions * (seconds / 60.0) / wall:N0} position-minutes/s), {events:N0} events"));
        if (!double.IsNaN(weekOneWs) && maxAfter > 0)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"working set after a full GC, week 1: {weekOneWs:F1} MiB; largest weekly figure after: {maxAfter:F1} MiB ({100 * (maxAfter / weekOneWs - 1):+0.0;-0.0} %)"));
        return 0;
    }
}

using System.Diagnostics;
using FlowAlp.Actors.Engine;
using FlowAlp.Actors.Pool;
using FlowAlp.Engine.Core;
using FlowAlp.Engine.Loop;
using FlowAlp.Simulation.ReferenceMarket;

namespace FlowAlp.Benchmarks;

/// <summary>
/// `scale N [hours]`: the reference market (TickMarket) with N positions, one-minute ticks, a rebalancer per position
/// every 10 minutes, run by the plain single-threaded loop and then by the actor engine in the same process. Prints
/// wall time, simulated position-minutes per wall second, managed bytes per position, the actors/plain ratio, and
/// whether the two event logs are identical.
/// </summary>
public static class ScaleBenchmark
{
    public static async Task<int> Run(int positions, double hours, int threads, bool withPlainLoop = true)
    {
        var market = new TickMarket(positions, Seed: 7, Volatility: 0.8, CrashFraction: 0.25, CrashAt: (ulong)(hours * 3600 / 2));
        ulong seconds = (ulong)(hours * 3600);
        long minutes = (long)(seconds / 60);
        Console.WriteLine($"scale: {positions:N0} positions, {hours} simulated hours of 1-minute ticks, rebalancers every 10 min, {threads} dispatcher threads");

        // the event logs are hashed, not kept: at 1M positions a day's log would outweigh the positions
        var noLog = new EventLogOptions(Retain: false);
        long before = Managed();
        var sw = Stopwatch.StartNew();
        string? plainHash = null;
        double plainRun = double.NaN;
        if (withPlainLoop)
        {
        var plain = market.StartPlain(noLog);
        double plainSetup = sw.Elapsed.TotalSeconds;
        long plainBytes = Managed() - before;
        sw.Restart();
        foreach (var t in market.Ticks(seconds)) plain.Tick(t);
        plainRun = sw.Elapsed.TotalSeconds;
        plainBytes = Math.Max(plainBytes, Managed() - before);
        plainHash = plain.Core.Log.Sha256();
        int plainEvents = plain.Core.Log.Count;
        Report("plain loop", plainSetup, plainRun, plainBytes, positions, minutes, plainEvents);
        plain = null;
        GC.Collect(); GC.WaitForPendingFinalizers(); GC.Collect();
        }

        before = Managed();
        sw.Restart();
        var engine = await market.StartActors(new EngineSettings(threads, SystemName: "scale", EventLog: noLog));
        double actorSetup = sw.Elapsed.TotalSeconds;
        long actorBytes = Managed() - before;
        sw.Restart();
        long quiet = 0, runs = 0;
        foreach (var t in market.Ticks(seconds)) { var done = await engine.Tick(t); quiet += done.QuietRuns; }
        runs = positions * (long)(seconds / market.RebalanceInterval);
        double actorRun = sw.Elapsed.TotalSeconds;
        actorBytes = Math.Max(actorBytes, Managed() - before);
        var log = await engine.EventLog();
        Report("actor engine", actorSetup, actorRun, actorBytes, positions, minutes, log.Count);
        await engine.DisposeAsync();

        Console.WriteLine($"rebalancer runs decided without waking the position: {quiet:N0} of {runs:N0} ({100.0 * quiet / Math.Max(1, runs):F1} %)");
        if (plainHash is not null)
            Console.WriteLine($"ratio actor/plain (ticks only): {actorRun / plainRun:F2}x; event logs identical: {log.Sha256 == plainHash}");
        Console.WriteLine($"event log sha256 {log.Sha256}; process peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024):N0} MiB");
        return plainHash is null || log.Sha256 == plainHash ? 0 : 1;
    }

    private static long Managed()
    {
        GC.Collect(); GC.WaitForPendingFinalizers(); GC.Collect();
        return GC.GetTotalMemory(true);
    }

    private static void Report(string name, double setup, double run, long bytes, int positions, long minutes, int events) =>
        Console.WriteLine($"{name,-13} setup {setup,7:F2} s  ticks {run,8:F2} s  {positions * (double)minutes / run,12:N0} position-minutes/s  " +
                          $"{bytes / (double)positions,8:N0} B/position (managed, max of after set-up and after the run)  {events:N0} events");
}

using System.Diagnostics;
using Akka.Actor;
using FlowAlp.Actors.Engine;
using FlowAlp.Actors.Pool;
using FlowAlp.Engine.Core;
using FlowAlp.Engine.Loop;
using FlowAlp.Simulation.ReferenceMarket;

namespace FlowAlp.Benchmarks;

/// <summary>
/// `scale N [hours]`: the reference market (TickMarket) with N positions, one-minute ticks, a rebalancer per position
/// every 10 minutes, run by the actor engine (screened: a due run whose position certainly plans nothing is decided
/// without waking it). `baseline` first runs the plain single-threaded loop twice on the same market in the same
/// process — screened (the actor engine's own rule) and naive (every due run decided) — so the actor engine is
/// compared with the loop that does the same work and with the one that does all of it. Each run prints ticks time,
/// simulated position-minutes per wall second, managed bytes per position (measured the same way for all three), and
/// the event logs must be identical.
/// </summary>
public static class ScaleBenchmark
{
    private sealed record Result(string Name, double Setup, double Ticks, long Bytes, int Events, string Sha256);

    public static async Task<int> Run(int positions, double hours, int threads, bool withPlainLoop = true)
    {
        ExitOnOutOfMemory();
        var market = new TickMarket(positions, Seed: 7, Volatility: 0.8, CrashFraction: 0.25, CrashAt: (ulong)(hours * 3600 / 2));
        ulong seconds = (ulong)(hours * 3600);
        long minutes = (long)(seconds / 60);
        Console.WriteLine($"scale: {positions:N0} positions, {hours} simulated hours of 1-minute ticks, rebalancers every 10 min, {threads} dispatcher threads");

        // the event logs are hashed, not kept: at 1M positions a day's log would outweigh the positions
        var noLog = new EventLogOptions(Retain: false);
        var results = new List<Result>();
        if (withPlainLoop)
        {
            results.Add(RunPlain(market, seconds, noLog, "plain screened", wakeEveryone: false, positions, minutes));
            results.Add(RunPlain(market, seconds, noLog, "plain naive", wakeEveryone: true, positions, minutes));
        }

        long before = Managed();
        var sw = Stopwatch.StartNew();
        var engine = await market.StartActors(new EngineSettings(threads, SystemName: "scale", EventLog: noLog));
        double actorSetup = sw.Elapsed.TotalSeconds;
        long actorBytes = Managed() - before;
        // a figure before the ticks: at 10M positions the set-up alone is minutes and most of the heap
        Console.WriteLine($"actor engine set-up: {actorSetup:F2} s, {actorBytes / (double)positions:N0} B/position (managed, after a full GC), peak working set so far {PeakMiB():N0} MiB");
        sw.Restart();
        long quiet = 0;
        // FLOWALP_SCALE_TICKS=1: the heap after each tick (as the last collection left it), to see which block peaks
        bool perTick = Environment.GetEnvironmentVariable("FLOWALP_SCALE_TICKS") == "1";
        foreach (var t in market.Ticks(seconds))
        {
            var done = await Tick(engine, t);
            quiet += done.QuietRuns;
            if (perTick)
            {
                var gc = GC.GetGCMemoryInfo();
                Console.WriteLine($"  t = {t.Floor,5} s: heap {gc.HeapSizeBytes / (1024.0 * 1024):N0} MiB after the last GC (#{gc.Index}), " +
                                  $"peak working set {PeakMiB():N0} MiB, {done.LiquidationsApplied:N0} liquidations, {done.Rebalances:N0} rebalances");
            }
        }
        // FLOWALP_SCALE_HOLD=path: wait for that file before tearing the engine down (time to take a heap dump of the run's end)
        if (Environment.GetEnvironmentVariable("FLOWALP_SCALE_HOLD") is { Length: > 0 } hold)
        {
            Console.WriteLine($"holding (pid {Environment.ProcessId}) until {hold} exists");
            while (!File.Exists(hold)) await Task.Delay(500);
        }
        long runs = positions * (long)(seconds / market.RebalanceInterval);
        double actorRun = sw.Elapsed.TotalSeconds;
        actorBytes = Math.Max(actorBytes, Managed() - before);
        var log = await engine.EventLog();
        var actors = new Result("actor engine", actorSetup, actorRun, actorBytes, log.Count, log.Sha256);
        Report(actors, positions, minutes);
        await engine.DisposeAsync();

        Console.WriteLine($"rebalancer runs decided without waking the position: {quiet:N0} of {runs:N0} ({100.0 * quiet / Math.Max(1, runs):F1} %)");
        bool identical = results.All(r => r.Sha256 == actors.Sha256);
        foreach (var plain in results)
            Console.WriteLine($"ratio actors/{plain.Name} (ticks only): {actorRun / plain.Ticks:F2}x; bytes per position {actors.Bytes / (double)Math.Max(1, plain.Bytes):F2}x");
        if (results.Count > 0) Console.WriteLine($"event logs identical (actors, plain screened, plain naive): {identical}");
        Console.WriteLine($"event log sha256 {log.Sha256}; process peak working set {PeakMiB():N0} MiB");
        return identical ? 0 : 1;
    }

    private static Result RunPlain(TickMarket market, ulong seconds, EventLogOptions log, string name, bool wakeEveryone, int positions, long minutes)
    {
        long before = Managed();
        var sw = Stopwatch.StartNew();
        var plain = market.StartPlain(log, wakeEveryone);
        double setup = sw.Elapsed.TotalSeconds;
        long bytes = Managed() - before;
        sw.Restart();
        foreach (var t in market.Ticks(seconds)) plain.Tick(t);
        double run = sw.Elapsed.TotalSeconds;
        bytes = Math.Max(bytes, Managed() - before);
        var r = new Result(name, setup, run, bytes, plain.Core.Log.Count, plain.Core.Log.Sha256());
        Report(r, positions, minutes);
        GC.KeepAlive(plain);
        return r;
    }

    /// <summary>
    /// Under a heap limit (DOTNET_GCHeapHardLimit, how the 10M runs are made safe for the machine) an allocation that
    /// does not fit throws OutOfMemoryException, often on an actor's thread, where Akka restarts the actor and the tick
    /// never ends: the run would wait out its ask timeout. The first one ends the process at once instead.
    /// </summary>
    private static void ExitOnOutOfMemory()
    {
        const string message = "scale: out of memory (the managed heap reached its limit); exiting";
        AppDomain.CurrentDomain.FirstChanceException += (_, e) =>
        {
            if (e.Exception is not OutOfMemoryException) return;
            Console.Error.WriteLine(message);
            try { Console.Error.WriteLine(Environment.StackTrace); } catch (OutOfMemoryException) { } // where it ran out, if that still fits
            Environment.Exit(3);
        };
    }

    /// <summary>
    /// A tick without the engine's 10-minute ask guard: at 10M positions on a loaded 2-core machine the crash block
    /// (millions of woken runs and liquidation candidates) alone took longer than that.
    /// </summary>
    private static async Task<FlowAlp.Engine.Core.TickDone> Tick(PoolEngine engine, FlowAlp.Protocol.Numerics.UFix64 t) =>
        await engine.Supervisor.Ask<object>(new Tick(t), TimeSpan.FromHours(6)) switch
        {
            FlowAlp.Engine.Core.TickDone done => done,
            Status.Failure f => throw f.Cause,
            var other => throw new InvalidOperationException($"unexpected reply {other.GetType().Name} to Tick"),
        };

    private static double PeakMiB() => Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024);

    /// <summary>Managed heap after full collections: the same measure for every engine (before, after set-up, after the run).</summary>
    private static long Managed()
    {
        GC.Collect(); GC.WaitForPendingFinalizers(); GC.Collect();
        return GC.GetTotalMemory(true);
    }

    private static void Report(Result r, int positions, long minutes) =>
        Console.WriteLine($"{r.Name,-15} setup {r.Setup,7:F2} s  ticks {r.Ticks,8:F2} s  {positions * (double)minutes / r.Ticks,12:N0} position-minutes/s  " +
                          $"{r.Bytes / (double)positions,8:N0} B/position (managed, max of after set-up and after the run)  {r.Events:N0} events");
}

using System.Diagnostics;
using FlowAlp.Actors.Engine;
using FlowAlp.Actors.Pool;
using FlowAlp.Engine.Core;
using FlowAlp.Engine.Loop;
using FlowAlp.Engine.Snapshots;
using FlowAlp.Simulation.ReferenceMarket;

namespace FlowAlp.Benchmarks;

/// <summary>
/// `snapshot N [hours] [rounds]`: the cost of a state snapshot of the plain loop's whole state for N positions after some
/// simulated hours — capture (object graph, compressed), restore, their sizes — and a check that the restored loop
/// goes on exactly as the original (same event-log hash after one more hour).
/// </summary>
public static class SnapshotBenchmark
{
    public static int Run(int n, double hours, int rounds = 3)
    {
        var market = new TickMarket(n);
        var watch = Stopwatch.StartNew();
        string logFile = Path.GetTempFileName(), copy = Path.GetTempFileName();
        var loop = market.StartPlain(new EventLogOptions(Retain: false, File: logFile), wakeEveryone: false);
        ulong seconds = (ulong)(hours * 3600);
        foreach (var t in market.Ticks(seconds)) loop.Tick(t);
        Console.WriteLine($"set-up and {hours} h: {watch.Elapsed.TotalSeconds:0.00} s ({n:N0} positions)");
        var path = market.FlowPrice(); // the loop holds its own: this one only fills the externals slot the same way on both sides
        object[] externals = [];
        EngineSnapshot snap = loop.Capture(externals);
        var capture = new List<double>();
        for (int i = 0; i < rounds; i++)
        {
            watch.Restart();
            snap = loop.Capture(externals);
            capture.Add(watch.Elapsed.TotalMilliseconds);
        }
        var restore = new List<double>();
        PlainLoop? restored = null;
        for (int i = 0; i < rounds; i++)
        {
            restored?.Core.Log.Dispose();
            File.Copy(logFile, copy, overwrite: true); // the restored log goes on in its own file (cut back to the snapshot's length)
            watch.Restart();
            restored = PlainLoop.Restore(snap, externals, new EventLogOptions(Retain: false, File: copy));
            restore.Add(watch.Elapsed.TotalMilliseconds);
        }
        Console.WriteLine($"snapshot: {snap.State.Length / 1048576.0:0.00} MiB ({snap.State.Length / (double)n:0} B/position); capture {string.Join(" / ", capture.Select(c => $"{c:0}"))} ms, restore {string.Join(" / ", restore.Select(c => $"{c:0}"))} ms");
        foreach (var t in market.Ticks(seconds + 3600).Where(t => t.Floor > seconds)) { loop.Tick(t); restored!.Tick(t); }
        bool same = loop.Core.Log.Sha256() == restored!.Core.Log.Sha256() && loop.Core.Log.Count == restored.Core.Log.Count;
        Console.WriteLine($"one more hour on both: event logs {(same ? "identical" : "DIFFER")} ({loop.Core.Log.Count:N0} events)");
        GC.KeepAlive(path);
        loop.Core.Log.Dispose();
        restored.Core.Log.Dispose();
        File.Delete(logFile);
        File.Delete(copy);
        return same ? 0 : 1;
    }
}

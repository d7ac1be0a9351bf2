using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text.Json.Nodes;
using FlowAlp.Engine.Core;
using FlowAlp.Engine.Loop;
using FlowAlp.Scripting;
using FlowAlp.Simulation.Running;
using FlowAlp.Simulation.Scenarios;

namespace FlowAlp.Benchmarks;

/// <summary>
/// `study [sizes] [engines] [rounds]`: the High Tide study users run (config/scenarios/hightide-vs-passive.json, cut to
/// 1 h with BTC falling 23 % over the hour) at each size (agents in all, half High Tide, half passive), on the plain
/// loop and the actor engine, through the same <see cref="RunSession"/> the CLI uses but with no journal, no outputs and
/// the event log hashed, not kept. Prints set-up (engine start, positions, wiring, first sample), ticks, samples,
/// the rest of the step loop, finish, agent-minutes per wall second of the simulation phase and of the whole run, and the
/// process CPU seconds of the simulation phase (a steadier figure than wall time on a shared machine).
/// </summary>
public static class StudyBenchmark
{
    public static async Task<int> Run(IReadOnlyList<int> sizes, IReadOnlyList<EngineKind> engines, int rounds)
    {
        string path = ScenarioPath();
        Console.WriteLine($"study: {path}, 1 h of 1-minute steps, BTC 100,000 → 77,000 over the hour, samples every 2 steps; " +
                          $"sizes {string.Join(", ", sizes.Select(n => n.ToString("N0", CultureInfo.InvariantCulture)))} agents; no journal, no outputs");
        Console.WriteLine($"{"engine",-7} {"agents",9} {"set-up",8} {"ticks",8} {"samples",8} {"runner",8} {"finish",8} {"sim agent-min/s",16} {"whole agent-min/s",18} {"sim cpu",8} {"gc pause",8} {"alloc",8}  events / event log");
        int failures = 0;
        foreach (int n in sizes)
        {
            var scenario = Study(path, n);
            for (int round = 0; round < rounds; round++)
            {
                string? first = null;
                foreach (var kind in engines)
                {
                    var r = await RunOnce(scenario, kind, n);
                    long agentMinutes = (long)n * (long)(scenario.DurationSeconds / 60);
                    double sim = r.Ticks + r.Samples + r.Runner;
                    Console.WriteLine($"{(kind == EngineKind.Actors ? "actors" : "plain"),-7} {n,9:N0} {r.SetUp,7:F2}s {r.Ticks,7:F2}s {r.Samples,7:F2}s {r.Runner,7:F2}s {r.Finish,7:F2}s " +
                                      $"{agentMinutes / sim,16:N0} {agentMinutes / (r.SetUp + sim + r.Finish),18:N0} {r.SimCpu,7:F2}s {r.GcPause,7:F2}s {r.AllocMiB,6:N0}MB  {r.Events:N0} / {r.Sha256[..12]}");
                    if (first is not null && first != r.Sha256) { Console.WriteLine("  event logs differ between the engines"); failures++; }
                    first ??= r.Sha256;
                    GC.Collect(); GC.WaitForPendingFinalizers(); GC.Collect();
                }
            }
        }
        Console.WriteLine($"process peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024):N0} MiB");
        return failures == 0 ? 0 : 1;
    }

    private sealed record Timings(double SetUp, double Ticks, double Samples, double Runner, double Finish, double SimCpu, double GcPause, double AllocMiB, long Events, string Sha256);

    private static async Task<Timings> RunOnce(Scenario s, EngineKind kind, int n)
    {
        var timer = new PhaseTimer();
        // the event log hashed, not kept (at 200,000 agents the lines would dominate memory); the engine timed per call
        var log = new EventLogOptions(Retain: false);
        var options = new RunOptions(s)
        {
            Engine = kind, SystemName = $"study{n}",
            MakeEngine = (genesis, _) => TimedEngine.Wrap(kind == EngineKind.Actors
                ? ActorSimulationEngine.Start(genesis, new EngineSettings(s.Threads, SystemName: $"study{n}", EventLog: log))
                : new PlainSimulationEngine(genesis, log), timer),
        };
        var sw = Stopwatch.StartNew();
        await using var session = await RunSession.Start(options);
        double setUp = sw.Elapsed.TotalSeconds;
        timer.Reset();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var pause = GC.GetTotalPauseDuration();
        long allocated = GC.GetTotalAllocatedBytes();
        sw.Restart();
        for (long k = session.FirstStep; k <= (long)s.Steps; k++) await session.Step(k);
        double steps = sw.Elapsed.TotalSeconds;
        double simCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        // the simulation phase's GC pauses and allocations (the latter barely moves with the machine's load)
        double gcPause = (GC.GetTotalPauseDuration() - pause).TotalSeconds;
        double allocMiB = (GC.GetTotalAllocatedBytes() - allocated) / (1024.0 * 1024);
        sw.Restart();
        var result = await session.Finish();
        double finish = sw.Elapsed.TotalSeconds;
        return new Timings(setUp, timer.Ticks, timer.Samples, steps - timer.Ticks - timer.Samples, finish, simCpu, gcPause, allocMiB, result.EventCount, result.EventLogSha256);
    }

    /// <summary>The shipped High Tide scenario, 1 h with BTC −23 % over it, <paramref name="agents"/> split evenly between High Tide and passive.</summary>
    public static Scenario Study(string path, int agents)
    {
        var json = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        json["durationHours"] = 1;
        json["prices"]!["BTC"]!["points"] = new JsonArray(new JsonObject { ["hours"] = 1, ["price"] = 77000 });
        foreach (var p in json["populations"]!.AsArray())
            if ((string?)p!["name"] == "hightide") p["count"] = agents / 2;
            else if ((string?)p!["name"] == "passive") p["count"] = agents - agents / 2;
        json.Remove("persistence");
        json.Remove("outputs");
        return ScenarioParser.Parse(json.ToJsonString(), Path.GetDirectoryName(path)!);
    }

    private static string ScenarioPath()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "config", "scenarios", "hightide-vs-passive.json");
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException("config/scenarios/hightide-vs-passive.json not found above the working directory (run from the repository)");
    }

    internal sealed class PhaseTimer
    {
        public double Ticks, Samples;
        public void Reset() => Ticks = Samples = 0;
    }

    /// <summary>
    /// The engine behind a proxy that adds up the wall time of Tick and Metrics calls until their tasks complete (a
    /// DispatchProxy, so it follows the interface as it grows).
    /// </summary>
    public class TimedEngine : DispatchProxy
    {
        private ISimulationEngine _inner = null!;
        private PhaseTimer _timer = null!;

        internal static ISimulationEngine Wrap(ISimulationEngine inner, PhaseTimer timer)
        {
            var proxy = Create<ISimulationEngine, TimedEngine>();
            var timed = (TimedEngine)(object)proxy;
            (timed._inner, timed._timer) = (inner, timer);
            return proxy;
        }

        protected override object? Invoke(MethodInfo? method, object?[]? args)
        {
            bool tick = method!.Name == nameof(ISimulationEngine.Tick), metrics = method.Name == nameof(ISimulationEngine.Metrics);
            long start = Stopwatch.GetTimestamp();
            object? result;
            try { result = method.Invoke(_inner, args); }
            catch (TargetInvocationException e) when (e.InnerException is not null) { throw e.InnerException; }
            if (!tick && !metrics) return result;
            var type = method.ReturnType.GetGenericArguments()[0];
            return typeof(TimedEngine).GetMethod(nameof(Timed), BindingFlags.NonPublic | BindingFlags.Instance)!.MakeGenericMethod(type)
                .Invoke(this, [result, start, tick]);
        }

        private async Task<T> Timed<T>(Task<T> task, long start, bool tick)
        {
            var value = await task;
            double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            if (tick) _timer.Ticks += seconds; else _timer.Samples += seconds;
            return value;
        }
    }
}

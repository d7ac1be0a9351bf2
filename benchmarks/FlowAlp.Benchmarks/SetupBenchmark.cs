using System.Diagnostics;
using FlowAlp.Actors.Engine;
using FlowAlp.Engine.Core;
using FlowAlp.Engine.Loop;
using FlowAlp.Simulation.ReferenceMarket;
using FlowAlp.Simulation.Running;
using FlowAlp.Simulation.Scenarios;

namespace FlowAlp.Benchmarks;

/// <summary>
/// `setup [N…] [--scenario FILE] [--agents A…] [--engine actors|plain|both]`: how long it takes to open the positions.
/// The reference market (TickMarket: positions, rebalancers, oracle, DEX, liquidators) at N positions (default 10k,
/// 100k, 1M) and the High Tide scenario's set-up (RunSession.Start: the world, every agent's opening steps, vaults,
/// rebalancers; default 240 / 2,000 / 20,000 agents, half High Tide, half passive). Prints wall and CPU time and
/// milliseconds per 1,000 positions, so a set-up that grows faster than N shows as a rising last column.
/// </summary>
public static class SetupBenchmark
{
    public static async Task<int> Run(string[] args)
    {
        var sizes = new List<int>();
        var agents = new List<int>();
        string scenario = "config/scenarios/hightide-vs-passive.json";
        string engines = "both";
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--scenario") scenario = args[++i];
            else if (args[i] == "--engine") engines = args[++i];
            else if (args[i] == "--agents") { while (i + 1 < args.Length && int.TryParse(args[i + 1], out int a)) { agents.Add(a); i++; } }
            else sizes.Add(int.Parse(args[i], System.Globalization.CultureInfo.InvariantCulture));
        }
        if (sizes.Count == 0 && agents.Count == 0) { sizes.AddRange([10_000, 100_000, 1_000_000]); agents.AddRange([240, 2_000, 20_000]); }
        var kinds = engines switch { "actors" => [EngineKind.Actors], "plain" => [EngineKind.Plain], _ => new[] { EngineKind.Plain, EngineKind.Actors } };
        Console.WriteLine($"setup: {Environment.ProcessorCount} cores; wall and process CPU seconds; ms per 1k positions = wall / positions × 1000");

        foreach (int n in sizes)
            foreach (var kind in kinds)
            {
                var market = new TickMarket(n);
                var (wall, cpu, started) = await Timed<IAsyncDisposable?>(async () => kind == EngineKind.Plain
                    ? Keep(market.StartPlain(new EventLogOptions(Retain: false), wakeEveryone: false))
                    : await market.StartActors(new EngineSettings(2, SystemName: "setup", EventLog: new EventLogOptions(Retain: false))));
                if (started is not null) await started.DisposeAsync();
                Report($"tickmarket {kind.ToString().ToLowerInvariant()}", n, wall, cpu);
            }

        foreach (int a in agents)
            foreach (var kind in kinds)
            {
                string json = ScenarioOverrides.Apply(File.ReadAllText(scenario), [("populations[1].count", (a / 2).ToString()), ("populations[2].count", (a - a / 2).ToString())]);
                var s = ScenarioParser.Parse(json, Path.GetDirectoryName(Path.GetFullPath(scenario))!);
                var (wall, cpu, session) = await Timed(() => RunSession.Start(new RunOptions(s) { Engine = kind, SystemName = "setup" }));
                await session.DisposeAsync();
                Report($"scenario {kind.ToString().ToLowerInvariant()}", a, wall, cpu);
            }
        return 0;
    }

    /// <summary>The plain loop holds nothing to dispose; it is kept alive until the clock stops.</summary>
    private static IAsyncDisposable? Keep(object loop) { GC.KeepAlive(loop); return null; }

    /// <summary>The work's wall and CPU time; the engine it started is disposed after the clock stops.</summary>
    private static async Task<(double Wall, double Cpu, T Result)> Timed<T>(Func<Task<T>> work)
    {
        GC.Collect(); GC.WaitForPendingFinalizers(); GC.Collect();
        var process = Process.GetCurrentProcess();
        var cpu0 = process.TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        var result = await work();
        double wall = sw.Elapsed.TotalSeconds;
        process.Refresh();
        return (wall, (process.TotalProcessorTime - cpu0).TotalSeconds, result);
    }

    private static void Report(string what, int n, double wall, double cpu) =>
        Console.WriteLine($"{what,-18} {n,10:N0} positions  wall {wall,8:F2} s  cpu {cpu,8:F2} s  {wall * 1000 / n * 1000,8:F2} ms per 1k positions");
}

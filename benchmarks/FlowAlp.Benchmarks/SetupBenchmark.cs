using System.Diagnostics;
using FlowAlp.Actors.Engine;
using FlowAlp.Actors.Pool;
using FlowAlp.Engine.Core;
using FlowAlp.Engine.Loop;
using FlowAlp.Engine.Operations;
using FlowAlp.Simulation.ReferenceMarket;
using FlowAlp.Simulation.Running;
using FlowAlp.Simulation.Scenarios;

namespace FlowAlp.Benchmarks;

/// <summary>
/// `setup [N…] [--agents A…] [--engine actors|plain|both] [--compare] [--rounds R] [--scenario FILE]`: how long it
/// takes to open the positions. The reference market (TickMarket: positions, oracle, rebalancers, cron, DEX,
/// liquidators) at N positions (default 10k, 100k, 1M) and a scenario's set-up (RunSession.Start: the world, every
/// agent's opening steps, vaults, rebalancers; default the High Tide study at 240 / 2,000 / 20,000 agents, half High
/// Tide, half passive). Prints wall and process CPU time and milliseconds per 1,000 positions, so a set-up that grows
/// faster than N shows as a rising last column. --compare interleaves each figure with the set-up as it was before
/// bulk opening (one engine call per step, vault, connector and rebalancer), R rounds (default 1).
/// </summary>
public static class SetupBenchmark
{
    public static async Task<int> Run(string[] args)
    {
        var sizes = new List<int>();
        var agents = new List<int>();
        string scenario = "config/scenarios/hightide-vs-passive.json";
        string engines = "both";
        bool compare = false;
        int rounds = 1;
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--scenario") scenario = args[++i];
            else if (args[i] == "--engine") engines = args[++i];
            else if (args[i] == "--compare") compare = true;
            else if (args[i] == "--rounds") rounds = int.Parse(args[++i]);
            else if (args[i] == "--agents") { while (i + 1 < args.Length && int.TryParse(args[i + 1], out int a)) { agents.Add(a); i++; } }
            else sizes.Add(int.Parse(args[i], System.Globalization.CultureInfo.InvariantCulture));
        }
        if (sizes.Count == 0 && agents.Count == 0) { sizes.AddRange([10_000, 100_000, 1_000_000]); agents.AddRange([240, 2_000, 20_000]); }
        var kinds = engines switch { "actors" => [EngineKind.Actors], "plain" => [EngineKind.Plain], _ => new[] { EngineKind.Plain, EngineKind.Actors } };
        bool[] modes = compare ? [false, true] : [true];
        Console.WriteLine($"setup: {Environment.ProcessorCount} cores; wall and process CPU seconds; ms per 1k positions = wall / positions × 1000" +
            (compare ? "; per-step = one engine call per step (before bulk set-up), batch = one message per batch" : ""));

        for (int round = 0; round < rounds; round++)
        {
            foreach (int n in sizes)
                foreach (var kind in kinds)
                    foreach (bool batch in modes)
                    {
                        var market = new TickMarket(n);
                        var (wall, cpu, started) = await Timed(() => StartMarket(market, kind, batch));
                        if (started is not null) await started.DisposeAsync();
                        Report($"tickmarket {Name(kind)}", batch, n, wall, cpu);
                    }

            foreach (int a in agents)
                foreach (var kind in kinds)
                    foreach (bool batch in modes)
                    {
                        string json = ScenarioOverrides.Apply(File.ReadAllText(scenario), [("populations[1].count", (a / 2).ToString()), ("populations[2].count", (a - a / 2).ToString())]);
                        var s = ScenarioParser.Parse(json, Path.GetDirectoryName(Path.GetFullPath(scenario))!);
                        var settings = new EngineSettings(s.Threads, SystemName: "setup");
                        var (wall, cpu, session) = await Timed(() => RunSession.Start(new RunOptions(s)
                        {
                            MakeEngine = (genesis, log) =>
                            {
                                ISimulationEngine e = kind == EngineKind.Actors ? ActorSimulationEngine.Start(genesis, settings with { EventLog = log }) : new PlainSimulationEngine(genesis, log);
                                return batch ? e : new PerStepEngine(e);
                            },
                        }));
                        await session.DisposeAsync();
                        Report($"scenario {Name(kind)}", batch, a, wall, cpu);
                    }
        }
        return 0;
    }

    private static string Name(EngineKind kind) => kind.ToString().ToLowerInvariant();

    /// <summary>The reference market set up in bulk (TickMarket's own path) or one call per step and rebalancer (as before).</summary>
    private static async Task<IAsyncDisposable?> StartMarket(TickMarket market, EngineKind kind, bool batch)
    {
        var noLog = new EventLogOptions(Retain: false);
        if (kind == EngineKind.Plain)
        {
            if (batch) { GC.KeepAlive(market.StartPlain(noLog, wakeEveryone: false)); return null; }
            var loop = new PlainLoop(market.Setup(), noLog, wakeEveryone: false);
            foreach (var step in market.OpenPositions()) loop.Step(step);
            loop.AddOracle("FLOW", market.FlowPrice());
            for (long p = 0; p < market.Positions; p++) loop.AddRebalancer(p, market.Rebalancer());
            loop.EnableRebalanceSupervisor();
            loop.UseDex(market.Dex());
            for (int l = 0; l < market.Liquidators; l++) loop.AddLiquidator($"liq-{l}", $"liquidator-{l}");
            GC.KeepAlive(loop);
            return null;
        }
        var settings = new EngineSettings(2, SystemName: "setup", EventLog: noLog);
        if (batch) return await market.StartActors(settings);
        var engine = PoolEngine.Start(market.Setup(), settings);
        foreach (var step in market.OpenPositions()) await engine.Step(step);
        await engine.Ask<Akka.Actor.Status.Success>(new FlowAlp.Engine.Oracles.AddOracle("FLOW", market.FlowPrice()));
        for (long p = 0; p < market.Positions; p++) await engine.Ask<RebalancerAdded>(new AddRebalancer(p, market.Rebalancer()));
        await engine.Ask<Akka.Actor.Status.Success>(new EnableRebalanceSupervisor());
        await engine.Ask<Akka.Actor.Status.Success>(new UseDex(engine.System.ActorOf(FlowAlp.Actors.Dex.DexActor.Props(market.Dex()), "dex")));
        for (int l = 0; l < market.Liquidators; l++) await engine.Ask<Akka.Actor.Status.Success>(new AddLiquidator($"liq-{l}", $"liquidator-{l}"));
        return engine;
    }

    /// <summary>The work's wall and process CPU time; what it started is disposed after the clock stops.</summary>
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

    private static void Report(string what, bool batch, int n, double wall, double cpu) =>
        Console.WriteLine($"{what,-18} {(batch ? "batch" : "per-step"),-8} {n,10:N0} positions  wall {wall,8:F2} s  cpu {cpu,8:F2} s  " +
            $"{wall * 1_000_000 / n,8:F2} ms per 1k wall  {cpu * 1_000_000 / n,8:F2} ms per 1k cpu");
}

using System.CommandLine;
using System.Diagnostics;
using FlowAlp.Simulation.Running;
using FlowAlp.Simulation.Scenarios;
using FlowAlp.Reporting;
using FlowAlp.Simulation.Sweeps;
using Spectre.Console;

namespace FlowAlp.Cli;

/// <summary>
/// `flowalp sweep SCENARIO --seeds N [--set path=v1,v2 …]`: the scenario over N seeds and a parameter grid, in parallel;
/// writes sweep.json (95 % confidence intervals, bad-debt VaR/ES), runs.csv / runs.parquet (a column per grid parameter),
/// sweep.html (error bars, heat maps for two axes) and a comparison page. With --cluster FILE the runs go to the
/// cluster's sweep workers (<see cref="ClusterSweep"/>), with the same files. Exit 2 for bad input.
/// </summary>
internal static class SweepCommand
{
    private const int MaxSeeds = 100_000, MaxParallel = 1_024, MaxRuns = 100_000;

    public static Command Create()
    {
        var scenario = new Argument<string>("scenario") { Description = "scenario file (JSON)", DefaultValueFactory = _ => RunCommand.DefaultScenario };
        var seeds = new Option<int>("--seeds") { Description = "seeds per grid point (first, first+1, …)", DefaultValueFactory = _ => 10 };
        var first = new Option<ulong?>("--first-seed") { Description = "the first seed (default: the scenario's)" };
        var set = new Option<string[]>("--set") { Description = "a grid axis: path=v1,v2,… (repeatable; the grid is their product)", AllowMultipleArgumentsPerToken = false };
        var parallel = new Option<int>("--parallel") { Description = "runs at once (with --cluster: runs handed out at once; each node runs at most its cores)", DefaultValueFactory = _ => Environment.ProcessorCount };
        var engine = new Option<string>("--engine") { Description = "actors (default) or plain", DefaultValueFactory = _ => "actors" };
        engine.AcceptOnlyFromAmong("actors", "plain");
        var output = new Option<string?>("--out") { Description = "output folder (default: out/sweep-NAME)" };
        var force = new Option<bool>("--force") { Description = "write into an existing folder FlowAlp did not create (beside its files; refused where a name the sweep writes is taken)" };
        var cluster = ClusterSweep.FileOption();
        var allowRemote = ClusterSweep.AllowRemoteOption();
        var cmd = new Command("sweep", "Run a scenario over many seeds and a parameter grid; confidence intervals and tail risk") { scenario, seeds, first, set, parallel, engine, output, force, cluster, allowRemote };
        cmd.SetAction((p, cancel) => Run(p.GetValue(scenario)!, p.GetValue(seeds), p.GetValue(first), p.GetValue(set) ?? [], p.GetValue(parallel),
            p.GetValue(engine) == "plain" ? EngineKind.Plain : EngineKind.Actors, p.GetValue(output), p.GetValue(force), p.GetValue(cluster), p.GetValue(allowRemote), cancel));
        return cmd;
    }

    private static async Task<int> Run(string path, int seeds, ulong? firstSeed, string[] sets, int parallel, EngineKind engine, string? outDir, bool force,
        string? clusterFile, bool allowRemote, CancellationToken cancel)
    {
        try
        {
            string json = ScenarioParser.ReadFile(ShippedFiles.Resolve(path));
            string baseDir = Path.GetDirectoryName(Path.GetFullPath(ShippedFiles.Resolve(path)))!;
            var baseScenario = ScenarioParser.Parse(json, baseDir);
            var axes = sets.Select(ScenarioOverrides.ParseAxis).ToList();
            // bounds and every grid point checked before anything is printed or run: a refusal is one line
            if (seeds is < 1 or > MaxSeeds) throw ScenarioException.Argument("seeds", $"must be between 1 and {MaxSeeds:N0}, got {seeds}");
            if (parallel is < 1 or > MaxParallel) throw ScenarioException.Argument("parallel", $"must be between 1 and {MaxParallel}, got {parallel}");
            long points = axes.Aggregate(1L, (n, a) => Math.Min(n * a.Values.Count, MaxRuns + 1));
            if (points * seeds > MaxRuns) throw ScenarioException.Argument("set", $"the grid and seeds make more than {MaxRuns:N0} runs");
            foreach (var (_, overrides) in SweepRunner.Grid(axes)) ScenarioParser.Parse(ScenarioOverrides.Apply(json, overrides), baseDir);
            string dir = outDir ?? Path.Combine("out", $"sweep-{baseScenario.Name}");
            // the same rules as a run folder's: a folder FlowAlp did not write is refused unless forced, and never written over
            string option = outDir is null ? "sweep folder" : "--out";
            Simulation.Persistence.OutputFolder.Check(Simulation.Persistence.OutputFolder.Validate(dir, option), option, force, Simulation.Persistence.OutputFolder.SweepOwned);
            await using var cluster = await ClusterSweep.Start(clusterFile, allowRemote);
            var wall = Stopwatch.StartNew();
            int total = (int)points * seeds;
            Console.Error.WriteLine($"sweep {baseScenario.Name}: {total} runs ({seeds} seeds × {total / Math.Max(seeds, 1)} grid points), {parallel} at once, engine {engine}");
            var runs = await SweepRunner.Run(json, baseDir, axes, firstSeed ?? baseScenario.Seed, seeds, parallel, engine,
                (done, all) => { if (done % Math.Max(1, all / 20) == 0 || done == all) Console.Error.WriteLine($"  {done}/{all} runs, {wall.Elapsed.TotalSeconds:0.0} s"); }, cancel,
                cluster: cluster?.Dispatch);
            Directory.CreateDirectory(dir);
            Simulation.Persistence.OutputFolder.WriteManifest(dir, Simulation.Persistence.OutputFolder.SweepOwned);
            SweepRunner.Write(dir, baseScenario.Name, runs);
            PrintTable(SweepTable.From(runs), runs);
            Console.Error.WriteLine($"{runs.Count} runs in {wall.Elapsed.TotalSeconds:0.00} s; results in {Path.GetFullPath(dir)}");
            return runs.All(r => r.Conserved) ? ExitCodes.Ok : ExitCodes.Failed;
        }
        catch (ScenarioException e)
        {
            Console.Error.WriteLine($"sweep {path}: {InputErrors.Line(e)}");
            return ExitCodes.For(e);
        }
        catch (SimulationException e)
        {
            Console.Error.WriteLine($"sweep {path}: {InputErrors.Line(e)}");
            return ExitCodes.For(e);
        }
        catch (OperationCanceledException)
        {
            // Ctrl-C / SIGTERM (the token, or a cluster node's shutdown): nothing is written before every run is in
            Console.Error.WriteLine($"sweep {path}: interrupted; nothing written");
            return ExitCodes.Interrupted;
        }
    }

    /// <summary>The grid point's largest bad debt of each run (the losses its VaR is taken over).</summary>
    private static double[] BadDebts(IReadOnlyList<SweepRun> runs, string point) =>
        runs.Where(r => r.Point == point).SelectMany(r => r.Metrics.Where(m => m.Name == SweepTable.BadDebt).Select(m => m.Value)).ToArray();

    /// <summary>
    /// The metrics that matter per grid point as "mean ± 95 % half-width": each borrower population's survival, liquidations and
    /// fees per position, the bad debt (with its VaR95), and every other metric whose mean differs between grid points.
    /// </summary>
    private static void PrintTable(SweepTable result, IReadOnlyList<SweepRun> runs)
    {
        var metrics = SweepPage.Metrics(result);
        string axes = result.Axes.Count == 0 ? "grid point" : string.Join(", ", result.Axes.Select(a => a.Path));
        // as many grid points side by side as the console's width holds beside the metric names (no cell wraps its
        // "mean ± half-width"); a larger grid is several tables
        int labelWidth = Math.Min(40, metrics.Select(m => m.Label.Length).Append(24).Max()); // a longer name wraps
        int cellWidth = metrics.SelectMany(m => m.Cells).Where(c => c.HasValue).Select(c => SweepReport.PlusMinus(c!.Value).Length).Append(12).Max();
        // no terminal (a pipe, a file, a CI log): no width to fit, the grid stays one table
        if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = Math.Max(AnsiConsole.Profile.Width, labelWidth + 4 + result.Points.Count * (cellWidth + 3));
        int perTable = Math.Max(1, (AnsiConsole.Profile.Width - labelWidth - 4) / (cellWidth + 3));
        for (int from = 0; from < result.Points.Count; from += perTable)
        {
            var points = Enumerable.Range(from, Math.Min(perTable, result.Points.Count - from)).ToList();
            var table = new Table { Title = new TableTitle(Markup.Escape($"mean ± 95 % interval half-width over the seeds, per {axes}")) }
                .AddColumn(new TableColumn("metric") { Width = labelWidth });
            foreach (int p in points)
                table.AddColumn(new TableColumn(Markup.Escape(result.Axes.Count == 0 ? result.Points[p].Label : string.Join(", ", result.Points[p].Parameters.Select(x => x.Value)))).RightAligned().NoWrap());
            foreach (var m in metrics)
                table.AddRow([Markup.Escape(m.Label), .. points.Select(p => m.Cells[p] is { } c ? Markup.Escape(SweepReport.PlusMinus(c)) : "n/a")]);
            table.AddRow([Markup.Escape("totals: badDebtMax VaR95"), .. points.Select(p => BadDebts(runs, result.Points[p].Label) is { Length: > 0 } losses
                ? Markup.Escape(SweepReport.Number(Stats.ValueAtRisk(losses, 0.95))) : "n/a")]);
            AnsiConsole.Write(table);
        }
        if (result.Points.Count > 1)
            Console.Error.WriteLine(result.Differing.Count == 0 ? "no metric differs between the grid points"
                : $"{result.Differing.Count} metric(s) differ between the grid points; all of them per run in runs.csv / runs.parquet, the page in sweep.html");
    }
}

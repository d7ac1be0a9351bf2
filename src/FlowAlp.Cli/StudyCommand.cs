using System.CommandLine;
using System.Diagnostics;
using FlowAlp.Simulation.Persistence;
using FlowAlp.Simulation.Running;
using FlowAlp.Simulation.Scenarios;
using FlowAlp.Simulation.Studies;
using FlowAlp.Simulation.Sweeps;
using Spectre.Console;

namespace FlowAlp.Cli;

/// <summary>
/// `flowalp study config/studies/NAME`: a replication study (study.json: a scenario, its seeds, the published figures it
/// replicates). Runs the seeds as a sweep and writes the sweep's files plus comparison.csv and comparison.md: each
/// published figure beside FlowAlp's with its 95 % interval and the model difference that explains the gap. Exit 2 for
/// bad input (naming study.json or the scenario file and the field). With --cluster FILE the runs go to the cluster's
/// sweep workers, with the same files.
/// </summary>
internal static class StudyCommand
{
    private const int MaxParallel = 1_024;

    public static Command Create()
    {
        var study = new Argument<string>("study") { Description = "a study folder (with study.json) or a study file" };
        var seeds = new Option<int?>("--seeds") { Description = "seeds to run (default: the study's)" };
        var parallel = new Option<int>("--parallel") { Description = "runs at once", DefaultValueFactory = _ => Environment.ProcessorCount };
        var engine = new Option<string>("--engine") { Description = "actors (default) or plain", DefaultValueFactory = _ => "actors" };
        engine.AcceptOnlyFromAmong("actors", "plain");
        var output = new Option<string?>("--out") { Description = "output folder (default: out/study-NAME)" };
        var force = new Option<bool>("--force") { Description = "write into an existing folder FlowAlp did not create (beside its files; refused where a name the study writes is taken)" };
        var cluster = ClusterSweep.FileOption();
        var allowRemote = ClusterSweep.AllowRemoteOption();
        var cmd = new Command("study", "Run a replication study and compare its figures with the published ones") { study, seeds, parallel, engine, output, force, cluster, allowRemote };
        cmd.SetAction((p, cancel) => Run(p.GetValue(study)!, p.GetValue(seeds), p.GetValue(parallel),
            p.GetValue(engine) == "plain" ? EngineKind.Plain : EngineKind.Actors, p.GetValue(output), p.GetValue(force), p.GetValue(cluster), p.GetValue(allowRemote), cancel));
        return cmd;
    }

    private static async Task<int> Run(string path, int? seeds, int parallel, EngineKind engine, string? outDir, bool force, string? clusterFile, bool allowRemote,
        CancellationToken cancel)
    {
        try
        {
            var loaded = StudyRunner.Load(ShippedFiles.Resolve(path));
            if (seeds is { } n)
            {
                if (n is < 1 or > 10_000) throw ScenarioException.Argument("seeds", $"must be between 1 and 10,000, got {n}");
                loaded = loaded with { Study = loaded.Study with { Seeds = n } };
            }
            if (parallel is < 1 or > MaxParallel) throw ScenarioException.Argument("parallel", $"must be between 1 and {MaxParallel}, got {parallel}");
            string dir = outDir ?? Path.Combine("out", $"study-{loaded.Study.Name}");
            string option = outDir is null ? "study folder" : "--out";
            OutputFolder.Check(OutputFolder.Validate(dir, option), option, force, OutputFolder.StudyOwned);
            await using var cluster = await ClusterSweep.Start(clusterFile, allowRemote);
            var wall = Stopwatch.StartNew();
            Console.Error.WriteLine($"study {loaded.Study.Name}: {loaded.Study.Seeds} runs of {loaded.Scenario.Name}, {parallel} at once, engine {engine}");
            var (runs, rows) = await StudyRunner.Run(loaded, parallel, engine,
                (done, all) => { if (done % Math.Max(1, all / 10) == 0 || done == all) Console.Error.WriteLine($"  {done}/{all} runs, {wall.Elapsed.TotalSeconds:0.0} s"); }, cancel,
                cluster?.Dispatch);
            Directory.CreateDirectory(dir);
            OutputFolder.WriteManifest(dir, OutputFolder.StudyOwned);
            SweepRunner.Write(dir, loaded.Scenario.Name, runs);
            StudyComparison.Write(dir, loaded.Study, rows);
            Print(rows);
            Console.Error.WriteLine($"study {loaded.Study.Name}: {runs.Count} runs in {wall.Elapsed.TotalSeconds:0.00} s; comparison in {Path.GetFullPath(Path.Combine(dir, "comparison.md"))}");
            return runs.All(r => r.Conserved) ? ExitCodes.Ok : ExitCodes.Failed;
        }
        catch (ScenarioException e)
        {
            // a figure without its metric is found after the runs: it is study.json's field
            string line = e.Field.StartsWith("reference.", StringComparison.Ordinal) ? $"{StudyFile.FileName}: {e.Message}" : InputErrors.Line(e);
            Console.Error.WriteLine($"study {path}: {line}");
            return ExitCodes.For(e);
        }
        catch (SimulationException e)
        {
            Console.Error.WriteLine($"study {path}: {InputErrors.Line(e)}");
            return ExitCodes.For(e);
        }
        catch (OperationCanceledException)
        {
            // Ctrl-C / SIGTERM (the token, or a cluster node's shutdown): nothing is written before every run is in
            Console.Error.WriteLine($"study {path}: interrupted; nothing written");
            return ExitCodes.Interrupted;
        }
    }

    private static void Print(IReadOnlyList<StudyRow> rows)
    {
        var table = new Table { Title = new TableTitle(Markup.Escape("published vs FlowAlp (mean [95 % interval] over the seeds)")) }
            .AddColumn("figure").AddColumn(new TableColumn("published").RightAligned()).AddColumn(new TableColumn("FlowAlp").RightAligned());
        foreach (var r in rows)
        {
            table.AddRow(Markup.Escape($"{r.Figure.Label} ({r.Figure.Unit})"), Markup.Escape(StudyComparison.Show(r.Figure.Published)), Markup.Escape(StudyComparison.MeanWithInterval(r)));
        }
        AnsiConsole.Write(table);
    }
}

using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using FlowAlp.Simulation.Optimization;
using FlowAlp.Simulation.Persistence;
using FlowAlp.Simulation.Running;
using FlowAlp.Simulation.Scenarios;

namespace FlowAlp.Cli;

/// <summary>
/// `flowalp optimize SCENARIO --param PATH --range LOW,HIGH --constraint C`: the lowest (or highest) value of one scenario
/// parameter at which a constraint across seeds holds (survival ≥ P at confidence C, liquidated share ≤ P, bad-debt VaR ≤ X),
/// by bisection or a grid refined around the boundary, every evaluation over the same seeds. Writes evaluations.csv,
/// frontier.json and index.html (with frontier.png). Exit 2 for bad input, 1 when a run broke conservation.
/// </summary>
internal static class OptimizeCommand
{
    private const int MaxSeeds = 100_000, MaxParallel = 1_024, MaxRuns = 1_000_000;

    public static Command Create()
    {
        var scenario = new Argument<string>("scenario") { Description = "scenario file (JSON)" };
        var param = new Option<string[]>("--param") { Description = "the parameter searched: a field path (x); repeat as PATH=EXPR for fields that move with it (EXPR: x+C, x-C, K*x, K*x+C)", Required = true };
        var range = new Option<string>("--range") { Description = "LOW,HIGH: the values searched", Required = true };
        var goal = new Option<string>("--goal") { Description = "lowest (default: the lowest value that passes; passing above it) or highest", DefaultValueFactory = _ => "lowest" };
        goal.AcceptOnlyFromAmong("lowest", "highest");
        var constraint = new Option<string>("--constraint") { Description = "survival[POP]>=P@C, liquidated[POP]<=P@C or badDebtVaR99<=X (see docs/optimize.md)", Required = true };
        var seeds = new Option<int>("--seeds") { Description = "seeds per evaluation (first, first+1, …; the same at every value)", DefaultValueFactory = _ => 10 };
        var first = new Option<ulong?>("--first-seed") { Description = "the first seed (default: the scenario's)" };
        var tolerance = new Option<string?>("--tolerance") { Description = "stop when the boundary's bracket is this narrow (default: 1 % of the range)" };
        var method = new Option<string>("--method") { Description = "bisect (default) or grid (--grid-points values first, then bisection around the boundary)", DefaultValueFactory = _ => "bisect" };
        method.AcceptOnlyFromAmong("bisect", "grid");
        var gridPoints = new Option<int>("--grid-points") { Description = "values of the coarse grid (--method grid)", DefaultValueFactory = _ => 5 };
        var set = new Option<string[]>("--set") { Description = "override a scenario field for every run: path=value (repeatable)" };
        var parallel = new Option<int>("--parallel") { Description = "runs at once (the seeds of one evaluation)", DefaultValueFactory = _ => Environment.ProcessorCount };
        var engine = new Option<string>("--engine") { Description = "actors (default) or plain", DefaultValueFactory = _ => "actors" };
        engine.AcceptOnlyFromAmong("actors", "plain");
        var output = new Option<string?>("--out") { Description = "output folder (default: out/optimize-NAME)" };
        var force = new Option<bool>("--force") { Description = "write into an existing folder FlowAlp did not create (beside its files; refused where a name optimize writes is taken)" };
        var cluster = ClusterSweep.FileOption();
        var allowRemote = ClusterSweep.AllowRemoteOption();
        var cmd = new Command("optimize", "Search one scenario parameter for the boundary where a constraint across seeds holds")
            { scenario, param, range, goal, constraint, seeds, first, tolerance, method, gridPoints, set, parallel, engine, output, force, cluster, allowRemote };
        cmd.SetAction((p, cancel) => Run(new Arguments(p.GetValue(scenario)!, p.GetValue(param) ?? [], p.GetValue(range)!, p.GetValue(goal) == "highest" ? OptimizeGoal.Highest : OptimizeGoal.Lowest,
            p.GetValue(constraint)!, p.GetValue(seeds), p.GetValue(first), p.GetValue(tolerance), p.GetValue(method) == "grid" ? SearchMethod.Grid : SearchMethod.Bisect,
            p.GetValue(gridPoints), p.GetValue(set) ?? [], p.GetValue(parallel), p.GetValue(engine) == "plain" ? EngineKind.Plain : EngineKind.Actors,
            p.GetValue(output), p.GetValue(force), p.GetValue(cluster), p.GetValue(allowRemote)), cancel));
        return cmd;
    }

    private sealed record Arguments(string Path, string[] Params, string Range, OptimizeGoal Goal, string Constraint, int Seeds, ulong? FirstSeed, string? Tolerance,
        SearchMethod Method, int GridPoints, string[] Sets, int Parallel, EngineKind Engine, string? Out, bool Force, string? Cluster, bool AllowRemote);

    private static async Task<int> Run(Arguments a, CancellationToken cancel)
    {
        try
        {
            var (baseScenario, json, baseDir) = RunCommand.Load(a.Path, a.Sets, null);
            // every argument checked before anything is printed or run: a refusal is one line
            var parameter = OptimizeParameter.Parse(a.Params);
            var (low, high) = Range(a.Range);
            decimal tolerance = a.Tolerance is null ? (high - low) / 100 : Positive("tolerance", a.Tolerance);
            var constraint = OptimizeConstraint.Parse(a.Constraint);
            if (a.Seeds is < 1 or > MaxSeeds) throw ScenarioException.Argument("seeds", $"must be between 1 and {MaxSeeds:N0}, got {a.Seeds}");
            if (a.Parallel is < 1 or > MaxParallel) throw ScenarioException.Argument("parallel", $"must be between 1 and {MaxParallel}, got {a.Parallel}");
            if (a.GridPoints is < 2 or > BoundarySearch.MaxGridPoints) throw ScenarioException.Argument("grid-points", $"must be between 2 and {BoundarySearch.MaxGridPoints}, got {a.GridPoints}");
            int planned = (a.Method == SearchMethod.Grid ? a.GridPoints : 0) + BoundarySearch.BisectionEvaluations(high - low, tolerance);
            if ((long)planned * a.Seeds > MaxRuns) throw ScenarioException.Argument("tolerance", $"the search would take about {planned:N0} evaluations × {a.Seeds} seeds, more than {MaxRuns:N0} runs");
            var request = new OptimizeRequest(json, baseDir, parameter, low, high, a.Goal, constraint, a.FirstSeed ?? baseScenario.Seed, a.Seeds, tolerance,
                a.Method, a.GridPoints, a.Parallel, a.Engine);
            // the parameter's paths and values first: the constraint's population may be the one the path names
            OptimizeRunner.Check(request);
            request = request with { Constraint = constraint = constraint.For(baseScenario, parameter.Path) };
            string dir = a.Out ?? Path.Combine("out", $"optimize-{baseScenario.Name}");
            string option = a.Out is null ? "optimize folder" : "--out";
            OutputFolder.Check(OutputFolder.Validate(dir, option), option, a.Force, OptimizeFiles.Owned);

            // with --cluster every evaluation's seeds go to the cluster's sweep workers
            await using var cluster = await ClusterSweep.Start(a.Cluster, a.AllowRemote);
            request = request with { Cluster = cluster?.Dispatch };
            var wall = Stopwatch.StartNew();
            Console.Error.WriteLine($"optimize {baseScenario.Name}: {(a.Goal == OptimizeGoal.Lowest ? "lowest" : "highest")} {parameter.Path} in [{OptimizeParameter.Text(low)}, {OptimizeParameter.Text(high)}] "
                + $"where {constraint.Text}; {a.Method.ToString().ToLowerInvariant()} to {OptimizeParameter.Text(tolerance)}, {a.Seeds} seeds per value, {a.Parallel} at once, engine {a.Engine.ToString().ToLowerInvariant()}");
            var result = await OptimizeRunner.Run(request, e => Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  #{e.Order} {parameter.Path}={OptimizeParameter.Text(e.Value)}: {(e.Result.Passes ? "passes" : "fails")} (statistic {e.Result.Statistic:G6}, bound {e.Result.Bound:G6}) in {e.WallSeconds:0.0} s")), cancel);
            Directory.CreateDirectory(dir);
            OutputFolder.WriteManifest(dir, OptimizeFiles.Owned);
            OptimizeFiles.Write(dir, baseScenario.Name, result, baseScenario.Outputs.Plots, baseScenario.Outputs.Html);
            int code = result.Evaluations.All(e => e.Conserved) ? ExitCodes.Ok : ExitCodes.Failed;
            Console.Out.WriteLine(OptimizeFiles.Lines(result)[0]);
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"optimize {baseScenario.Name}: {result.Evaluations.Count} evaluations ({result.Runs} runs) in {wall.Elapsed.TotalSeconds:0.00} s; ")
                + $"results in {Path.GetFullPath(dir)} ({(baseScenario.Outputs.Html ? FlowAlp.Reporting.FrontierReport.FileName : OptimizeFiles.Frontier)}); exit {code}: {(code == 0 ? "done" : "a run broke conservation (see evaluations.csv)")}");
            return code;
        }
        catch (ScenarioException e)
        {
            Console.Error.WriteLine($"optimize {a.Path}: {InputErrors.Line(e)}");
            return ExitCodes.For(e);
        }
        catch (SimulationException e)
        {
            Console.Error.WriteLine($"optimize {a.Path}: {InputErrors.Line(e)}");
            return ExitCodes.For(e);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            Console.Error.WriteLine($"optimize {a.Path}: interrupted; nothing written");
            return ExitCodes.Interrupted;
        }
    }

    /// <summary>"LOW,HIGH": two plain decimals, LOW below HIGH.</summary>
    private static (decimal Low, decimal High) Range(string text)
    {
        var parts = text.Split(',');
        if (parts.Length != 2) throw ScenarioException.Argument("range", $"'{text}' must look like LOW,HIGH (two numbers, e.g. 1.05,2.0)");
        decimal low = Number("range", parts[0]), high = Number("range", parts[1]);
        if (!(low < high)) throw ScenarioException.Argument("range", $"'{text}': LOW must be below HIGH");
        return (low, high);
    }

    private static decimal Positive(string option, string text)
    {
        decimal v = Number(option, text);
        return v > 0 ? v : throw ScenarioException.Argument(option, $"must be greater than 0, got {text}");
    }

    private static decimal Number(string option, string text) =>
        decimal.TryParse(text.Trim(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal d)
            ? d : throw ScenarioException.Argument(option, $"'{text.Trim()}' is not a plain decimal number");
}

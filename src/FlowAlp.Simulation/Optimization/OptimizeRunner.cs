using System.Diagnostics;
using FlowAlp.Simulation.Running;
using FlowAlp.Simulation.Scenarios;
using FlowAlp.Simulation.Sweeps;

namespace FlowAlp.Simulation.Optimization;

/// <summary>What <c>flowalp optimize</c> searches: the scenario, the parameter, its range, the goal and constraint, the seeds and how.</summary>
public sealed record OptimizeRequest(string ScenarioJson, string BaseDir, OptimizeParameter Parameter, decimal Low, decimal High, OptimizeGoal Goal,
    OptimizeConstraint Constraint, ulong FirstSeed, int Seeds, decimal Tolerance, SearchMethod Method, int GridPoints, int Parallel, EngineKind Engine)
{
    /// <summary>Given: every evaluation's runs go to the cluster's sweep workers (same results as on one machine).</summary>
    public FlowAlp.Actors.Cluster.SweepDispatch? Cluster { get; init; }
}

/// <summary>One evaluation: the searched value, every field it set, the runs' verdict, and its wall time (the only figure that varies between runs of one command).</summary>
public sealed record OptimizeEvaluation(int Order, decimal Value, IReadOnlyList<(string Path, string Value)> Overrides, int Seeds, ConstraintResult Result, bool Conserved, double WallSeconds);

/// <summary>The search's result and every evaluation in the order they ran.</summary>
public sealed record OptimizeResult(OptimizeRequest Request, SearchResult Search, IReadOnlyList<OptimizeEvaluation> Evaluations)
{
    public int Runs => Evaluations.Sum(e => e.Seeds);
}

/// <summary>
/// Searches one scenario parameter for the boundary where a constraint across seeds holds (<see cref="BoundarySearch"/>).
/// Each evaluation is a sweep of one grid point over the same seeds (common random numbers: the same price paths and
/// draws at every value, so the frontier moves only with the parameter), run by <see cref="SweepRunner"/> on one warm
/// ActorSystem for the whole search.
/// </summary>
public static class OptimizeRunner
{
    /// <summary>Parses the scenario at both ends of the range (a bad path or value fails before anything runs).</summary>
    public static void Check(OptimizeRequest r)
    {
        foreach (decimal v in new[] { r.Low, r.High }) ParseAt(r, v);
    }

    public static async Task<OptimizeResult> Run(OptimizeRequest r, Action<OptimizeEvaluation>? evaluated = null, CancellationToken cancel = default)
    {
        Check(r);
        var evaluations = new List<OptimizeEvaluation>();
        await using var host = r.Engine == EngineKind.Actors && r.Cluster is null ? new ActorEngineHost(Math.Min(r.Parallel, Environment.ProcessorCount), "optimize") : null;
        var search = await BoundarySearch.Run(r.Low, r.High, r.Goal, r.Tolerance, r.Method, r.GridPoints, async value =>
        {
            var wall = Stopwatch.StartNew();
            var overrides = r.Parameter.Overrides(value);
            ParseAt(r, value);
            var axes = overrides.Select(o => (o.Path, (IReadOnlyList<string>)[o.Value])).ToList();
            var runs = await SweepRunner.Run(r.ScenarioJson, r.BaseDir, axes, r.FirstSeed, r.Seeds, r.Parallel, r.Engine, cancel: cancel, host: host, cluster: r.Cluster);
            var e = new OptimizeEvaluation(evaluations.Count + 1, value, overrides, runs.Count, r.Constraint.Evaluate(runs), runs.All(x => x.Conserved), wall.Elapsed.TotalSeconds);
            evaluations.Add(e);
            evaluated?.Invoke(e);
            return e.Result.Passes;
        });
        return new OptimizeResult(r, search, evaluations);
    }

    /// <summary>The scenario with the parameter at <paramref name="value"/>; an override error names --param, not --set.</summary>
    private static Scenario ParseAt(OptimizeRequest r, decimal value)
    {
        try { return ScenarioParser.Parse(ScenarioOverrides.Apply(r.ScenarioJson, r.Parameter.Overrides(value)), r.BaseDir); }
        catch (ScenarioException e) when (e.IsArgument) { throw ScenarioException.Argument("param", e.Reason); }
        catch (ScenarioException e) { throw new ScenarioException(e.Field, $"{e.Reason} (at {r.Parameter.Path}={OptimizeParameter.Text(value)})"); }
    }
}

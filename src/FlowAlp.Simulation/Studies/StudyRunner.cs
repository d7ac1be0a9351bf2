using FlowAlp.Simulation.Running;
using FlowAlp.Simulation.Scenarios;
using FlowAlp.Simulation.Sweeps;

namespace FlowAlp.Simulation.Studies;

/// <summary>
/// Runs a study: its scenario (with the study's overrides) over its seeds as a sweep, then the comparison with the
/// published figures. Every input is read and checked before the first run; nothing is written until every figure
/// has its metric, so a bad study leaves no half-written folder.
/// </summary>
public static class StudyRunner
{
    public sealed record Loaded(StudySpec Study, string ScenarioJson, string BaseDir, Scenario Scenario);

    public static Loaded Load(string studyPath)
    {
        if (!Directory.Exists(studyPath) && !File.Exists(studyPath))
            throw new ScenarioException("study", $"'{studyPath}' is not there: give a study folder (with {StudyFile.FileName}) or a study file");
        string file = StudyFile.Locate(studyPath);
        var study = Named(Path.GetFileName(file), () => StudyFile.Parse(InputFile.ReadText(file, ScenarioLimits.MaxJsonBytes, reason => new ScenarioException("file", reason))));
        string baseDir = Path.GetDirectoryName(Path.GetFullPath(file))!;
        string scenarioPath = Path.Combine(baseDir, study.ScenarioFile);
        string scenarioDir = Path.GetDirectoryName(scenarioPath)!;
        // an error in the scenario names the scenario file; the study's overrides are named as study.json's "set"
        string raw = Named(study.ScenarioFile, () => ScenarioParser.ReadFile(scenarioPath));
        string json = Named(Path.GetFileName(file), () => study.Overrides.Count == 0 ? raw : ScenarioOverrides.Apply(raw, study.Overrides));
        return new Loaded(study, json, scenarioDir, Named(study.ScenarioFile, () => ScenarioParser.Parse(json, scenarioDir)));
    }

    /// <summary>Runs a step of loading; a bad input's field is prefixed with the file it is in.</summary>
    private static T Named<T>(string file, Func<T> step)
    {
        try { return step(); }
        catch (ScenarioException e) { throw new ScenarioException($"{file}: {e.Field}", e.Reason); }
    }

    /// <param name="cluster">given: the runs go to the cluster's sweep workers (same results)</param>
    public static async Task<(IReadOnlyList<SweepRun> Runs, IReadOnlyList<StudyRow> Rows)> Run(Loaded s, int parallel, EngineKind engine,
        Action<int, int>? progress = null, CancellationToken cancel = default, FlowAlp.Actors.Cluster.SweepDispatch? cluster = null)
    {
        var runs = await SweepRunner.Run(s.ScenarioJson, s.BaseDir, [], s.Study.FirstSeed ?? s.Scenario.Seed, s.Study.Seeds, parallel, engine, progress, cancel,
            cluster: cluster);
        return (runs, StudyComparison.Compare(s.Study, runs));
    }
}

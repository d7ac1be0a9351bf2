using System.CommandLine;
using FlowAlp.Simulation.Persistence;
using FlowAlp.Simulation.Running;
using FlowAlp.Simulation.Scenarios;

namespace FlowAlp.Cli;

/// <summary>
/// `flowalp run [SCENARIO]`: runs a scenario to the end with a live progress bar and writes the report folder
/// (timeseries.csv, summary.json, plots, report.html, events.jsonl, run.log). Exit 2 for a bad scenario or arguments.
/// </summary>
internal static class RunCommand
{
    public const string DefaultScenario = "config/scenarios/default.json";

    public static Command Create()
    {
        var scenario = new Argument<string>("scenario") { Description = "scenario file (JSON), see config/scenarios/README.md", DefaultValueFactory = _ => DefaultScenario };
        var output = new Option<string?>("--out") { Description = "output folder (default: the scenario's outputs.dir)" };
        var engine = new Option<string>("--engine") { Description = "actors (default) or plain (the single-threaded baseline; same results)", DefaultValueFactory = _ => "actors" };
        engine.AcceptOnlyFromAmong("actors", "plain");
        var seed = new Option<ulong?>("--seed") { Description = "override the scenario's seed" };
        var quiet = new Option<bool>("--quiet") { Description = "no progress bar (for scripts and CI)" };
        var set = new Option<string[]>("--set") { Description = "override a scenario field: path=value (repeatable), e.g. durationHours=6 or seed=7" };
        var cluster = new Option<bool>("--cluster") { Description = "cluster mode: positions as sharding entities over the nodes of --cluster-config, the pool supervisor as a cluster singleton (same results)" };
        var force = new Option<bool>("--force") { Description = "write into an existing folder FlowAlp did not create (beside its files; refused where a name FlowAlp writes is taken)" };
        var clusterConfig = new Option<string>("--cluster-config") { Description = "cluster file (seed nodes, port, roles, shards, local workers)", DefaultValueFactory = _ => Actors.Cluster.ClusterSettings.DefaultPath };
        var allowRemote = new Option<bool>("--allow-remote") { Description = "with --cluster: allow remoting to bind a non-loopback host (unauthenticated plaintext, see docs/cluster-security.md)" };
        var verbose = new Option<bool>("--verbose") { Description = "run.log also gets Debug lines: the tick's phases, and the stack traces of crashes a chaos fault injected (one line each otherwise)" };
        var cmd = new Command("run", "Run a simulated market from a scenario file and write its report") { scenario, output, engine, seed, quiet, set, cluster, clusterConfig, allowRemote, force, verbose };
        cmd.SetAction((parse, cancel) =>
        {
            var kind = parse.GetValue(engine) == "plain" ? EngineKind.Plain : EngineKind.Actors;
            return parse.GetValue(cluster)
                ? ClusterRun.Run(parse.GetValue(scenario)!, parse.GetValue(output), kind, ShippedFiles.Resolve(parse.GetValue(clusterConfig)!), parse.GetValue(allowRemote), parse.GetValue(seed), parse.GetValue(quiet), cancel, parse.GetValue(set) ?? [])
                : Run(parse.GetValue(scenario)!, parse.GetValue(output), kind, parse.GetValue(seed), parse.GetValue(quiet), cancel, parse.GetValue(set) ?? [], parse.GetValue(force), parse.GetValue(verbose));
        });
        return cmd;
    }

    /// <summary>
    /// Reads a scenario file with its command-line overrides (--set, --seed) applied, as `run` and `chaos` take it:
    /// the scenario, the JSON as run (what a persistent run folder keeps) and the folder relative paths resolve from.
    /// </summary>
    public static (Scenario Scenario, string Json, string BaseDir) Load(string path, IEnumerable<string>? sets, ulong? seed)
    {
        // a shipped scenario is found from any folder (ShippedFiles); messages keep the path as typed
        string file = ShippedFiles.Resolve(path);
        string json = ScenarioParser.ReadFile(file);
        string baseDir = Path.GetDirectoryName(Path.GetFullPath(file))!;
        var overrides = (sets ?? []).Select(ScenarioOverrides.ParseOne).ToList();
        if (seed is { } sd) overrides.Add(("seed", sd.ToString()));
        if (overrides.Count > 0) json = ScenarioOverrides.Apply(json, overrides);
        return (ScenarioParser.Parse(json, baseDir), json, baseDir);
    }

    public static async Task<int> Run(string path, string? outDir, EngineKind engine, ulong? seed, bool quiet, CancellationToken cancel, string[]? sets = null, bool force = false, bool verbose = false)
    {
        Scenario s;
        string json, baseDir;
        try { (s, json, baseDir) = Load(path, sets, seed); }
        catch (ScenarioException e)
        {
            Console.Error.WriteLine($"scenario {path}: {InputErrors.Line(e)}");
            return 2;
        }
        string dir = outDir ?? s.Outputs.Dir;
        var folder = new RunFolder(dir, json, engine == EngineKind.Plain ? "plain" : "actors", baseDir);
        return (await RunExecution.Execute("run", s, folder, engine, quiet, resume: false, fork: null, cancel, force: force, outOption: outDir is null ? "outputs.dir" : "--out", verbose: verbose)).Code;
    }
}

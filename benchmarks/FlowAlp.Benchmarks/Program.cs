using BenchmarkDotNet.Running;
using FlowAlp.Benchmarks;

// `scale`, `baseline` and `soak` run the engine benchmarks (below); anything else goes to BenchmarkDotNet (e.g. --filter '*Health*' --job short).
// `scale N [hours] [threads]`: the actor engine alone; `baseline N [hours] [threads]`: the plain single-threaded loop,
// screened and naive, and the actor engine on the same market in one process, with the ratios and the event-log check
if (args.Length > 0 && args[0] is "scale" or "baseline")
{
    int n = args.Length > 1 ? int.Parse(args[1]) : 10_000;
    double hours = args.Length > 2 ? double.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 24;
    int threads = args.Length > 3 ? int.Parse(args[3]) : 2;
    if (n <= 0 || hours <= 0 || threads <= 0) { Console.Error.WriteLine($"{args[0]}: N, hours and threads must be positive"); return 2; }
    return await ScaleBenchmark.Run(n, hours, threads, withPlainLoop: args[0] == "baseline");
}
if (args.Length > 0 && args[0] == "soak")
{
    int n = args.Length > 1 ? int.Parse(args[1]) : 10_000;
    double days = args.Length > 2 ? double.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 365;
    int threads = args.Length > 3 ? int.Parse(args[3]) : 2;
    if (n <= 0 || days <= 0 || threads <= 0) { Console.Error.WriteLine("soak: N, days and threads must be positive"); return 2; }
    return await SoakBenchmark.Run(n, days, threads, args.Length > 4 ? args[4] : null);
}
// `cluster N [hours] [nodes] [threads]`: the same market in cluster mode on 1..16 loopback nodes, against one process.
if (args.Length > 0 && args[0] == "cluster")
{
    int n = args.Length > 1 ? int.Parse(args[1]) : 10_000;
    double hours = args.Length > 2 ? double.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 1;
    int nodes = args.Length > 3 ? int.Parse(args[3]) : 2;
    int threads = args.Length > 4 ? int.Parse(args[4]) : 2;
    if (n <= 0 || hours <= 0 || threads <= 0 || nodes is < 1 or > 16) { Console.Error.WriteLine("cluster: N, hours and threads must be positive, nodes between 1 and 16"); return 2; }
    return await ClusterBenchmark.Run(n, hours, nodes, threads);
}
// `snapshot N [hours] [rounds]`: capture and restore of the whole engine state (the persistence snapshots) for N positions.
if (args.Length > 0 && args[0] == "snapshot")
{
    int n = args.Length > 1 ? int.Parse(args[1]) : 10_000;
    double hours = args.Length > 2 ? double.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 1;
    if (n <= 0 || hours <= 0) { Console.Error.WriteLine("snapshot: N and hours must be positive"); return 2; }
    return SnapshotBenchmark.Run(n, hours, args.Length > 3 ? int.Parse(args[3]) : 3);
}
// `checkpoint [301|10k|100k|all] [steps|-] [rounds]`: a whole run with persistence off, by default and every 60 steps; the overhead of each.
if (args.Length > 0 && args[0] == "checkpoint")
    return await CheckpointBenchmark.Run(args.Length > 1 ? args[1] : "all", args.Length > 2 && long.TryParse(args[2], out long steps) ? steps : null, args.Length > 3 ? int.Parse(args[3]) : 3);
// `study [sizes] [engines] [rounds]`: the High Tide study (1 h, BTC -23 %) at each size in agents (comma-separated, default
// 240,2000,20000; 200000 when asked), on `both` engines (or `plain`, `actors`), each size `rounds` times (default 1).
if (args.Length > 0 && args[0] == "study")
{
    var sizes = (args.Length > 1 ? args[1] : "240,2000,20000").Split(',').Select(int.Parse).ToList();
    var engines = (args.Length > 2 ? args[2] : "both") switch
    {
        "both" => new[] { FlowAlp.Simulation.Running.EngineKind.Plain, FlowAlp.Simulation.Running.EngineKind.Actors },
        "plain" => [FlowAlp.Simulation.Running.EngineKind.Plain],
        "actors" => [FlowAlp.Simulation.Running.EngineKind.Actors],
        var other => null,
    };
    int rounds = args.Length > 3 ? int.Parse(args[3]) : 1;
    if (engines is null || rounds <= 0 || sizes.Any(n => n < 2)) { Console.Error.WriteLine("study: sizes of at least 2 agents, engines both|plain|actors, rounds positive"); return 2; }
    try { return await StudyBenchmark.Run(sizes, engines, rounds); }
    catch (FileNotFoundException e) { Console.Error.WriteLine($"study: {e.Message}"); return 2; }
}
// `setup [N…] [--agents A…] [--engine actors|plain|both]`: set-up time of the reference market and of the High Tide scenario.
if (args.Length > 0 && args[0] == "setup") return await SetupBenchmark.Run(args[1..]);
// `fuzz N [seed] [parallel]`: the mutation fuzzer over scenarios, CSV replays and scripts through the Release CLI.
if (args.Length > 0 && args[0] == "fuzz")
{
    int n = args.Length > 1 ? int.Parse(args[1]) : 1000;
    ulong seed = args.Length > 2 ? ulong.Parse(args[2]) : 1;
    int parallel = args.Length > 3 ? int.Parse(args[3]) : Environment.ProcessorCount;
    if (n <= 0 || parallel <= 0) { Console.Error.WriteLine("fuzz: N and parallel must be positive"); return 2; }
    return await FuzzCommand.Run(n, seed, parallel);
}
BenchmarkSwitcher.FromAssembly(typeof(ProtocolBenchmarks).Assembly).Run(args);
return 0;

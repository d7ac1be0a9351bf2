using BenchmarkDotNet.Running;
using FlowAlp.Benchmarks;

// `scale N [hours] [threads]` runs the engine benchmark; anything else goes to BenchmarkDotNet (e.g. --filter '*Health*' --job short).
if (args.Length > 0 && args[0] == "scale")
{
    int n = args.Length > 1 ? int.Parse(args[1]) : 10_000;
    double hours = args.Length > 2 ? double.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 24;
    int threads = args.Length > 3 ? int.Parse(args[3]) : 2;
    if (n <= 0 || hours <= 0 || threads <= 0) { Console.Error.WriteLine("scale: N, hours and threads must be positive"); return 2; }
    return await ScaleBenchmark.Run(n, hours, threads);
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
BenchmarkSwitcher.FromAssembly(typeof(ProtocolBenchmarks).Assembly).Run(args);
return 0;

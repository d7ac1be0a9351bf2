using BenchmarkDotNet.Running;
using FlowAlp.Benchmarks;

// `scale N [hours] [threads] [both|actors|plain]` and `soak N [days] [threads] [csv]` run the engine benchmarks; anything else goes to BenchmarkDotNet (e.g. --filter '*Health*' --job short).
if (args.Length > 0 && args[0] == "scale")
{
    int n = args.Length > 1 ? int.Parse(args[1]) : 10_000;
    double hours = args.Length > 2 ? double.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 24;
    int threads = args.Length > 3 ? int.Parse(args[3]) : 2;
    string engines = args.Length > 4 ? args[4] : "both";
    if (n <= 0 || hours <= 0 || threads <= 0) { Console.Error.WriteLine("scale: N, hours and threads must be positive"); return 2; }
    if (engines is not ("both" or "actors" or "plain")) { Console.Error.WriteLine($"scale: engines must be both, actors or plain, got '{engines}'"); return 2; }
    return await ScaleBenchmark.Run(n, hours, threads, engines);
}
if (args.Length > 0 && args[0] == "soak")
{
    int n = args.Length > 1 ? int.Parse(args[1]) : 10_000;
    double days = args.Length > 2 ? double.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 365;
    int threads = args.Length > 3 ? int.Parse(args[3]) : 2;
    if (n <= 0 || days <= 0 || threads <= 0) { Console.Error.WriteLine("soak: N, days and threads must be positive"); return 2; }
    return await SoakBenchmark.Run(n, days, threads, args.Length > 4 ? args[4] : null);
}
BenchmarkSwitcher.FromAssembly(typeof(ProtocolBenchmarks).Assembly).Run(args);
return 0;

using System.Diagnostics;
using FlowAlp.Fuzzing;

namespace FlowAlp.Benchmarks;

/// <summary>
/// `fuzz N [seed] [parallel]`: N mutation-fuzz cases through the Release CLI (build it first) and the figures: cases,
/// clean exits (ran / refused with one line), crashes and hangs, by input kind; failures are listed and their inputs
/// kept under out/fuzz/. Exit 1 when any case failed.
/// </summary>
internal static class FuzzCommand
{
    public static async Task<int> Run(int n, ulong seed, int parallel)
    {
        string root = FindRoot();
        string cli = Path.Combine(root, "src", "FlowAlp.Cli", "bin", "Release", "net10.0", "FlowAlp.Cli.dll");
        if (!File.Exists(cli)) { Console.Error.WriteLine($"fuzz: {cli} is missing: run `dotnet build src/FlowAlp.Cli -c Release` first"); return 2; }
        var corpus = FuzzCorpus.Load(root, ["/work/shared/conformance", "/work/shared/conformance/random"]);
        string work = Path.Combine(root, "out", "fuzz");
        if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
        Directory.CreateDirectory(work);
        var runner = new FuzzRunner(corpus, cli, root, seed, TimeSpan.FromSeconds(60));
        Console.Error.WriteLine($"fuzz: {n} cases, seed {seed}, {parallel} at once; corpus {corpus.Scenarios.Count} scenarios, {corpus.CsvScenarios.Count} CSV replays, {corpus.Scripts.Count} scripts");
        var clock = Stopwatch.StartNew();
        int done = 0;
        var results = await runner.RunMany(n, parallel, work, keepFailures: true, r =>
        {
            if (r.Failed) Console.Error.WriteLine("  FAIL " + r);
            if (++done % Math.Max(1, n / 20) == 0) Console.Error.WriteLine($"  {done}/{n} cases, {clock.Elapsed.TotalSeconds:0} s");
        });
        Console.WriteLine($"| kind | cases | ran (exit 0) | refused (exit 2, one line) | crashes | hangs |");
        Console.WriteLine($"|---|---:|---:|---:|---:|---:|");
        foreach (var g in results.GroupBy(r => r.Case.Kind).OrderBy(g => g.Key).Append(results.GroupBy(_ => "all").Single()))
            Console.WriteLine($"| {g.Key} | {g.Count():N0} | {g.Count(r => r.Verdict == FuzzVerdict.Ran):N0} | {g.Count(r => r.Verdict == FuzzVerdict.Refused):N0} | "
                + $"{g.Count(r => r.Verdict == FuzzVerdict.Crash):N0} | {g.Count(r => r.Verdict == FuzzVerdict.Hang):N0} |");
        Console.WriteLine($"{n:N0} cases in {clock.Elapsed.TotalSeconds:0} s (seed {seed}); slowest case {results.Max(r => r.Seconds):0.0} s");
        return results.Any(r => r.Failed) ? 1 : 0;
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "FlowAlp.sln"))) dir = dir.Parent;
        return dir?.FullName ?? Directory.GetCurrentDirectory();
    }
}

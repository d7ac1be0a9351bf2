using System.Diagnostics;
using System.Text.RegularExpressions;

namespace FlowAlp.Fuzzing;

/// <summary>
/// Makes fuzz cases from a corpus (deterministic for a seed and case index) and runs each through the real CLI as a
/// subprocess with a time limit. A case is clean when it exits 0, or exits 2 with exactly one stderr line that holds no
/// stack frame and no .NET type name; any other exit (70 included), a trace or a timeout is a failure.
/// </summary>
public sealed partial class FuzzRunner(FuzzCorpus corpus, string cliDll, string repoRoot, ulong seed, TimeSpan timeout)
{
    /// <summary>Case <paramref name="index"/>: about 45 % scenarios (a third of them with a --set), 20 % CSV replays, 35 % scripts.</summary>
    public FuzzCase Case(int index)
    {
        var rng = new Random(unchecked((int)(seed * 1_000_003UL + (ulong)index)));
        int pick = rng.Next(100);
        string engine = rng.Next(5) == 0 ? "actors" : "plain";
        if (pick < 45 && corpus.Scenarios.Count > 0)
        {
            var (name, json) = corpus.Scenarios[rng.Next(corpus.Scenarios.Count)];
            var args = new List<string> { "run", "{DIR}/scenario.json", "--quiet", "--engine", engine, "--out", "{DIR}/out" };
            if (rng.Next(3) == 0)
            {
                var (set, what) = Mutator.Override(json, rng);
                args.AddRange(["--set", set]);
                return new FuzzCase(index, "scenario", name, what, args, new Dictionary<string, string> { ["scenario.json"] = json });
            }
            var (text, how) = Mutator.MutateJson(json, rng);
            return new FuzzCase(index, "scenario", name, how, args, new Dictionary<string, string> { ["scenario.json"] = text });
        }
        if (pick < 65)
        {
            var (name, json, csv) = corpus.CsvScenarios[rng.Next(corpus.CsvScenarios.Count)];
            var args = new List<string> { "run", "{DIR}/scenario.json", "--quiet", "--engine", engine, "--out", "{DIR}/out" };
            if (rng.Next(4) == 0)
            {
                var (text, how) = Mutator.MutateJson(json, rng);
                return new FuzzCase(index, "csv", name, "scenario " + how, args, new Dictionary<string, string> { ["scenario.json"] = text, ["prices.csv"] = csv });
            }
            var (mutant, what) = Mutator.MutateCsv(csv, rng);
            return new FuzzCase(index, "csv", name, what, args, new Dictionary<string, string> { ["scenario.json"] = json, ["prices.csv"] = mutant });
        }
        var (sname, script) = corpus.Scripts[rng.Next(corpus.Scripts.Count)];
        var (stext, swhat) = Mutator.MutateJson(script, rng);
        var sargs = new List<string> { "script", "{DIR}/script.json" };
        if (rng.Next(6) == 0) sargs.AddRange(["--engine", "actors"]);
        return new FuzzCase(index, "script", sname, swhat, sargs, new Dictionary<string, string> { ["script.json"] = stext });
    }

    /// <summary>Runs the case in a fresh folder under <paramref name="workRoot"/> (removed afterwards unless the case failed and <paramref name="keepFailures"/>).</summary>
    public async Task<FuzzResult> Run(FuzzCase c, string workRoot, bool keepFailures = false)
    {
        string dir = Path.Combine(workRoot, $"case-{c.Index}");
        Directory.CreateDirectory(dir);
        foreach (var (name, text) in c.Files) await File.WriteAllTextAsync(Path.Combine(dir, name), text);
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = repoRoot };
        psi.ArgumentList.Add(cliDll);
        foreach (var a in c.Args) psi.ArgumentList.Add(a.Replace("{DIR}", dir));
        psi.Environment.Remove("FLOWALP_DEBUG");
        var clock = Stopwatch.StartNew();
        using var p = Process.Start(psi)!;
        var stdout = DrainAsync(p.StandardOutput);
        var stderr = p.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(timeout);
        bool hung = false;
        try { await p.WaitForExitAsync(limit.Token); }
        catch (OperationCanceledException)
        {
            hung = true;
            p.Kill(entireProcessTree: true);
            await p.WaitForExitAsync();
        }
        string err = await stderr;
        await stdout;
        var result = new FuzzResult(c, hung ? FuzzVerdict.Hang : Judge(p.ExitCode, err), hung ? -1 : p.ExitCode, err, clock.Elapsed.TotalSeconds);
        if (result.Failed && keepFailures)
            await File.WriteAllTextAsync(Path.Combine(dir, "case.txt"), $"{result}\ndotnet {cliDll} {string.Join(' ', c.Args.Select(a => $"'{a.Replace("{DIR}", dir)}'"))}\n");
        else Directory.Delete(dir, recursive: true);
        return result;
    }

    /// <summary>Cases 0..count-1, <paramref name="parallel"/> at a time; <paramref name="onResult"/> sees each as it ends.</summary>
    public async Task<List<FuzzResult>> RunMany(int count, int parallel, string workRoot, bool keepFailures = false, Action<FuzzResult>? onResult = null)
    {
        var results = new FuzzResult[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (i, _) =>
        {
            results[i] = await Run(Case(i), workRoot, keepFailures);
            lock (results) onResult?.Invoke(results[i]);
        });
        return results.ToList();
    }

    /// <summary>Exit 0 ran; exit 2 with one plain line refused; anything else crashed.</summary>
    public static FuzzVerdict Judge(int exitCode, string stderr)
    {
        if (exitCode == 0) return FuzzVerdict.Ran;
        if (exitCode != 2) return FuzzVerdict.Crash;
        var lines = stderr.TrimEnd('\n', '\r').Split('\n');
        bool oneLine = lines.Length == 1 && lines[0].Trim().Length > 0;
        return oneLine && !LooksLikeDotNet(stderr) ? FuzzVerdict.Refused : FuzzVerdict.Crash;
    }

    /// <summary>A stack frame ("   at ") or a .NET type name (System.X, Akka.X, an ...Exception) in what the user sees.</summary>
    public static bool LooksLikeDotNet(string text) => text.Contains("   at ", StringComparison.Ordinal) || TypeName().IsMatch(text);

    [GeneratedRegex(@"\b(System|Microsoft|Akka|FlowAlp)\.[A-Z][A-Za-z]+|\b[A-Z][A-Za-z]*Exception\b")]
    private static partial Regex TypeName();

    // stdout can be large (a valid script prints a line per step): read it to the end so the child never blocks on a full pipe
    private static async Task DrainAsync(StreamReader reader)
    {
        var buffer = new char[8192];
        while (await reader.ReadAsync(buffer) > 0) { }
    }
}

using FlowAlp.Fuzzing;

namespace FlowAlp.Simulation.Tests.Fuzzing;

/// <summary>
/// The mutation fuzzer (benchmarks/FlowAlp.Benchmarks/Fuzz, linked here) as a test: a bounded, seeded run over the
/// shipped scenarios, CSV replays and scripts through the real CLI. Every case must exit 0, or 2 with one plain line;
/// a stack trace, an internal error (exit 70) or a hang past the per-case limit fails the test with the case's recipe.
/// `dotnet run -c Release --project benchmarks/FlowAlp.Benchmarks -- fuzz N` runs many more.
/// </summary>
public class FuzzTests
{
    private const int Cases = 150;
    private const ulong Seed = 15;

    private static string CliDll => Path.Combine(AppContext.BaseDirectory, "FlowAlp.Cli.dll");

    [Fact]
    public async Task Mutants_exit_0_or_2_with_one_line_and_never_hang()
    {
        var corpus = FuzzCorpus.Load(Repo.Root);
        var runner = new FuzzRunner(corpus, CliDll, Repo.Root, Seed, TimeSpan.FromSeconds(30));
        string work = Path.Combine(Path.GetTempPath(), $"fuzz-{Guid.NewGuid():N}");
        Directory.CreateDirectory(work);
        try
        {
            var results = await runner.RunMany(Cases, 2, work);
            Assert.Equal(Cases, results.Count);
            Assert.Equal([], results.Where(r => r.Failed).Select(r => r.ToString()));
            // the three kinds of input were all fuzzed, and the mutants include inputs that ran as well as refused ones
            Assert.Equal(["csv", "scenario", "script"], results.Select(r => r.Case.Kind).Distinct().Order());
            Assert.Contains(results, r => r.Verdict == FuzzVerdict.Ran);
            Assert.Contains(results, r => r.Verdict == FuzzVerdict.Refused);
            Assert.Equal(Cases, results.Count(r => r.Verdict is FuzzVerdict.Ran or FuzzVerdict.Refused));
        }
        finally { Directory.Delete(work, recursive: true); }
    }

    [Fact]
    public void A_case_is_the_same_for_the_same_seed_and_index()
    {
        var corpus = FuzzCorpus.Load(Repo.Root);
        var a = new FuzzRunner(corpus, CliDll, Repo.Root, Seed, TimeSpan.FromSeconds(1)).Case(42);
        var b = new FuzzRunner(corpus, CliDll, Repo.Root, Seed, TimeSpan.FromSeconds(1)).Case(42);
        Assert.Equal(a.Mutation, b.Mutation);
        Assert.Equal(a.Args, b.Args);
        Assert.Equal(a.Files, b.Files);
        Assert.NotEqual(a.Files, new FuzzRunner(corpus, CliDll, Repo.Root, Seed + 1, TimeSpan.FromSeconds(1)).Case(42).Files);
    }

    [Theory]
    [InlineData(0, "", FuzzVerdict.Ran)]
    [InlineData(2, "scenario s.json: seed: must be a whole number\n", FuzzVerdict.Refused)]
    [InlineData(2, "", FuzzVerdict.Crash)]
    [InlineData(2, "one\ntwo\n", FuzzVerdict.Crash)]
    [InlineData(2, "Unhandled exception. System.IO.IOException: disk full\n", FuzzVerdict.Crash)]
    [InlineData(2, "bad thing   at FlowAlp.Cli.Program.Main()\n", FuzzVerdict.Crash)]
    [InlineData(2, "scenario s.json: ArgumentOutOfRangeException\n", FuzzVerdict.Crash)]
    [InlineData(70, "flowalp: internal error: boom; please report\n", FuzzVerdict.Crash)]
    [InlineData(1, "", FuzzVerdict.Crash)]
    [InlineData(134, "", FuzzVerdict.Crash)]
    public void Judge_accepts_exit_0_and_one_plain_line_with_exit_2_only(int exit, string stderr, FuzzVerdict expected) =>
        Assert.Equal(expected, FuzzRunner.Judge(exit, stderr));
}

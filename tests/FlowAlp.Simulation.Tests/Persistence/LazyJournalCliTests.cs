using System.Text.Json.Nodes;
using FlowAlp.Simulation.Tests.Scenarios;

namespace FlowAlp.Simulation.Tests.Persistence;

/// <summary>
/// `flowalp run` with the default persistence (checkpoints by wall-clock budget) on a run of seconds: no journal is
/// opened or written, and `flowalp resume` of its folder says it finished; with its outputs gone half-way (a crash
/// before any checkpoint) the resume re-runs it from step 0 to the same outputs.
/// </summary>
public sealed class LazyJournalCliTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"flowalp-lazycli-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, true);
    }

    [Fact]
    public void A_short_default_run_writes_no_journal_and_its_folder_resumes_as_finished_or_from_step_zero()
    {
        Directory.CreateDirectory(_root);
        string scenario = Path.Combine(_root, "s.json"), dir = Path.Combine(_root, "out"), copy = Path.Combine(_root, "crashed");
        var o = JsonNode.Parse(TestScenarios.Crash)!.AsObject();
        o["outputs"] = new JsonObject { ["dir"] = dir };
        File.WriteAllText(scenario, o.ToJsonString());

        var run = MalformedScenarioTests.Cli("run", scenario, "--quiet", "--engine", "plain");
        Assert.Equal(0, run.Code);
        Assert.Empty(Directory.GetFiles(dir, "journal.db*"));
        Assert.Contains("Journal: not opened (no checkpoint was due: wall-clock budget)", File.ReadAllText(Path.Combine(dir, "run.log")));

        var resume = MalformedScenarioTests.Cli("resume", dir, "--quiet");
        Assert.Equal((0, $"resume {dir}: already finished: results in {Path.GetFullPath(dir)}\n"), (resume.Code, resume.Out));

        // a crash before the first checkpoint: the outputs are partial and there is no summary
        RunFolderKitCopy(dir, copy);
        File.Delete(Path.Combine(copy, "summary.json"));
        File.Move(Path.Combine(copy, "events.jsonl"), Path.Combine(copy, "events.jsonl.partial"));
        File.Move(Path.Combine(copy, "timeseries.csv"), Path.Combine(copy, "timeseries.csv.partial"));
        var again = MalformedScenarioTests.Cli("resume", copy, "--quiet");
        Assert.Equal(0, again.Code);
        Assert.Contains("the run wrote no journal (it stopped before its first checkpoint); re-running it from step 0", File.ReadAllText(Path.Combine(copy, "run.log")));
        foreach (var f in new[] { "summary.json", "events.jsonl", "timeseries.csv" })
            Assert.True(File.ReadAllBytes(Path.Combine(dir, f)).SequenceEqual(File.ReadAllBytes(Path.Combine(copy, f))), f + " differs from the uninterrupted run's");
    }

    private static void RunFolderKitCopy(string from, string to) => RunFolders.RunFolderKit.CopyDir(from, to);
}

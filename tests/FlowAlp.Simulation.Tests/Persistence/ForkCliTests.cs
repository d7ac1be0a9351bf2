using System.Security.Cryptography;
using System.Text.Json.Nodes;
using FlowAlp.Simulation.Tests.Scenarios;

namespace FlowAlp.Simulation.Tests.Persistence;

/// <summary>`flowalp fork` end to end: the fork shares the source's events up to the step and differs after; the source folder is untouched.</summary>
public class ForkCliTests
{
    [Fact]
    public void Fork_a_recorded_run_with_a_new_future_price()
    {
        string root = Path.Combine(Path.GetTempPath(), $"flowalp-fork-{Guid.NewGuid():N}");
        Directory.CreateDirectory(root);
        try
        {
            var o = JsonNode.Parse(TestScenarios.Crash)!.AsObject();
            o["persistence"] = new JsonObject { ["mode"] = "events" };
            string file = Path.Combine(root, "s.json"), source = Path.Combine(root, "source"), fork = Path.Combine(root, "fork");
            File.WriteAllText(file, o.ToJsonString());
            Assert.Equal(0, MalformedScenarioTests.Cli("run", file, "--quiet", "--out", source).Code);
            var before = Directory.GetFiles(source, "*", SearchOption.AllDirectories).Where(f => !f.Contains("journal.db") && !f.EndsWith("run.log"))
                .ToDictionary(f => f, f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));

            var (code, _, err) = MalformedScenarioTests.Cli("fork", source, "--at", "150", "--set", """prices.FLOW={"process":"constant","start":1.0}""", "--out", fork, "--quiet");
            Assert.True(code == 0, err);

            foreach (var (f, hash) in before) Assert.Equal(hash, Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));
            var a = File.ReadAllLines(Path.Combine(source, "events.jsonl"));
            var b = File.ReadAllLines(Path.Combine(fork, "events.jsonl"));
            int prefix = a.TakeWhile(l => ulong.Parse(JsonNode.Parse(l)!["t"]!.GetValue<string>().Split('.')[0]) <= 150 * 60).Count();
            Assert.Equal(a.Take(prefix), b.Take(prefix));
            Assert.NotEqual(a.Skip(prefix), b.Skip(prefix));
            var meta = JsonNode.Parse(File.ReadAllText(Path.Combine(fork, "run.json")))!;
            Assert.Equal(150, meta["fork"]!["atStep"]!.GetValue<long>());

            // a fork is itself a persistent run: resuming it re-derives the same result
            var summary = File.ReadAllText(Path.Combine(fork, "summary.json"));
            var (rc, _, rerr) = MalformedScenarioTests.Cli("resume", fork, "--quiet");
            Assert.True(rc == 0, rerr);
            Assert.Equal(summary, File.ReadAllText(Path.Combine(fork, "summary.json")));
        }
        finally { Directory.Delete(root, true); }
    }

    [Fact]
    public void A_fork_starts_from_the_sources_snapshot_before_its_step_and_equals_a_fork_that_re_derives_it()
    {
        string root = Path.Combine(Path.GetTempPath(), $"flowalp-fork-{Guid.NewGuid():N}");
        Directory.CreateDirectory(root);
        try
        {
            var o = JsonNode.Parse(TestScenarios.Crash)!.AsObject();
            o["persistence"] = new JsonObject { ["mode"] = "checkpoint", ["everySteps"] = 20 };
            string file = Path.Combine(root, "s.json"), source = Path.Combine(root, "source"), bare = Path.Combine(root, "bare");
            File.WriteAllText(file, o.ToJsonString());
            Assert.Equal(0, MalformedScenarioTests.Cli("run", file, "--quiet", "--out", source).Code);
            // the same run without its event log: a fork of it cannot start from a snapshot and re-derives the source
            RunFolders.RunFolderKit.CopyDir(source, bare);
            File.Delete(Path.Combine(bare, "events.jsonl"));

            string[] change = ["--at", "150", "--set", """prices.FLOW={"process":"constant","start":1.0}""", "--set", "tokens[0].collateralFactor=\"0.75\"", "--quiet"];
            string fromSnapshot = Path.Combine(root, "fork-a"), derived = Path.Combine(root, "fork-b");
            var (code, _, err) = MalformedScenarioTests.Cli(["fork", source, "--out", fromSnapshot, .. change]);
            Assert.True(code == 0, err);
            (code, _, err) = MalformedScenarioTests.Cli(["fork", bare, "--out", derived, .. change]);
            Assert.True(code == 0, err);

            var logA = File.ReadAllText(Path.Combine(fromSnapshot, "run.log"));
            Assert.Contains("Restored the state after step 140 (t = 8400 s) from the source run's snapshot", logA); // the last snapshot before step 150
            Assert.Contains("re-running it from step 0", File.ReadAllText(Path.Combine(derived, "run.log")));
            foreach (var f in new[] { "events.jsonl", "timeseries.csv" })
                Assert.True(File.ReadAllBytes(Path.Combine(fromSnapshot, f)).SequenceEqual(File.ReadAllBytes(Path.Combine(derived, f))), f);
            // the summaries are equal but for the source each names (its fork section)
            JsonObject Summary(string dir) => JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "summary.json")))!.AsObject();
            var (sa, sb) = (Summary(fromSnapshot), Summary(derived));
            Assert.Equal((Path.GetFullPath(source), Path.GetFullPath(bare)), (sa["fork"]!["source"]!.GetValue<string>(), sb["fork"]!["source"]!.GetValue<string>()));
            sa["fork"]!.AsObject().Remove("source");
            sb["fork"]!.AsObject().Remove("source");
            Assert.Equal(sa.ToJsonString(), sb.ToJsonString());
            Assert.NotEqual(File.ReadAllBytes(Path.Combine(source, "events.jsonl")), File.ReadAllBytes(Path.Combine(fromSnapshot, "events.jsonl")));
        }
        finally { Directory.Delete(root, true); }
    }
}

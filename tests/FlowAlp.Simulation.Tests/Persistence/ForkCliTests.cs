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
}

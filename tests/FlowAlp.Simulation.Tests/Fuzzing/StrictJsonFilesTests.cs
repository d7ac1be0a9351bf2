using FlowAlp.Simulation.Tests.Scenarios;

namespace FlowAlp.Simulation.Tests.Fuzzing;

/// <summary>
/// One strict JSON reader for every JSON file a user hands FlowAlp: the same bad file given as a scenario, a protocol
/// script and a cluster file is refused by each with exit 2 and one line carrying the same reason (duplicate keys,
/// comments, trailing commas, nesting deeper than 64, files over 16 MiB).
/// </summary>
public sealed class StrictJsonFilesTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"strictjson-{Guid.NewGuid():N}");

    public StrictJsonFilesTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<string, string, string> Rules => new()
    {
        { "duplicate key", """{"seed": 1, "seed": 2}""", "invalid JSON: duplicate key 'seed'" },
        { "comment", "{ /* a note */ \"seed\": 1 }", "invalid JSON (line 1, position 2): '/' (comments are not allowed)" },
        { "trailing comma", """{"seed": 1,}""", "invalid JSON (line 1, position 11): a trailing comma (not allowed)" },
        { "nesting deeper than 64", "{\"seed\": " + new string('[', 70) + new string(']', 70) + "}", "invalid JSON (line 1, position 72): nested deeper than 64 levels" },
        { "over 16 MiB", "", "'{FILE}' is 16,777,217 bytes, more than the limit of 16,777,216" },
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public void A_bad_json_file_is_refused_alike_as_scenario_script_and_cluster_file(string rule, string text, string reason)
    {
        string file = Path.Combine(_dir, rule.Replace(' ', '-') + ".json");
        if (text == "") File.WriteAllText(file, "{\"seed\": 1}" + new string(' ', 16 * 1024 * 1024 + 1 - 11));
        else File.WriteAllText(file, text);
        reason = reason.Replace("{FILE}", file);

        var scenario = MalformedScenarioTests.Cli("run", file, "--quiet", "--engine", "plain", "--out", Path.Combine(_dir, "out"));
        var script = MalformedScenarioTests.Cli("script", file);
        var cluster = MalformedScenarioTests.Cli("node", "--cluster-config", file);

        Assert.Equal((2, "", $"scenario {file}: scenario: {reason}\n"), scenario);
        Assert.Equal((2, "", $"script: {reason}\n"), script);
        Assert.Equal((2, "", $"node {file}: cluster: {reason}\n"), cluster);
        Assert.False(Directory.Exists(Path.Combine(_dir, "out")), "a refused scenario writes nothing");
    }
}

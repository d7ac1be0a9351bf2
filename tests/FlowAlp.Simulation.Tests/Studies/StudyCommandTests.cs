using System.Globalization;
using FlowAlp.Simulation.Tests.CliUsage;
using FlowAlp.Simulation.Tests.Data;
using FlowAlp.Simulation.Tests.RunFolders;
using FlowAlp.Simulation.Tests.Scenarios;

namespace FlowAlp.Simulation.Tests.Studies;

/// <summary>
/// `flowalp study DIR` runs the study's scenario over its seeds and writes the comparison beside the sweep's files; the
/// figures it prints are the runs' own numbers. Bad input is one line naming the file and the field, exit 2, and
/// nothing written.
/// </summary>
public sealed class StudyCommandTests : IDisposable
{
    private readonly string _dir = RunFolderKit.TempRoot();

    public void Dispose() => Directory.Delete(_dir, true);

    private string WriteStudy(string study)
    {
        string folder = Path.Combine(_dir, "crash-study");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "scenario.json"), TestScenarios.Crash.Replace("\"durationHours\": 6", "\"durationHours\": 4"));
        File.WriteAllText(Path.Combine(folder, "study.json"), study);
        return folder;
    }

    [Fact]
    public void A_study_writes_its_comparison_from_the_runs_numbers()
    {
        string folder = WriteStudy(StudyFileTests.Minimal);
        var (code, _, err) = CliRunner.Run(_dir, "study", folder, "--engine", "plain", "--out", "out/s", "--parallel", "2");
        Assert.True(code == 0, err);
        string outDir = Path.Combine(_dir, "out", "s");
        var (header, rows) = ParquetRead.Csv(Path.Combine(outDir, "runs.csv"));
        // the study's own firstSeed (5), its seeds (3) and its override (durationHours=3 over the file's 4)
        Assert.Equal(["5", "6", "7"], rows.Select(r => r[Array.IndexOf(header, "seed")]));
        double Column(string name) => rows.Select(r => double.Parse(r[Array.IndexOf(header, name)], CultureInfo.InvariantCulture)).Sum();
        var (_, comparison) = ParquetRead.Csv(Path.Combine(outDir, "comparison.csv"));
        Assert.Equal(Math.Round(Column("populations.passive.survivalRate") / 3 * 100, 8), double.Parse(comparison[0][3], CultureInfo.InvariantCulture), 6);
        Assert.Equal(Math.Round(Column("populations.rebalancing.rebalancerFees") / Column("populations.rebalancing.rebalances"), 8),
            double.Parse(comparison[1][3], CultureInfo.InvariantCulture), 8);
        // 3 simulated hours at a 600 s interval: 18 runs and the booking, 19 fees per agent of 0.00105
        Assert.Equal(0.01995, Column("populations.rebalancing.rebalancerFeesPerPosition") / 3, 8);
        Assert.Contains("| survival (%) | 64 |", File.ReadAllText(Path.Combine(outDir, "comparison.md")));
        Assert.True(File.Exists(Path.Combine(outDir, "sweep.json")));
        Assert.EndsWith("comparison.md\n", err);
    }

    [Theory]
    [InlineData("populations.passive.survivalRate\"", "populations.passive.survivalRat\"", "study.json: reference.figures[0].metric: 'populations.passive.survivalRat' is in no run summary")]
    [InlineData("\"seeds\": 3", "\"seeds\": 3, \"seed\": 1", "study.json: seed: unknown field")]
    [InlineData("durationHours=3", "populations[1].count=-1", "scenario.json: populations[1].count")]
    public void Bad_input_is_one_line_with_exit_2_and_nothing_written(string from, string to, string expected)
    {
        string folder = WriteStudy(StudyFileTests.Minimal.Replace(from, to));
        var (code, stdout, err) = CliRunner.Run(_dir, "study", folder, "--seeds", "1", "--engine", "plain", "--out", "out/bad");
        Assert.Equal(2, code);
        string last = err.TrimEnd('\n').Split('\n')[^1];
        Assert.StartsWith($"study {folder}: {expected}", last);
        Assert.DoesNotContain("   at ", err + stdout);
        Assert.False(Directory.Exists(Path.Combine(_dir, "out", "bad")));
    }

    [Fact]
    public void A_bad_scenario_is_named_by_its_file()
    {
        string folder = WriteStudy(StudyFileTests.Minimal);
        File.WriteAllText(Path.Combine(folder, "scenario.json"), TestScenarios.Crash.Replace("\"stepSeconds\": 60", "\"stepSeconds\": 0"));
        var (code, _, err) = CliRunner.Run(_dir, "study", folder);
        Assert.Equal(2, code);
        Assert.StartsWith($"study {folder}: scenario.json: stepSeconds: must be between 1 and 86400", err.Trim());
    }

    [Fact]
    public void A_study_on_the_cluster_writes_the_same_files_as_on_one_machine()
    {
        string folder = WriteStudy(StudyFileTests.Minimal);
        string cluster = Path.Combine(_dir, "cluster.json");
        File.WriteAllText(cluster, """{"port": 0, "localWorkers": 1}"""); // a free loopback port: tests may run side by side
        var (code, _, err) = CliRunner.Run(_dir, "study", folder, "--engine", "plain", "--seeds", "2", "--out", "out/local");
        Assert.True(code == 0, err);
        (code, _, err) = CliRunner.Run(_dir, "study", folder, "--engine", "plain", "--seeds", "2", "--out", "out/cluster", "--cluster", cluster);
        Assert.True(code == 0, err);
        Assert.Contains("local sweep worker(s)", err);
        foreach (var f in new[] { "runs.csv", "comparison.csv", "comparison.md", "sweep.json" })
            Assert.Equal(File.ReadAllText(Path.Combine(_dir, "out", "local", f)), File.ReadAllText(Path.Combine(_dir, "out", "cluster", f)));
    }

    [Fact]
    public void A_missing_study_or_a_folder_without_study_json_is_one_line()
    {
        var (code, _, err) = CliRunner.Run(_dir, "study", "no-such-study");
        Assert.Equal((2, "study no-such-study: study: 'no-such-study' is not there: give a study folder (with study.json) or a study file"), (code, err.Trim()));
        Directory.CreateDirectory(Path.Combine(_dir, "empty"));
        (code, _, err) = CliRunner.Run(_dir, "study", "empty");
        Assert.Equal(2, code);
        Assert.StartsWith("study empty: study.json: file: ", err.Trim());
        Assert.DoesNotContain("\n", err.Trim());
    }
}

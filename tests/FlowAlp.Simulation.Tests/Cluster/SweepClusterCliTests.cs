using FlowAlp.Simulation.Tests.Scenarios;

namespace FlowAlp.Simulation.Tests.Cluster;

/// <summary>
/// `flowalp sweep --cluster FILE` reads the cluster file with the rules of `flowalp run --cluster`: a missing file or a
/// bind beyond loopback without the opt-in is one line naming --cluster, the file and the field (exit 2), before any
/// node starts or any run is made.
/// </summary>
public sealed class SweepClusterCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("flowalp-sweep-cluster-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_cluster_file_that_binds_beyond_loopback_is_refused_with_one_line()
    {
        string file = Path.Combine(_dir, "cluster.json");
        File.WriteAllText(file, """{"hostname": "0.0.0.0", "localWorkers": 1}""");
        var (code, _, err) = MalformedScenarioTests.Cli("sweep", "config/scenarios/default.json", "--seeds", "2", "--cluster", file, "--out", Path.Combine(_dir, "out"));
        Assert.Equal(2, code);
        Assert.Equal($"sweep config/scenarios/default.json: --cluster: {file}: hostname: '0.0.0.0' is not a loopback address; remoting is unauthenticated plaintext, " +
            "so binding beyond loopback needs \"allowNonLoopback\": true in the cluster file or --allow-remote (see docs/cluster-security.md)", err.Trim());
        Assert.False(Directory.Exists(Path.Combine(_dir, "out")));
    }

    [Fact]
    public void A_missing_cluster_file_is_refused_with_one_line()
    {
        string file = Path.Combine(_dir, "missing.json");
        var (code, _, err) = MalformedScenarioTests.Cli("sweep", "config/scenarios/default.json", "--cluster", file);
        Assert.Equal(2, code);
        Assert.Equal($"sweep config/scenarios/default.json: --cluster: {file}: cluster: file not found: {file}", err.Trim());
    }
}

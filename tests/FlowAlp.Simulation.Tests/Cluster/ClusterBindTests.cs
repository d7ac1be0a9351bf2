using FlowAlp.Simulation.Tests.Scenarios;

namespace FlowAlp.Simulation.Tests.Cluster;

/// <summary>
/// Remoting is unauthenticated plaintext: `flowalp run --cluster` and `flowalp node` refuse a cluster file that binds
/// beyond loopback (one line, exit 2) unless the file says "allowNonLoopback" or the command line says --allow-remote,
/// and then they print a one-line warning.
/// </summary>
public sealed class ClusterBindTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("flowalp-bind-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string ClusterFile(string json)
    {
        string path = Path.Combine(_dir, "cluster.json");
        File.WriteAllText(path, json);
        return path;
    }

    private const string Refusal = "hostname: '0.0.0.0' is not a loopback address; remoting is unauthenticated plaintext, so binding beyond loopback needs \"allowNonLoopback\": true in the cluster file or --allow-remote (see docs/cluster-security.md)";
    private const string Warning = "warning: cluster remoting listens on 0.0.0.0:4053 beyond loopback, unauthenticated and unencrypted; anyone who can reach it can join the cluster (see docs/cluster-security.md)";

    [Fact]
    public void Run_cluster_on_0_0_0_0_without_the_opt_in_exits_2_with_one_line()
    {
        string file = ClusterFile("""{"hostname": "0.0.0.0", "localWorkers": 1}""");
        var (code, _, err) = MalformedScenarioTests.Cli("run", "config/scenarios/default.json", "--cluster", "--cluster-config", file, "--quiet");
        Assert.Equal(2, code);
        Assert.Equal($"cluster {file}: {Refusal}", err.Trim());
    }

    [Fact]
    public void Node_on_0_0_0_0_without_the_opt_in_exits_2_with_one_line()
    {
        string file = ClusterFile("""{"hostname": "0.0.0.0", "seedNodes": ["akka.tcp://flowalp@127.0.0.1:4053"]}""");
        var (code, _, err) = MalformedScenarioTests.Cli("node", "--cluster-config", file);
        Assert.Equal(2, code);
        Assert.Equal($"node {file}: {Refusal}", err.Trim());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void With_the_opt_in_the_bind_is_accepted_with_a_one_line_warning(bool flag)
    {
        // the scenario is missing, so the run stops right after the cluster file is accepted (nothing binds)
        string file = ClusterFile(flag ? """{"hostname": "0.0.0.0"}""" : """{"hostname": "0.0.0.0", "allowNonLoopback": true}""");
        string[] args = ["run", Path.Combine(_dir, "missing.json"), "--cluster", "--cluster-config", file, "--quiet"];
        var (code, _, err) = MalformedScenarioTests.Cli(flag ? [.. args, "--allow-remote"] : args);
        Assert.Equal(2, code);
        Assert.Equal([Warning, $"scenario {Path.Combine(_dir, "missing.json")}: scenario: file not found: {Path.Combine(_dir, "missing.json")}"],
            err.Trim().Split('\n'));
    }
}

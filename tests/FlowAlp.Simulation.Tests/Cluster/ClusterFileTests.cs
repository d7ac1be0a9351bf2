using FlowAlp.Actors.Cluster;
using FlowAlp.Simulation.Scenarios;

namespace FlowAlp.Simulation.Tests.Cluster;

/// <summary>The cluster file: the shipped one parses to its values, and each bad field is refused with "field: reason".</summary>
public class ClusterFileTests
{
    [Fact]
    public void The_shipped_cluster_file_binds_to_loopback_with_both_roles_and_one_local_worker()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(dir!.FullName, "FlowAlp.sln"))) dir = dir.Parent;
        var s = ClusterFile.Load(Path.Combine(dir.FullName, ClusterSettings.DefaultPath));
        Assert.Equal(("flowalp", "127.0.0.1", 4053, 100, 1), (s.SystemName, s.Hostname, s.Port, s.Shards, s.LocalWorkers));
        Assert.Equal([ClusterSettings.PoolRole, ClusterSettings.PositionsRole], s.RoleList);
        var seed = Assert.Single(s.SeedAddresses());
        Assert.Equal(("127.0.0.1", 4053), (seed.Host, seed.Port));
    }

    [Fact]
    public void Defaults_bind_remoting_to_loopback()
    {
        var s = ClusterFile.Parse("{}");
        Assert.Equal(("127.0.0.1", 4053, 100, 0), (s.Hostname, s.Port, s.Shards, s.LocalWorkers));
        Assert.Empty(s.SeedAddresses());
    }

    [Theory]
    [InlineData("""{"port": 70000}""", "port: must be between 0 and 65535, got 70000")]
    [InlineData("""{"port": "4053"}""", "port: must be an integer")]
    [InlineData("""{"shards": 0}""", "shards: must be between 1 and 100000, got 0")]
    [InlineData("""{"roles": ["pool", "oracle"]}""", "roles: unknown role 'oracle' (known: pool, positions, sweeps)")]
    [InlineData("""{"roles": []}""", "roles: at least one role is required")]
    [InlineData("""{"seedNodes": ["akka.tcp://other@127.0.0.1:4053"]}""", "seedNodes: 'akka.tcp://other@127.0.0.1:4053' names system 'other', not 'flowalp'")]
    [InlineData("""{"seedNodes": ["not an address"]}""", "seedNodes: 'not an address' is not an address like akka.tcp://flowalp@127.0.0.1:4053")]
    [InlineData("""{"seedNodes": "akka.tcp://flowalp@127.0.0.1:4053"}""", "seedNodes: must be an array of strings")]
    [InlineData("""{"localWorkers": 17}""", "localWorkers: must be between 0 and 16, got 17")]
    [InlineData("""{"hostName": "127.0.0.1"}""", "hostName: unknown field (known: systemName, hostname, port, seedNodes, roles, shards, localWorkers, allowNonLoopback)")]
    [InlineData("""[1]""", "cluster: must be a JSON object")]
    public void A_bad_field_is_refused_with_its_name_and_reason(string json, string message)
    {
        var e = Assert.Throws<ClusterSettingsException>(() => ClusterFile.Parse(json));
        Assert.Equal(message, e.Message);
    }

    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("10.1.2.3")]
    [InlineData("flowalp.example.org")]
    [InlineData("::")]
    public void A_host_beyond_loopback_is_refused_without_the_opt_in(string host)
    {
        var e = Assert.Throws<ClusterSettingsException>(() => ClusterFile.Parse($$"""{"hostname": "{{host}}"}"""));
        Assert.Equal($"hostname: '{host}' is not a loopback address; remoting is unauthenticated plaintext, so binding beyond loopback needs \"allowNonLoopback\": true in the cluster file or --allow-remote (see docs/cluster-security.md)", e.Message);

        var fromFile = ClusterFile.Parse($$"""{"hostname": "{{host}}", "allowNonLoopback": true}""");
        var fromFlag = ClusterFile.Parse($$"""{"hostname": "{{host}}"}""", allowRemote: true);
        Assert.Equal((host, true, false, true, false), (fromFile.Hostname, fromFile.AllowNonLoopback, fromFile.BindsLoopback, fromFlag.AllowNonLoopback, fromFlag.BindsLoopback));
        Assert.Equal($"warning: cluster remoting listens on {host}:4053 beyond loopback, unauthenticated and unencrypted; anyone who can reach it can join the cluster (see docs/cluster-security.md)", fromFile.NonLoopbackWarning);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.3.4.5")]
    [InlineData("::1")]
    [InlineData("[::1]")]
    [InlineData("localhost")]
    public void Loopback_hosts_need_no_opt_in(string host)
    {
        var s = ClusterFile.Parse($$"""{"hostname": "{{host}}"}""");
        Assert.Equal((host, true, false), (s.Hostname, s.BindsLoopback, s.AllowNonLoopback));
    }

    [Theory]
    [InlineData("""{"hostname": "127.0.0.1\" }"}""", "hostname: must be a host name or IP address (letters, digits, '.', '-', ':'), got '127.0.0.1\" }'")]
    [InlineData("""{"allowNonLoopback": "yes"}""", "allowNonLoopback: must be true or false")]
    public void A_host_that_could_break_the_akka_config_or_a_bad_opt_in_is_refused(string json, string message)
    {
        var e = Assert.Throws<ClusterSettingsException>(() => ClusterFile.Parse(json));
        Assert.Equal(message, e.Message);
    }
}

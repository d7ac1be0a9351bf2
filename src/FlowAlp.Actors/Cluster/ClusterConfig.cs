using Akka.Configuration;
using FlowAlp.Actors.Engine;
using FlowAlp.Engine.Loop;

namespace FlowAlp.Actors.Cluster;

/// <summary>
/// The HOCON of a cluster node: the engine's own (<see cref="AkkaConfig"/>) plus the cluster provider, remoting on the
/// settings' host, sharding with distributed-data state and always-on entities, and the binary serializer for the
/// messages that cross nodes. Akka's "json" serializer (which honours type names from the data) is replaced by
/// <see cref="RefusingSerializer"/>, so no frame can select it.
/// </summary>
public static class ClusterConfig
{
    public static Config For(ClusterSettings c, EngineSettings engine, int port, IReadOnlyList<string> roles)
    {
        string bindings = string.Join("\n", EngineMessageSerializer.Bound.Select(t => $"\"{t.FullName}, {t.Assembly.GetName().Name}\" = flowalp-engine")
            .Concat(SweepMessageSerializer.Bound.Select(t => $"\"{t.FullName}, {t.Assembly.GetName().Name}\" = flowalp-sweep")));
        string roleList = string.Join(", ", roles.Select(r => $"\"{r}\""));
        return ConfigurationFactory.ParseString($$"""
            akka {
              actor {
                provider = cluster
                serializers {
                  flowalp-engine = "{{typeof(EngineMessageSerializer).FullName}}, {{typeof(EngineMessageSerializer).Assembly.GetName().Name}}"
                  flowalp-sweep = "{{typeof(SweepMessageSerializer).FullName}}, {{typeof(SweepMessageSerializer).Assembly.GetName().Name}}"
                  json = "{{typeof(RefusingSerializer).FullName}}, {{typeof(RefusingSerializer).Assembly.GetName().Name}}"
                }
                serialization-bindings {
                  {{bindings}}
                }
              }
              # a sweep job carries its scenario (at most SweepJob.MaxScenarioBytes), a result its summary: above the 128 kB default
              remote.dot-netty.tcp { hostname = "{{c.Hostname}}", port = {{port}}, maximum-frame-size = {{SweepJob.MaxScenarioBytes + 65536}}b }
              cluster {
                roles = [{{roleList}}]
                sharding {
                  role = "{{ClusterSettings.PositionsRole}}"
                  # 1.5.73's reference.conf still defaults to "persistence"; ddata needs no journal
                  state-store-mode = ddata
                  remember-entities = off
                  # positions are always on: an idle position must not be stopped between its rebalancer runs
                  passivate-idle-entity-after = off
                }
                singleton.role = "{{ClusterSettings.PoolRole}}"
                singleton-proxy {
                  role = "{{ClusterSettings.PoolRole}}"
                  # new entities report to the supervisor through their node's proxy: keep the most a proxy may buffer
                  buffer-size = 10000
                  # the pending identification timer fires when a node shuts down and logs a false "not found after 30 s"
                  log-singleton-identification-failure = off
                }
              }
            }
            """).WithFallback(AkkaConfig.For(engine));
    }
}

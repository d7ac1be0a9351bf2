using Akka.Actor;
using FlowAlp.Actors.Positions;
using FlowAlp.Protocol.Health;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Protocol.Positions;
using Xunit.Abstractions;
using FlowAlp.Engine.Positions;

namespace FlowAlp.Actors.Tests.Cluster;

/// <summary>
/// A position entity that sharding starts (or restarts on another node) asks the supervisor for its replica unless its
/// first message already carries the supervisor's snapshot; a probe stands in for the supervisor.
/// </summary>
public class PositionEntityRecoveryTests(ITestOutputHelper output) : EngineTestKit(output)
{
    private static PositionSnapshot Snapshot(long id) => new(id, UFix64.FromInteger(60),
        new Dictionary<string, InternalBalance> { ["FLOW"] = new(SignedBalance.Credit(UFix128.FromInteger(100))) },
        new Dictionary<string, TokenSnapshot> { ["FLOW"] = new(UFix128.One, UFix128.One, UFix128.One, UFix128.Parse("0.8"), UFix128.One) },
        UFix128.Parse("1.1"), UFix128.Parse("1.3"), UFix128.Parse("1.5"), null, null);

    [Fact]
    public void An_entity_started_by_a_query_asks_the_supervisor_and_then_holds_the_replica_it_sends()
    {
        var supervisor = CreateTestProbe();
        var entity = Sys.ActorOf(PositionActor.Props(3, supervisor.Ref, null, recover: true));
        entity.Tell(new GetReplica());
        Assert.Null(ExpectMsg<Replica>().State);
        supervisor.ExpectMsg<PositionRestarted>(m => m.Position == 3);
        entity.Tell(new PositionRefreshed(Snapshot(3)));
        entity.Tell(new GetReplica());
        var replica = ExpectMsg<Replica>().State!;
        Assert.Equal(UFix128.FromInteger(100), replica.Balances.Single().Balance.Scaled.Quantity);
        Assert.Equal(UFix128.Max, replica.Health); // collateral, no debt: the protocol's "infinite" health
        supervisor.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void An_entity_started_by_the_supervisors_snapshot_does_not_ask_again()
    {
        var supervisor = CreateTestProbe();
        var entity = Sys.ActorOf(PositionActor.Props(4, supervisor.Ref, null, recover: true));
        entity.Tell(new PositionRefreshed(Snapshot(4)));
        entity.Tell(new GetReplica());
        Assert.NotNull(ExpectMsg<Replica>(r => r.Position == 4).State);
        supervisor.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }
}

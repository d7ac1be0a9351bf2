using Akka.Actor;
using Akka.Serialization;
using FlowAlp.Actors.Cluster;
using FlowAlp.Actors.Engine;
using FlowAlp.Actors.Positions;
using FlowAlp.Actors.Rebalancing;
using FlowAlp.Protocol.Health;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Protocol.Positions;
using Xunit.Abstractions;
using FlowAlp.Engine.Loop;
using FlowAlp.Engine.Positions;
using FlowAlp.Engine.Rebalancing;

namespace FlowAlp.Actors.Tests.Cluster;

/// <summary>
/// The messages that cross nodes in cluster mode go through <see cref="EngineMessageSerializer"/> (bound in the cluster
/// HOCON) and come back exactly: 24-decimal values to the last raw digit, snapshots that plan the same rebalance,
/// actor refs that resolve to the same actor. Akka's default JSON serializer does not (the reason the custom one exists).
/// </summary>
public class EngineMessageSerializerTests(ITestOutputHelper output) : Akka.TestKit.Xunit2.TestKit(
    ClusterConfig.For(new ClusterSettings(SystemName: "serialization-test", Port: 0), new EngineSettings(), 0, [ClusterSettings.PositionsRole]),
    "serialization-test", output)
{
    private static readonly UFix128 Odd = UFix128.FromRaw(UInt128.MaxValue - 12345); // needs all 128 bits

    private static PositionSnapshot Snapshot() => new(
        7, UFix64.FromRaw(3_600_00000001),
        new Dictionary<string, InternalBalance>
        {
            ["FLOW"] = new(SignedBalance.Credit(UFix128.Parse("1234.567890123456789012345678"))),
            ["MOET"] = new(SignedBalance.Debit(UFix128.Parse("800.000000000000000000000001"))),
        },
        new Dictionary<string, TokenSnapshot>
        {
            ["FLOW"] = new(UFix128.Parse("0.65"), UFix128.Parse("1.000001141552511415525114"), UFix128.Parse("1.000002283105022831050228"), UFix128.Parse("0.8"), UFix128.One),
            ["MOET"] = new(UFix128.One, UFix128.One, UFix128.Parse("1.000000000000000000000007"), UFix128.One, UFix128.One),
        },
        UFix128.Parse("1.1"), UFix128.Parse("1.3"), UFix128.Parse("1.5"), "FLOW", null);

    private T RoundTrip<T>(T message) where T : notnull
    {
        var serializer = Sys.Serialization.FindSerializerFor(message);
        Assert.IsType<EngineMessageSerializer>(serializer);
        var bytes = serializer.ToBinary(message);
        return Assert.IsType<T>(Sys.Serialization.Deserialize(bytes, serializer.Identifier, Serialization.ManifestFor(serializer, message)));
    }

    private static void AssertSameSnapshot(PositionSnapshot expected, PositionSnapshot actual)
    {
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.Time, actual.Time);
        Assert.Equal(expected.Balances.Select(b => (b.Key, b.Value.Scaled)), actual.Balances.Select(b => (b.Key, b.Value.Scaled)));
        Assert.Equal(expected.Tokens, actual.Tokens);
        Assert.Equal((expected.MinHealth, expected.TargetHealth, expected.MaxHealth), (actual.MinHealth, actual.TargetHealth, actual.MaxHealth));
        Assert.Equal((expected.TopUpToken, expected.DrawDownToken), (actual.TopUpToken, actual.DrawDownToken));
        Assert.Equal(expected.Health, actual.Health);
        Assert.Equal(expected.PlanRebalance(false), actual.PlanRebalance(false));
    }

    [Fact]
    public void A_rebalance_request_in_its_envelope_round_trips_exactly_with_a_resolvable_reply_to()
    {
        var probe = CreateTestProbe();
        var due = new RebalanceDue(42, 9, true, Snapshot(), probe.Ref, UFix64.FromRaw(ulong.MaxValue - 1));
        var back = RoundTrip(new PositionEnvelope(7, due));
        Assert.Equal(7, back.Position);
        var d = Assert.IsType<RebalanceDue>(back.Message);
        Assert.Equal((42L, 9L, true, UFix64.FromRaw(ulong.MaxValue - 1)), (d.Tick, d.RebalancerId, d.Force, d.NextIfPaid));
        AssertSameSnapshot(due.Snapshot!, d.Snapshot!);
        Assert.Equal(probe.Ref, d.ReplyTo);
        d.ReplyTo.Tell("reached");
        probe.ExpectMsg("reached");

        var none = RoundTrip(due with { Snapshot = null });
        Assert.Null(none.Snapshot);
    }

    [Fact]
    public void Decisions_refreshes_restarts_and_replicas_round_trip_exactly()
    {
        var plan = new RebalancePlan(Odd, UFix64.FromRaw(123_456_789_012), UFix64.Zero);
        var ready = RoundTrip(new RebalancerReady(5, 11, new RebalanceDecision(5, 11, 7, plan, true), UFix64.FromInteger(4200)));
        Assert.Equal(new RebalancerReady(5, 11, new RebalanceDecision(5, 11, 7, plan, true), UFix64.FromInteger(4200)), ready);
        Assert.Equal(Odd.Raw, ready.Decision.Plan.Health.Raw);

        AssertSameSnapshot(Snapshot(), RoundTrip(new PositionRefreshed(Snapshot())).Snapshot);
        Assert.Equal(new PositionRestarted(123_456), RoundTrip(new PositionRestarted(123_456)));
        Assert.IsType<GetReplica>(RoundTrip(new GetReplica()));
        Assert.IsType<CrashOnNextMessage>(RoundTrip(new CrashOnNextMessage()));

        var replica = PositionReplica.From(Snapshot());
        var back = RoundTrip(new Replica(7, replica, 3));
        Assert.Equal((7L, 3L), (back.Position, back.Decisions));
        Assert.Equal(replica.Balances.Select(b => (b.Token, b.Balance.Scaled)), back.State!.Balances.Select(b => (b.Token, b.Balance.Scaled)));
        Assert.Equal((replica.MinHealth, replica.TargetHealth, replica.MaxHealth, replica.Health), (back.State.MinHealth, back.State.TargetHealth, back.State.MaxHealth, back.State.Health));
        Assert.Null(RoundTrip(new Replica(8, null, 0)).State);
    }

    [Fact]
    public void Akkas_default_json_serializer_does_not_keep_fixed_point_values()
    {
        var json = new NewtonSoftJsonSerializer((ExtendedActorSystem)Sys);
        var plan = new RebalancePlan(Odd, UFix64.FromRaw(123_456_789_012), UFix64.FromRaw(1));
        var back = (RebalancePlan)json.FromBinary(json.ToBinary(plan), typeof(RebalancePlan));
        Assert.NotEqual(plan, back);
    }
}

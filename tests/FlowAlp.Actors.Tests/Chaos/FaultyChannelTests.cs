using FlowAlp.Actors.Chaos;
using FlowAlp.Actors.Oracles;
using FlowAlp.Actors.Pool;
using FlowAlp.Protocol.Numerics;
using Xunit.Abstractions;
using FlowAlp.Engine.Chaos;
using FlowAlp.Engine.Core;
using FlowAlp.Engine.Oracles;
using FlowAlp.Simulation.Prices;

namespace FlowAlp.Actors.Tests.Chaos;

/// <summary>
/// The lossy channel at the sending side (an oracle actor's reply through it, observed with a TestProbe), the seeded fates
/// (a pure function of seed, block, key and attempt), and the keyed barrier that counts a duplicated reply once.
/// </summary>
public class FaultyChannelTests(ITestOutputHelper output) : EngineTestKit(output)
{
    private static readonly UFix64 T = UFix64.FromInteger(600);
    private static MessageFaults Faults(MessageFate fate, uint ppm = 1_000_000, string? token = null) =>
        MessageFaults.None.With(new MessageFaultRule(0, MessageKind.PriceReport, fate, ppm, 120, Seed: 42, Token: token));

    private Akka.Actor.IActorRef Oracle() =>
        Sys.ActorOf(OracleActor.Props(new OracleFeed("FLOW", new PiecewisePath([(UFix64.Zero, UFix64.Parse("0.75"))]), null)));

    [Fact]
    public void A_delivered_report_arrives_once_a_duplicated_one_twice()
    {
        var probe = CreateTestProbe();
        var oracle = Oracle();
        oracle.Tell(new PriceAt(1, T, new ChannelTicket(1, "price:FLOW", 0, T, MessageFaults.None)), probe);
        Assert.Equal(UFix64.Parse("0.75"), probe.ExpectMsg<PriceReport>().Price);
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(100));

        oracle.Tell(new PriceAt(2, T, new ChannelTicket(2, "price:FLOW", 0, T, Faults(MessageFate.Duplicate))), probe);
        Assert.Equal(2, probe.ExpectMsg<PriceReport>().Tick);
        Assert.Equal(2, probe.ExpectMsg<PriceReport>().Tick);
    }

    [Fact]
    public void A_dropped_or_delayed_report_becomes_a_notice_to_the_barrier()
    {
        var probe = CreateTestProbe();
        var oracle = Oracle();
        oracle.Tell(new PriceAt(3, T, new ChannelTicket(3, "price:FLOW", 2, T, Faults(MessageFate.Drop))), probe);
        Assert.Equal(new Undelivered(3, "price:FLOW", 2, MessageFate.Drop, 120), probe.ExpectMsg<Undelivered>());
        oracle.Tell(new PriceAt(4, T, new ChannelTicket(4, "price:FLOW", 0, T, Faults(MessageFate.Delay))), probe);
        Assert.Equal(new Undelivered(4, "price:FLOW", 0, MessageFate.Delay, 120), probe.ExpectMsg<Undelivered>());
        oracle.Tell(new PriceAt(5, T, new ChannelTicket(5, "price:FLOW", 0, T, Faults(MessageFate.Drop, token: "USDC"))), probe);
        Assert.Equal(5, probe.ExpectMsg<PriceReport>().Tick); // the selector names another token
    }

    [Fact]
    public void Fates_are_a_function_of_the_key_and_hit_about_the_rate()
    {
        var f = Faults(MessageFate.Drop, ppm: 10_000); // 1 %
        int hits = 0;
        for (ulong block = 1; block <= 100_000; block++)
            if (f.Fate(MessageKind.PriceReport, UFix64.FromInteger(block * 60), -1, "FLOW", 0).Fate == MessageFate.Drop) hits++;
        Assert.InRange(hits, 900, 1100);
        var again = Faults(MessageFate.Drop, ppm: 10_000);
        for (ulong block = 1; block <= 1000; block++)
            Assert.Equal(f.Fate(MessageKind.PriceReport, UFix64.FromInteger(block * 60), -1, "FLOW", 1), again.Fate(MessageKind.PriceReport, UFix64.FromInteger(block * 60), -1, "FLOW", 1));
    }

    [Fact]
    public void The_plan_drops_until_the_retries_run_out()
    {
        var always = Faults(MessageFate.Drop);
        var lost = always.Plan(null, MessageKind.PriceReport, T, -1, "FLOW");
        Assert.Equal(new Delivery(MessageFaults.DefaultMaxRetries + 1, MessageFaults.DefaultMaxRetries + 1, false, DeliveryOutcome.Lost, 0), lost);
        var never = MessageFaults.None.Plan(null, MessageKind.PriceReport, T, -1, "FLOW");
        Assert.False(never.Faulted);
        var delayed = Faults(MessageFate.Delay).Plan(null, MessageKind.PriceReport, T, -1, "FLOW");
        Assert.Equal(new Delivery(1, 0, false, DeliveryOutcome.Delayed, 120), delayed);
    }

    [Fact]
    public void The_barrier_counts_each_key_once_and_completes_when_every_key_is_settled()
    {
        List<object>? done = null;
        var b = new ReplyBarrier(7, ["run:1", "run:2", "price:FLOW"], r => done = r);
        Assert.True(b.Accept(7, "run:1", "a"));
        Assert.False(b.Accept(7, "run:1", "a again")); // a duplicate
        Assert.False(b.Accept(6, "run:2", "late")); // an earlier tick's reply
        Assert.False(b.Complete);
        b.Resolve("price:FLOW"); // lost
        Assert.True(b.Accept(7, "run:2", "b"));
        Assert.True(b.Complete);
        b.Then(b.Replies);
        Assert.Equal(["a", "b"], done!);
    }
}

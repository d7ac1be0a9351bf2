using Akka.Actor;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Engine.Oracles;

namespace FlowAlp.Actors.Oracles;

/// <summary>Asks the oracle for its price at a tick's time.</summary>
public sealed record PriceAt(long Tick, UFix64 Time, Chaos.ChannelTicket? Ticket = null);
/// <summary>Chaos: a fault changes the feed (frozen, distorted, widened, …), in order with the price requests.</summary>
public sealed record ChangeFeed(FlowAlp.Engine.Chaos.FeedFault Fault);

/// <summary>
/// One token's price feed as an actor (see <see cref="OracleFeed"/> for the rules it applies). Its state is the feed,
/// which its Props hold, so a restarted oracle carries on with the same feed (frozen, distorted or widened as it was).
/// </summary>
public sealed class OracleActor : ReceiveActor
{
    private bool _crashNext;

    public OracleActor(OracleFeed feed)
    {
        string token = feed.Token;
        Receive<Positions.CrashOnNextMessage>(_ => _crashNext = true);
        Receive<PriceAt>(m =>
        {
            CrashIfAsked(token);
            Chaos.FaultyChannel.Reply(Sender, new PriceReport(m.Tick, token, feed.Read(m.Time), feed.ChaosRejection), Self, m.Ticket, FlowAlp.Engine.Chaos.MessageKind.PriceReport, name: token);
        });
        Receive<ChangeFeed>(m => m.Fault.Change(feed));
    }

    private void CrashIfAsked(string token)
    {
        if (!_crashNext) return;
        _crashNext = false;
        throw new Chaos.InjectedCrashException($"oracle {token}");
    }

    /// <summary>The price request that crashed it is answered by the restarted instance (the supervisor's barrier waits for it).</summary>
    protected override void PreRestart(Exception reason, object message)
    {
        if (message is PriceAt) Self.Tell(message, Context.Parent); // the supervisor asked
        base.PreRestart(reason, message);
    }

    public static Props Props(OracleFeed feed) => Akka.Actor.Props.Create(() => new OracleActor(feed));
}

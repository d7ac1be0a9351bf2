using Akka.Actor;
using FlowAlp.Actors.Engine;
using FlowAlp.Protocol.Positions;
using FlowAlp.Engine.Loop;
using FlowAlp.Engine.Positions;

namespace FlowAlp.Actors.Positions;

/// <summary>
/// A rebalancer's run reached the position: decide, from the pool's snapshot, whether and how much to move, and answer
/// the supervisor's barrier directly (<see cref="Rebalancing.RebalancerReady"/>, with the run's next time if the fee is paid).
/// </summary>
public sealed record RebalanceDue(long Tick, long RebalancerId, bool Force, PositionSnapshot? Snapshot, IActorRef ReplyTo, FlowAlp.Protocol.Numerics.UFix64 NextIfPaid,
    Chaos.ChannelTicket? Ticket = null);
/// <summary>The position's decision: its plan (health, top-up, draw-down) and whether the pool must be asked to rebalance.</summary>
public sealed record RebalanceDecision(long Tick, long RebalancerId, long Position, RebalancePlan Plan, bool Needed);
/// <summary>The supervisor's copy of the position after a commit: the actor keeps it as its replica.</summary>
public sealed record PositionRefreshed(PositionSnapshot Snapshot);
/// <summary>Sent by a restarted position actor so the supervisor re-sends its replica.</summary>
public sealed record PositionRestarted(long Position);
/// <summary>Reads the replica (tests, reports).</summary>
public sealed record GetReplica;
public sealed record Replica(long Position, PositionReplica? State, long Decisions);
/// <summary>A restored engine's position actor takes back its decision count (its replica comes from the pool).</summary>
public sealed record RestoreDecisions(long Count);
/// <summary>Fault injection: throw while handling the next message (the supervision strategy restarts the actor).</summary>
public sealed record CrashOnNextMessage;
/// <summary>A passive position's actor handled one message its directory counts (see <see cref="PassiveEntities"/>).</summary>
public sealed record PositionIdle(long Position);

/// <summary>
/// One position's agent. The pool supervisor is the single writer of pool state; this actor keeps a replica of its
/// position (balances and health bounds, refreshed after every commit), and when one of its rebalancers runs it computes
/// health and the rebalance amounts with FlowAlp.Protocol's math on the snapshot it is given, so the supervisor only asks
/// the pool to rebalance positions that need it. On restart its state comes back from the supervisor. An UntypedActor
/// with the compact mailbox. In one process it is passive (<see cref="LocalPositionDirectory"/>): made when a message
/// must reach it, it acknowledges each counted message (<see cref="PositionIdle"/>) and is stopped when it has none left
/// and its linger (virtual time since its last message) has run out.
/// </summary>
public sealed class PositionActor : UntypedActor
{
    private readonly long _id;
    private readonly IActorRef _supervisor;
    private PositionReplica? _replica;
    private PositionSnapshot? _snapshot; // a passive actor's latest copy, made into its replica only when read (it lives for a few messages)
    private long _decisions;
    private bool _crashNext, _crashCounted;
    private bool _recover;
    private readonly bool _passive;

    /// <param name="recover">
    /// a sharding entity, started (or moved to another node) by whatever message reaches it first: unless that message
    /// brings the supervisor's snapshot, it asks the supervisor for its replica
    /// </param>
    /// <param name="decisions">the decisions made before this actor was made (kept by the directory while passive)</param>
    /// <param name="passive">acknowledge counted messages to the supervisor, which stops the actor when it is idle</param>
    public PositionActor(long id, IActorRef supervisor, PositionSnapshot? initial, bool recover = false, long decisions = 0, bool passive = false)
    {
        _id = id;
        _supervisor = supervisor;
        _decisions = decisions;
        _passive = passive;
        if (initial is not null) Take(initial);
        _recover = recover && initial is null;
    }

    protected override void OnReceive(object message)
    {
        if (_recover) Recover(message);
        switch (message)
        {
            case RebalanceDue m: OnRebalanceDue(m); break;
            case PositionRefreshed m: CrashIfAsked(); Take(m.Snapshot); Idle(); break;
            // (RebalanceDue comes from the supervisor's timer wheel; the reply closes its barrier)
            case GetReplica: Sender.Tell(new Replica(_id, CurrentReplica(), _decisions)); break;
            case RestoreDecisions r: _decisions = r.Count; break;
            // only the directory counts what it sends: an arm sent by anyone else is not acknowledged
            case CrashOnNextMessage: _crashNext = true; _crashCounted = Sender.Equals(_supervisor); break;
            default: Unhandled(message); break;
        }
    }

    /// <summary>
    /// The pool's copy after a commit or with a run. A passive actor keeps the snapshot and builds its replica only if
    /// asked (a woken run would otherwise build one, balance sheet included, that nobody reads); a sharded entity lives
    /// on, so it keeps the compact replica.
    /// </summary>
    private void Take(PositionSnapshot s)
    {
        if (_passive) (_snapshot, _replica) = (s, null);
        else _replica = PositionReplica.From(s);
    }

    private PositionReplica? CurrentReplica() => _replica ??= _snapshot is null ? null : PositionReplica.From(_snapshot);

    private void Recover(object first)
    {
        _recover = false;
        if (first is not (PositionRefreshed or RebalanceDue { Snapshot: not null })) _supervisor.Tell(new PositionRestarted(_id));
    }

    private void CrashIfAsked()
    {
        if (!_crashNext) return;
        _crashNext = false;
        throw new Chaos.InjectedCrashException($"position {_id}");
    }

    private void OnRebalanceDue(RebalanceDue m)
    {
        CrashIfAsked();
        if (m.Snapshot is { } s) Take(s);
        _decisions++;
        var (plan, needed) = RunDecision.Decide(m.Snapshot, m.Force);
        Chaos.FaultyChannel.Reply(m.ReplyTo, new Rebalancing.RebalancerReady(m.Tick, m.RebalancerId, new RebalanceDecision(m.Tick, m.RebalancerId, _id, plan, needed), m.NextIfPaid),
            Self, m.Ticket, FlowAlp.Engine.Chaos.MessageKind.RebalancerReady, _id);
        Idle();
    }

    private void Idle()
    {
        if (_passive) _supervisor.Tell(new PositionIdle(_id));
    }

    /// <summary>The message that crashed the actor is handled again after the restart, so the step it belongs to completes.</summary>
    protected override void PreRestart(Exception reason, object message)
    {
        // a passive position's count is its whole life's (the directory's), so the new instance carries it on
        if (_passive) Self.Tell(new RestoreDecisions(_decisions));
        if (message is RebalanceDue or PositionRefreshed) Self.Tell(message);
        // the crash arm (an acknowledged CrashOnNextMessage) is spent; the message it crashed is acknowledged when handled again
        if (reason is Chaos.InjectedCrashException && _crashCounted) Idle();
        base.PreRestart(reason, message);
    }

    protected override void PostRestart(Exception reason)
    {
        base.PostRestart(reason);
        _supervisor.Tell(new PositionRestarted(_id));
    }

    /// <summary>
    /// A passive position's actor, made when a message must reach it: built by a producer (no expression to evaluate)
    /// on the compact mailbox: a lingering actor holds no queue (about 1 KB less while it lingers), and a make allocates
    /// 7.1 KB instead of 7.4 (60,000 makes and stops, 3 rounds; the same CPU within the noise).
    /// </summary>
    public static Props PassiveProps(long id, IActorRef supervisor, PositionSnapshot? initial, long decisions) =>
        Akka.Actor.Props.CreateBy(new PassiveProducer(id, supervisor, initial, decisions)).WithDispatcher(AkkaConfig.Dispatcher).WithMailbox(CompactMailbox.Id);

    private sealed class PassiveProducer(long id, IActorRef supervisor, PositionSnapshot? initial, long decisions) : IIndirectActorProducer
    {
        public Type ActorType => typeof(PositionActor);
        public ActorBase Produce() => new PositionActor(id, supervisor, initial, recover: false, decisions, passive: true);
        public void Release(ActorBase actor) { }
    }

    public static Props Props(long id, IActorRef supervisor, PositionSnapshot? initial, bool recover = false, long decisions = 0, bool passive = false) =>
        Akka.Actor.Props.Create(() => new PositionActor(id, supervisor, initial, recover, decisions, passive)).WithDispatcher(AkkaConfig.Dispatcher).WithMailbox(CompactMailbox.Id);
}

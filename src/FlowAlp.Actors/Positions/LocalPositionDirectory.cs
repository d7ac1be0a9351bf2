using Akka.Actor;
using FlowAlp.Protocol.Positions;

namespace FlowAlp.Actors.Positions;

/// <summary>
/// The single-process directory: positions are passive entities (<see cref="PassiveEntities"/>). A position's state is
/// the pool's (the supervisor's dense tables) and its decision count is kept here, so a position that the screen says
/// nothing happens to costs 8 bytes and no message; its actor is made when a message must reach it (a rebalancer run
/// that wakes it, a crash fault, a reader asking for its ref) from the pool's copy, and stopped once it has answered
/// and <paramref name="lingerSeconds"/> of virtual time have passed since its last message. A lingering actor gets no
/// replica refreshes (the run that wakes it brings the block's snapshot), so lingering costs no message either.
/// </summary>
public sealed class LocalPositionDirectory(IActorContext context, ulong lingerSeconds = LocalPositionDirectory.DefaultLingerSeconds) : IPositionDirectory
{
    /// <summary>
    /// Ten virtual minutes: a position whose rebalancer runs every 5 or 10 minutes and wakes it run after run keeps one
    /// actor (made once) instead of one per run; a position the screen clears again is stopped 10 minutes later.
    /// </summary>
    public const ulong DefaultLingerSeconds = 600;

    private readonly PassiveEntities _actors = new(context, "p", lingerSeconds);
    private long[] _decisions = [];
    private int _count;
    private Func<long, PositionSnapshot?> _initial = _ => null;

    public static readonly PositionDirectoryFactory Factory = c => new LocalPositionDirectory(c);

    /// <summary>A directory whose idle position actors stay <paramref name="lingerSeconds"/> of virtual time (0: stopped as soon as they have answered).</summary>
    public static PositionDirectoryFactory Lingering(ulong lingerSeconds) => c => new LocalPositionDirectory(c, lingerSeconds);

    public int Count => _count;

    /// <summary>Every registered position is reachable: passive ones get an actor when a message must reach them.</summary>
    public int Live => _count;

    /// <summary>Positions that have an actor now (woken and not yet idle, crash-armed, or handed out by <see cref="ActorOf"/>).</summary>
    public int Materialised => _actors.LiveCount;

    /// <summary>Whether the position has an actor now.</summary>
    public bool IsMaterialised(long position) => _actors.IsLive(position);

    /// <summary>Whether the position's actor keeps a replica that commits must refresh (it is in use, not merely lingering).</summary>
    public bool KeepsReplica(long position) => _actors.IsInUse(position);

    /// <summary>The block's time: messages sent from now on are sent at it (for the linger).</summary>
    public void Advance(Protocol.Numerics.UFix64 now) => _actors.Advance(now);

    /// <summary>Stops the lingering actors whose linger has run out (at the end of each block).</summary>
    public int PassivateIdle() => _actors.PassivateIdle();

    /// <summary>How many times a position's actor was made so far.</summary>
    public long Materialisations => _actors.Materialised;

    public void Ensure(long count, Func<long, PositionSnapshot?> initial)
    {
        _initial = initial;
        if (count <= _count) return;
        _count = checked((int)count);
        if (_decisions.Length < _count) Array.Resize(ref _decisions, Math.Max(_count, _decisions.Length + _decisions.Length / 4 + 16));
    }

    public void Tell(long position, object message, IActorRef sender)
    {
        switch (message)
        {
            // a passive position keeps no replica: it is made from the pool's copy when it next must act
            case PositionRefreshed when !_actors.IsInUse(position): break;
            case PositionRefreshed or CrashOnNextMessage: _actors.Tell(position, () => Props(position, null), message, sender, acknowledged: true); break;
            case RebalanceDue m:
                _actors.Tell(position, () => Props(position, m.Snapshot), message, sender, acknowledged: true);
                _decisions[position]++; // counted as sent: the actor decides every copy it is sent
                break;
            case RestoreDecisions r: _decisions[position] = r.Count; break;
            default: _actors.Tell(position, () => Props(position, null), message, sender, acknowledged: false); break;
        }
    }

    /// <summary>The position's actor answered one acknowledged message (<see cref="PositionIdle"/>).</summary>
    public void Idle(long position) => _actors.Idle(position);

    /// <summary>The decisions the position has made (a statistic kept for its actor, which exists only when woken).</summary>
    public long Decisions(long position) => position >= 0 && position < _count ? _decisions[position] : 0;

    /// <summary>Hands out the position's actor, made if passive; it stays until it has answered a message the supervisor sends it.</summary>
    public IActorRef? ActorOf(long position)
    {
        if (position < 0 || position >= _count) return null;
        if (_actors.IsLive(position) && !_actors.IsInUse(position)) _actors.Stop(position); // a lingering actor's replica is stale: made afresh from the pool's copy
        return _actors.Materialise(position, () => Props(position, null));
    }

    private Props Props(long position, PositionSnapshot? snapshot) =>
        PositionActor.PassiveProps(position, context.Self, snapshot ?? _initial(position), _decisions[position]);
}

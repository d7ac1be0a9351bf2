using Akka.Actor;
using FlowAlp.Protocol.Positions;

namespace FlowAlp.Actors.Positions;

/// <summary>
/// The single-process directory: positions are passive entities (<see cref="PassiveEntities"/>). A position's state is
/// the pool's (the supervisor's dense tables) and its decision count is kept here, so a position that the screen says
/// nothing happens to costs 8 bytes and no message. A woken run of a position that has no actor is decided by the
/// position's host (<see cref="PositionHostActor"/>, one of a small fixed set, position id mod their count), in a batch
/// with the other woken runs of the host's positions: no actor is made for it. A position's own actor is made only when
/// a message must reach it (a crash fault, a reader asking for its ref; every run while message faults are active,
/// since faults act per message and per position), from the pool's copy, and stopped once it has answered and
/// <paramref name="lingerSeconds"/> of virtual time have passed since its last message. While it lives its runs go to
/// it. With <paramref name="hosts"/> = 0 every woken run goes to its position's actor (the engine before hosts).
/// </summary>
public sealed class LocalPositionDirectory(IActorContext context, ulong lingerSeconds = LocalPositionDirectory.DefaultLingerSeconds,
    int? hosts = null) : IPositionDirectory
{
    /// <summary>
    /// None: woken runs are decided by the hosts, so an actor is made only for a crash fault, a reader or a run under
    /// message faults, and a lingering one would only keep taking its position's runs one message each. Lingering paid
    /// when every woken run made an actor (<see cref="PerPositionActors"/> with 600 s: one actor per position woken run
    /// after run instead of one per run).
    /// </summary>
    public const ulong DefaultLingerSeconds = 0;

    /// <summary>Two hosts per dispatcher thread (at least 2): batches of a block decide in parallel on every core.</summary>
    public static int DefaultHosts => Math.Max(2, 2 * Environment.ProcessorCount);

    private readonly IActorRef?[] _hosts = new IActorRef?[hosts ?? DefaultHosts];

    private readonly PassiveEntities _actors = new(context, "p", lingerSeconds);
    private long[] _decisions = [];
    private int _count;
    private Func<long, PositionSnapshot?> _initial = _ => null;

    public static readonly PositionDirectoryFactory Factory = c => new LocalPositionDirectory(c);

    /// <summary>A directory whose idle position actors stay <paramref name="lingerSeconds"/> of virtual time (0: stopped as soon as they have answered).</summary>
    public static PositionDirectoryFactory Lingering(ulong lingerSeconds) => c => new LocalPositionDirectory(c, lingerSeconds);

    /// <summary>A directory without hosts: every woken run goes to its position's actor, made for it (lingering <paramref name="lingerSeconds"/>).</summary>
    public static PositionDirectoryFactory PerPositionActors(ulong lingerSeconds) => c => new LocalPositionDirectory(c, lingerSeconds, hosts: 0);

    /// <summary>How many woken runs were sent to a host so far (the others went to their position's actor).</summary>
    public long HostedRuns { get; private set; }

    /// <summary>How many position hosts decide woken runs (0: none, every run goes to its position's actor).</summary>
    public int Hosts => _hosts.Length;

    /// <summary>The host of the position's partition.</summary>
    public int HostOf(long position) => (int)(position % _hosts.Length);

    /// <summary>Whether a woken run of the position can be decided by its host: it has no actor of its own now.</summary>
    public bool Hosted(long position) => _hosts.Length > 0 && !_actors.IsLive(position);

    /// <summary>Sends a batch of woken runs to a host (made on first use); each run counts as a decision of its position.</summary>
    public void TellHost(int host, DecideRuns batch, IActorRef sender)
    {
        foreach (var run in batch.Runs) _decisions[run.Position]++; // counted as sent, as a position actor's runs are
        HostedRuns += batch.Runs.Length;
        (_hosts[host] ??= context.ActorOf(PositionHostActor.Props(), $"position-host-{host}")).Tell(batch, sender);
    }

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

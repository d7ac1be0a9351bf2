using Akka.Actor;
using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Actors.Positions;

/// <summary>
/// Entities kept passive (Akka's passivation of idle entities, done by the parent): an id has an actor only while a
/// message for it is outstanding, or for up to <paramref name="lingerSeconds"/> of virtual time after the last one it
/// was sent (Akka's passivate-idle-entity-after, on the engine's clock). The parent counts the messages it sends that the
/// entity will acknowledge; the entity acknowledges each when handled (its idle notice); when none is outstanding and
/// its linger has run out the parent stops it. An entity woken again within its linger is not made again: making and
/// stopping an actor costs Akka about 15 µs and 7 KB, far more than the message it carries. Its state lives in the
/// parent's dense tables meanwhile, so a passive entity costs no actor, mailbox or message.
/// </summary>
public sealed class PassiveEntities(IActorContext context, string prefix, ulong lingerSeconds = 0, int lingerCap = PassiveEntities.LingerCap)
{
    private sealed class Entry(IActorRef actor)
    {
        public IActorRef Actor => actor;
        public int Outstanding;
        public UFix64 LastSent;
        public bool HandedOut; // its ref was given out: it stays, and current, until it answers a counted message
    }

    /// <summary>
    /// Live actors beyond which an answered entity is stopped at once rather than left to linger: room for a study's
    /// positions woken run after run (10,000 High Tide positions at 20,000 agents, when every woken run went to its
    /// position's actor: <see cref="LocalPositionDirectory.PerPositionActors"/>), not for a crash's mass wake.
    /// </summary>
    public const int LingerCap = 16_384;

    private readonly Dictionary<long, Entry> _live = new();
    private readonly UFix64 _linger = UFix64.FromInteger(lingerSeconds);
    private readonly List<long> _expired = new();
    private long _made; // names are unique per materialisation: a stopped entity's name is taken until its parent sees it end
    private UFix64 _now = UFix64.Zero;

    /// <summary>Entities that have an actor now.</summary>
    public int LiveCount => _live.Count;

    /// <summary>How many times an entity was made (a statistic: how often the passive state had to become an actor).</summary>
    public long Materialised => _made;

    public bool IsLive(long id) => _live.ContainsKey(id);

    /// <summary>
    /// Whether the entity's actor is in use: a counted message is outstanding or its ref was handed out (an actor that
    /// only lingers is not: whatever it holds is replaced by the next message that wakes it).
    /// </summary>
    public bool IsInUse(long id) => _live.TryGetValue(id, out var e) && (e.Outstanding > 0 || e.HandedOut);

    /// <summary>The virtual time messages are sent at from now on (the block's time).</summary>
    public void Advance(UFix64 now) => _now = now;

    /// <summary>The entity's actor, made from <paramref name="props"/> if it is passive; it stays until it answers a counted message.</summary>
    public IActorRef Materialise(long id, Func<Props> props)
    {
        var e = Live(id, props);
        e.HandedOut = true;
        return e.Actor;
    }

    /// <summary>Sends to the entity (made first if passive); <paramref name="acknowledged"/>: the entity answers it with an idle notice.</summary>
    public void Tell(long id, Func<Props> props, object message, IActorRef sender, bool acknowledged)
    {
        var e = Live(id, props);
        if (acknowledged) e.Outstanding++;
        e.LastSent = _now;
        e.Actor.Tell(message, sender);
    }

    /// <summary>The entity's idle notice: one message handled. Returns true when it had none left and its linger had run out, so it was stopped.</summary>
    public bool Idle(long id)
    {
        if (!_live.TryGetValue(id, out var e) || --e.Outstanding > 0) return false;
        e.HandedOut = false;
        // lingers (stopped by PassivateIdle once its linger runs out), unless a mass wake has made more actors than
        // lingering is worth: a crash at 1M positions wakes 460k, and lingering kept them all (2.4 KB a position more)
        if (!Expired(e) && _live.Count <= lingerCap) return false;
        _live.Remove(id);
        context.Stop(e.Actor);
        return true;
    }

    /// <summary>Stops every lingering actor whose linger has run out (once per block). Returns how many.</summary>
    public int PassivateIdle()
    {
        if (_linger.IsZero || _live.Count == 0) return 0;
        _expired.Clear();
        foreach (var (id, e) in _live)
            if (e.Outstanding == 0 && !e.HandedOut && Expired(e)) _expired.Add(id);
        foreach (var id in _expired) Stop(id);
        return _expired.Count;
    }

    private bool Expired(Entry e) => e.LastSent + _linger <= _now;

    /// <summary>Stops the entity's actor, if it has one (the entity itself is gone).</summary>
    public void Stop(long id)
    {
        if (_live.Remove(id, out var e)) context.Stop(e.Actor);
    }

    private Entry Live(long id, Func<Props> props)
    {
        if (_live.TryGetValue(id, out var e)) return e;
        e = new Entry(context.ActorOf(props(), $"{prefix}{id}-{++_made}"));
        _live[id] = e;
        return e;
    }
}

/// <summary>Reads how many position and rebalancer actors exist now and how often positions were made (tests, benchmarks).</summary>
public sealed record GetPassivation;
/// <param name="HostedRuns">woken runs decided by position hosts (<see cref="PositionHostActor"/>), not by their position's actor</param>
public sealed record Passivation(int LivePositions, long PositionMaterialisations, int LiveRebalancers, long HostedRuns = 0);

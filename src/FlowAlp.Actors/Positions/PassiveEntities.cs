using Akka.Actor;

namespace FlowAlp.Actors.Positions;

/// <summary>
/// Entities kept passive (Akka's passivation of idle entities, done by the parent): an id has an actor only while a
/// message for it is outstanding. The parent counts the messages it sends that the entity will acknowledge; the
/// entity acknowledges each when handled (its idle notice); when none is outstanding the parent stops it. Its state
/// lives in the parent's dense tables meanwhile, so a passive entity costs no actor, mailbox or message.
/// </summary>
public sealed class PassiveEntities(IActorContext context, string prefix)
{
    private sealed class Entry(IActorRef actor)
    {
        public IActorRef Actor => actor;
        public int Outstanding;
    }

    private readonly Dictionary<long, Entry> _live = new();
    private long _made; // names are unique per materialisation: a stopped entity's name is taken until its parent sees it end

    /// <summary>Entities that have an actor now.</summary>
    public int LiveCount => _live.Count;

    /// <summary>How many times an entity was made (a statistic: how often the passive state had to become an actor).</summary>
    public long Materialised => _made;

    public bool IsLive(long id) => _live.ContainsKey(id);

    /// <summary>The entity's actor, made from <paramref name="props"/> if it is passive.</summary>
    public IActorRef Materialise(long id, Func<Props> props) => Live(id, props).Actor;

    /// <summary>Sends to the entity (made first if passive); <paramref name="acknowledged"/>: the entity answers it with an idle notice.</summary>
    public void Tell(long id, Func<Props> props, object message, IActorRef sender, bool acknowledged)
    {
        var e = Live(id, props);
        if (acknowledged) e.Outstanding++;
        e.Actor.Tell(message, sender);
    }

    /// <summary>The entity's idle notice: one message handled. Returns true when it had none left and was stopped.</summary>
    public bool Idle(long id)
    {
        if (!_live.TryGetValue(id, out var e) || --e.Outstanding > 0) return false;
        _live.Remove(id);
        context.Stop(e.Actor);
        return true;
    }

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
public sealed record Passivation(int LivePositions, long PositionMaterialisations, int LiveRebalancers);

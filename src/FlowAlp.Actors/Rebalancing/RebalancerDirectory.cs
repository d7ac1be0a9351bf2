using Akka.Actor;
using FlowAlp.Actors.Positions;
using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Actors.Rebalancing;

/// <summary>
/// The supervisor's rebalancers as passive entities (<see cref="PassiveEntities"/>): each rebalancer's record (runs,
/// rebalances, fixReschedules, failed schedules, last and next run) is a row of a dense table that the supervisor
/// updates as it applies outcomes, so an idle rebalancer costs one row and no message. Its actor is made, from the row,
/// when a message must reach it (a crash fault, a reader's query); while it lives outcomes go to it, and its record
/// comes back to the row with its last idle notice.
/// </summary>
public sealed class RebalancerDirectory(IActorContext context)
{
    /// <summary>40 bytes: the times as raw UFix64 with flags for "none" (a nullable UFix64 would take 16 bytes each).</summary>
    private struct Row
    {
        private const byte HasLast = 2, HasNext = 4;
        private ulong _lastRun, _nextRun;
        private byte _flags;
        public int Position;
        public int Runs, Rebalances, Fixed, Failed; // a year of 10-minute runs is 52,560: ints are plenty

        public bool Exists { readonly get => (_flags & 1) != 0; set => _flags = (byte)(value ? _flags | 1 : _flags & ~1); }
        public UFix64? LastRun { readonly get => (_flags & HasLast) != 0 ? UFix64.FromRaw(_lastRun) : null; set => (_lastRun, _flags) = Set(value, HasLast); }
        public UFix64? NextRun { readonly get => (_flags & HasNext) != 0 ? UFix64.FromRaw(_nextRun) : null; set => (_nextRun, _flags) = Set(value, HasNext); }

        private readonly (ulong, byte) Set(UFix64? v, byte flag) => v is { } x ? (x.Raw, (byte)(_flags | flag)) : (0UL, (byte)(_flags & ~flag));
    }

    private Row[] _rows = [];
    private readonly PassiveEntities _actors = new(context, "r");

    /// <summary>Rebalancers booked (not removed).</summary>
    public int Count { get; private set; }

    /// <summary>Rebalancers that have an actor now.</summary>
    public int Materialised => _actors.LiveCount;

    public bool IsLive(long id) => _actors.IsLive(id);

    public void Add(long id, long position)
    {
        // grown by a quarter, not doubled: the table is most of what an idle rebalancer costs
        if (_rows.Length <= id) Array.Resize(ref _rows, (int)Math.Max(id + 1, _rows.Length + _rows.Length / 4 + 16));
        if (!_rows[id].Exists) Count++;
        _rows[id] = new Row { Exists = true, Position = checked((int)position) };
    }

    public void Remove(long id)
    {
        if (!Exists(id)) return;
        _actors.Stop(id);
        _rows[id] = default;
        Count--;
    }

    public bool Exists(long id) => id >= 0 && id < _rows.Length && _rows[id].Exists;

    /// <summary>The booked rebalancers' ids, in id order.</summary>
    public IEnumerable<long> Ids()
    {
        for (long id = 0; id < _rows.Length; id++) if (_rows[id].Exists) yield return id;
    }

    /// <summary>A run's outcome or a fixReschedule (<see cref="RunApplied"/>, <see cref="Rescheduled"/>): to the actor while it lives, else to the row.</summary>
    public void Record(long id, object outcome, IActorRef sender)
    {
        if (!Exists(id)) return;
        if (_actors.IsLive(id)) { _actors.Tell(id, () => Props(id), outcome, sender, acknowledged: true); return; }
        ref var r = ref _rows[id];
        switch (outcome)
        {
            case RunApplied m:
                r.Runs++; r.LastRun = m.Time; r.NextRun = m.NextRun;
                if (m.Rebalanced) r.Rebalances++;
                if (m.NextRun is null) r.Failed++;
                break;
            case Rescheduled m: r.Fixed++; r.NextRun = m.NextRun; break;
            default: throw new ArgumentException($"outcome: {outcome.GetType().Name} is not a rebalancer outcome");
        }
    }

    /// <summary>A run's outcome: to the row while passive, with no message made (the common case, once per run).</summary>
    public void Applied(long id, UFix64 time, bool rebalanced, UFix64? next, IActorRef sender)
    {
        if (!Exists(id)) return;
        if (_actors.IsLive(id)) { Record(id, new RunApplied(time, rebalanced, next), sender); return; }
        ref var r = ref _rows[id];
        r.Runs++; r.LastRun = time; r.NextRun = next;
        if (rebalanced) r.Rebalances++;
        if (next is null) r.Failed++;
    }

    /// <summary>A message that must reach the rebalancer's actor (a crash fault, a query): the actor is made if passive.</summary>
    public void Tell(long id, object message, IActorRef sender)
    {
        if (Exists(id)) _actors.Tell(id, () => Props(id), message, sender, acknowledged: true);
    }

    /// <summary>The actor's idle notice: when it has nothing left it is stopped and its record is the row again.</summary>
    public void Idle(RebalancerIdle m)
    {
        if (!Exists(m.Id) || !_actors.Idle(m.Id)) return;
        Restore(m.Record);
    }

    /// <summary>The row as the actor's record (for a passive rebalancer; a live one answers <see cref="GetRebalancerState"/> itself).</summary>
    public RebalancerState State(long id)
    {
        var r = _rows[id];
        return new RebalancerState(id, r.Position, r.Runs, r.Rebalances, r.Fixed, r.Failed, r.LastRun, r.NextRun);
    }

    /// <summary>A record from a state snapshot or a passivating actor becomes the row.</summary>
    public void Restore(RebalancerState s)
    {
        if (!Exists(s.Id)) Add(s.Id, s.Position);
        _rows[s.Id] = new Row
        {
            Exists = true, Position = checked((int)s.Position), Runs = (int)s.Runs, Rebalances = (int)s.Rebalances, Fixed = (int)s.FixedReschedules,
            Failed = (int)s.FailedSchedules, LastRun = s.LastRun, NextRun = s.NextRun,
        };
    }

    private Props Props(long id) => RebalancerActor.Props(State(id));
}

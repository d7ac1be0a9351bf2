using Akka.Actor;
using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Actors.Rebalancing;

public sealed record RegisterPaidRebalancer(long Position);
/// <summary>Asks the cron whether it runs at this tick; it answers with the positions whose rebalancers it will fix.</summary>
public sealed record CronDue(long Tick, UFix64 Time);
public sealed record CronRun(long Tick, bool Executed, IReadOnlyList<long> Positions);
/// <summary>The supervisor found no rebalancer for these positions: drop them (RemovedPaidRebalancer).</summary>
public sealed record PruneRebalancers(IReadOnlyList<long> Positions);
/// <summary>Fault injection: the cron does not run until this time (a supervisor outage).</summary>
public sealed record CronOutageUntil(UFix64 Time);

/// <summary>
/// FlowALPSupervisorv1: a cron (hourly by default) that, each time it runs, calls fixReschedule for every registered
/// paid rebalancer's position and prunes ids whose rebalancer no longer exists. It never rebalances by itself.
/// Its next run is the cron time after the current one; missed runs are not replayed.
/// </summary>
public sealed class RebalanceSupervisorActor : ReceiveActor
{
    private readonly SortedSet<long> _registered = new();
    private UFix64 _nextRun;
    private UFix64 _outageUntil = UFix64.Zero;

    public RebalanceSupervisorActor(ulong cronSeconds, UFix64 start)
    {
        if (cronSeconds == 0) throw new ArgumentException("cronSeconds: must be greater than 0");
        var every = UFix64.FromInteger(cronSeconds);
        _nextRun = UFix64.FromInteger((start.Floor / cronSeconds + 1) * cronSeconds);
        Receive<RegisterPaidRebalancer>(m => _registered.Add(m.Position));
        Receive<CronOutageUntil>(m => _outageUntil = m.Time);
        Receive<CronDue>(m =>
        {
            if (m.Time < _nextRun || m.Time < _outageUntil) { Sender.Tell(new CronRun(m.Tick, false, Array.Empty<long>())); return; }
            while (_nextRun <= m.Time) _nextRun += every;
            Sender.Tell(new CronRun(m.Tick, true, _registered.ToList()));
        });
        Receive<PruneRebalancers>(m => { foreach (var p in m.Positions) _registered.Remove(p); });
    }

    public static Props Props(ulong cronSeconds, UFix64 start) => Akka.Actor.Props.Create(() => new RebalanceSupervisorActor(cronSeconds, start));
}

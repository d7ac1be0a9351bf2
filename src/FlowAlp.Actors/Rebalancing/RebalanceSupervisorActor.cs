using Akka.Actor;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Engine.Rebalancing;

namespace FlowAlp.Actors.Rebalancing;

public sealed record RegisterPaidRebalancer(long Position);
/// <summary>Asks the cron whether it runs at this tick; it answers with the positions whose rebalancers it will fix.</summary>
public sealed record CronDue(long Tick, UFix64 Time);
public sealed record CronRun(long Tick, bool Executed, IReadOnlyList<long> Positions);
/// <summary>The supervisor found no rebalancer for these positions: drop them (RemovedPaidRebalancer).</summary>
public sealed record PruneRebalancers(IReadOnlyList<long> Positions);
/// <summary>Fault injection: the cron does not run until this time (a supervisor outage).</summary>
public sealed record CronOutageUntil(UFix64 Time);

/// <summary>The rebalance supervisor (FlowALPSupervisorv1) as an actor around its <see cref="CronSchedule"/>.</summary>
public sealed class RebalanceSupervisorActor : ReceiveActor
{
    /// <param name="cron">its state, held by the Props, so a restarted cron carries on with its registrations</param>
    public RebalanceSupervisorActor(CronSchedule cron)
    {
        Receive<RegisterPaidRebalancer>(m => cron.Register(m.Position));
        Receive<CronOutageUntil>(m => cron.OutageUntil = m.Time);
        Receive<CronDue>(m => Sender.Tell(cron.Due(m.Time) is { } ids ? new CronRun(m.Tick, true, ids) : new CronRun(m.Tick, false, Array.Empty<long>())));
        Receive<PruneRebalancers>(m => cron.Prune(m.Positions));
    }

    public static Props Props(CronSchedule cron) => Akka.Actor.Props.Create(() => new RebalanceSupervisorActor(cron));
}

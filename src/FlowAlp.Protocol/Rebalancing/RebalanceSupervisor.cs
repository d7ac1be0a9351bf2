using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Protocol.Rebalancing;

/// <summary>
/// FlowALPSupervisorv1: a cron handler that only recovers stuck schedules. Each tick emits Executed and calls
/// fixReschedule for every registered paid-rebalancer position; positions whose rebalancer is gone are pruned
/// (RemovedPaidRebalancer). Ticks fall on multiples of the period ("0 * * * *" = 3600 s); a late tick runs once and
/// books the next boundary after now. Its own scheduler fees are not modelled.
/// </summary>
public sealed class RebalanceSupervisor : IScheduledHandler
{
    private readonly RebalanceScheduler _scheduler;
    private readonly PaidRebalancerRegistry _registry;
    private SortedSet<long> _positions = new();

    public ulong PeriodSeconds { get; }
    public int Ticks { get; private set; }
    public IReadOnlyCollection<long> Positions => _positions;

    public RebalanceSupervisor(RebalanceScheduler scheduler, PaidRebalancerRegistry registry, ulong periodSeconds = 3600)
    {
        if (periodSeconds == 0) throw new ProtocolException("Invalid cron period: must be greater than 0");
        _scheduler = scheduler;
        _registry = registry;
        PeriodSeconds = periodSeconds;
    }

    private SortedSet<long> Touch()
    {
        _scheduler.Transactions.Touch(this, () =>
        {
            var saved = _positions; int ticks = Ticks;
            _positions = new(saved);
            return () => { _positions = saved; Ticks = ticks; };
        });
        return _positions;
    }

    /// <summary>Books the first tick at the next cron boundary after now.</summary>
    public void Start() => _scheduler.Transactions.Run(ScheduleNextTick);

    public void AddPaidRebalancer(long positionId) => _scheduler.Transactions.Run(() =>
    {
        if (Touch().Add(positionId)) _scheduler.Events.Emit(new AddedPaidRebalancer(positionId));
    });

    public void RemovePaidRebalancer(long positionId) => _scheduler.Transactions.Run(() =>
    {
        if (Touch().Remove(positionId)) _scheduler.Events.Emit(new RemovedPaidRebalancer(positionId));
    });

    public void ExecuteTransaction(ScheduledRun run) => _scheduler.Transactions.Run(() =>
    {
        var positions = Touch();
        Ticks++;
        _scheduler.Events.Emit(new SupervisorExecuted(_scheduler.Now));
        foreach (long pid in positions.ToList())
        {
            if (_registry.Exists(pid)) _registry.FixReschedule(pid);
            else if (positions.Remove(pid)) _scheduler.Events.Emit(new RemovedPaidRebalancer(pid));
        }
        ScheduleNextTick();
    });

    private void ScheduleNextTick()
    {
        ulong next = (_scheduler.Now.Floor / PeriodSeconds + 1) * PeriodSeconds;
        _scheduler.Schedule(this, UFix64.FromInteger(next), UFix64.Zero);
    }
}

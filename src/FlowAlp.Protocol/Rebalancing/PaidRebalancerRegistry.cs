namespace FlowAlp.Protocol.Rebalancing;

/// <summary>
/// FlowALPRebalancerPaidv1: the protocol-paid rebalancers, at most one per position (spam resistance), all on the
/// admin's default config and funder. Creating one schedules its first run at creation + interval.
/// </summary>
public sealed class PaidRebalancerRegistry
{
    private readonly RebalanceScheduler _scheduler;
    private Dictionary<long, Rebalancer> _byPosition = new();
    private RecurringConfig _default;

    public PaidRebalancerRegistry(RebalanceScheduler scheduler, RecurringConfig defaultConfig)
    {
        _scheduler = scheduler;
        _default = defaultConfig;
    }

    public RecurringConfig DefaultConfig => _default;
    public IReadOnlyCollection<long> Positions => _byPosition.Keys;
    public bool Exists(long positionId) => _byPosition.ContainsKey(positionId);
    public Rebalancer? Find(long positionId) => _byPosition.GetValueOrDefault(positionId);

    private Dictionary<long, Rebalancer> Touch()
    {
        _scheduler.Transactions.Touch(this, () =>
        {
            var saved = _byPosition; var savedDefault = _default;
            _byPosition = new(saved);
            return () => { _byPosition = saved; _default = savedDefault; };
        });
        return _byPosition;
    }

    /// <summary>createPaidRebalancer: stores the rebalancer keyed by position, applies the default config, calls fixReschedule.</summary>
    public Rebalancer Create(IRebalanceTarget target) => _scheduler.Transactions.Run(() =>
    {
        if (Exists(target.PositionId)) throw new ProtocolException("rebalancer already exists");
        var r = new Rebalancer(_scheduler, target, _default);
        Touch()[target.PositionId] = r;
        _scheduler.Events.Emit(new CreatedRebalancerPaid(r.Id, target.PositionId));
        r.FixReschedule();
        return r;
    });

    /// <summary>The public fixReschedule of a RebalancerPaid handle.</summary>
    public void FixReschedule(long positionId) => Get(positionId).FixReschedule();

    /// <summary>delete (user handle) / removeRebalancer (admin): cancels pending runs, then forgets the position.</summary>
    public void Delete(long positionId) => _scheduler.Transactions.Run(() =>
    {
        var r = Get(positionId);
        r.Destroy();
        Touch().Remove(positionId);
        _scheduler.Events.Emit(new RemovedRebalancerPaid(r.Id, positionId));
    });

    /// <summary>Admin: a specific rebalancer's config (cancels and reschedules, see <see cref="Rebalancer.SetRecurringConfig"/>).</summary>
    public void SetConfig(long positionId, RecurringConfig config) => Get(positionId).SetRecurringConfig(config);

    /// <summary>Admin: the config future paid rebalancers start with; existing ones keep theirs.</summary>
    public void SetDefaultConfig(RecurringConfig config) => _scheduler.Transactions.Run(() =>
    {
        Touch();
        _default = config;
        _scheduler.Events.Emit(new UpdatedDefaultRecurringConfig(config.Interval, config.ForceRebalance));
    });

    private Rebalancer Get(long positionId) =>
        Find(positionId) ?? throw new ProtocolException($"no paid rebalancer for position {positionId}");
}

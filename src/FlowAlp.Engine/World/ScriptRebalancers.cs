using FlowAlp.Protocol;
using FlowAlp.Protocol.Connectors;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Engine.Operations;
using FlowAlp.Protocol.Rebalancing;

namespace FlowAlp.Engine.World;

/// <summary>
/// The scheduled rebalancers a script drives (createRebalancer / fixReschedule / deleteRebalancer, spec §4.8), one
/// per position. Paid ones use the admin's default config, paid by the "admin" account's FLOW; standard ones run on
/// the script's interval and force flag, Medium priority, effort 1000, margin 1.05, paid by the named funder's FLOW.
/// The supervisor cron is not started in scripts: its hourly Executed events would appear on every long advanceTime.
/// </summary>
public sealed class ScriptRebalancers
{
    /// <summary>The account whose FLOW pays for paid rebalancers (the protocol's admin).</summary>
    public const string AdminAccount = "admin";

    private readonly ScriptWorld _world;
    private readonly Dictionary<long, Rebalancer> _latest = new(); // kept after deletion, for rebalancerRuns
    private readonly HashSet<long> _paid = new();

    public RebalancerEventLog Events { get; }
    public RebalanceScheduler Scheduler { get; }
    public PaidRebalancerRegistry Paid { get; }

    public ScriptRebalancers(ScriptWorld world)
    {
        _world = world;
        Events = new RebalancerEventLog(world.Tx);
        Scheduler = new RebalanceScheduler(world.Tx, world.Pool.Clock, Events); // a named method: a state snapshot can restore it
        Paid = new PaidRebalancerRegistry(Scheduler, RecurringConfig.PaidDefault(FunderOf(AdminAccount)));
    }

    private TxFunder FunderOf(string account) =>
        new(new WalletSource(_world.Accounts, account, TxFunder.FeeToken), new WalletSink(_world.Accounts, account, TxFunder.FeeToken));

    /// <summary>Runs inside the step's transaction: a refusal leaves no rebalancer, no fee paid, no event.</summary>
    public void Create(CreateRebalancerStep s)
    {
        _world.Pool.PositionOf(s.Position); // the capability must point at a real position
        if (_latest.TryGetValue(s.Position, out var live) && !live.IsDestroyed) throw new ProtocolException("rebalancer already exists");
        var target = new PoolRebalanceTarget(_world.Pool, s.Position);
        Rebalancer r;
        if (s.Paid)
        {
            r = Paid.Create(target);
        }
        else
        {
            if (s.Funder is not { } funder) throw new ProtocolException("Invalid txFunder: a standard rebalancer needs a funder account");
            if (s.Interval.Raw % UFix64.Scale != 0) throw new ProtocolException($"Invalid interval: {s.Interval} - must be whole seconds");
            var config = RecurringConfig.Create(s.Interval.Floor, SchedulerPriority.Medium, 1000, UFix64.Parse("1.05"), s.Force, FunderOf(funder), Scheduler.Config);
            r = new Rebalancer(Scheduler, target, config);
            r.FixReschedule(); // the user's set-up transaction starts the schedule
        }
        // Recorded last, with undo, so a later failure in the same transaction forgets it too.
        var previous = _latest.GetValueOrDefault(s.Position);
        bool wasPaid = _paid.Contains(s.Position);
        _latest[s.Position] = r;
        if (s.Paid) _paid.Add(s.Position); else _paid.Remove(s.Position);
        _world.Tx.OnRollback(() =>
        {
            if (previous is null) _latest.Remove(s.Position); else _latest[s.Position] = previous;
            if (wasPaid) _paid.Add(s.Position); else _paid.Remove(s.Position);
        });
    }

    public void FixReschedule(long position) => Live(position).FixReschedule();

    public void Delete(long position)
    {
        var r = Live(position);
        if (_paid.Contains(position)) Paid.Delete(position);
        else r.Destroy();
    }

    /// <summary>The rebalancer last created for the position (deleted or not), for the rebalancerRuns query.</summary>
    public Rebalancer Latest(long position) =>
        _latest.GetValueOrDefault(position) ?? throw new ProtocolException($"no rebalancer for position {position}");

    private Rebalancer Live(long position) =>
        _latest.TryGetValue(position, out var r) && !r.IsDestroyed ? r : throw new ProtocolException($"no rebalancer for position {position}");
}

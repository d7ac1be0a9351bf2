namespace FlowAlp.Actors.Pool;

/// <summary>
/// The pool supervisor's place in a tick, in the order the phases run (PoolSupervisor.TickPhases.cs moves between them).
/// Idle: between ticks, operations are handled; every other phase stashes them until the tick is done.
/// </summary>
public enum TickPhase
{
    /// <summary>Between ticks.</summary>
    Idle,
    /// <summary>The clock has moved; every oracle reports its price at the new time (a barrier), applied in token order.</summary>
    Prices,
    /// <summary>Due rebalancers run: woken positions decide (a barrier), runs apply by (due time, id).</summary>
    Rebalancers,
    /// <summary>The rebalance supervisor's cron repairs idle schedules (a barrier, when it is enabled).</summary>
    Cron,
    /// <summary>Pool keepers decide on the block's observation of the strategy pool (a barrier); their trades apply in keeper order.</summary>
    Keepers,
    /// <summary>Liquidators post offers on the block's DEX view (barriers), applied in canonical order.</summary>
    Liquidations,
    /// <summary>Counters folded into totals; TickDone goes to whoever asked for the tick.</summary>
    Finishing,
}

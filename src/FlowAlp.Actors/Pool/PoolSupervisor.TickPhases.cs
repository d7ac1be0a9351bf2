using Akka.Event;

namespace FlowAlp.Actors.Pool;

/// <summary>
/// The tick as named phases (<see cref="TickPhase"/>): each phase starts its requests and, when its barrier has every
/// reply (or at once, when it waits for none), calls <see cref="PhaseDone"/>, which enters the next one. Each move is
/// logged at Debug as "tick N: From -> To", so a stuck tick shows the phase it is stuck in.
/// </summary>
public sealed partial class PoolSupervisor
{
    private TickPhase _phase = TickPhase.Idle;

    /// <summary>The phase that follows <paramref name="phase"/> in every tick.</summary>
    internal static TickPhase After(TickPhase phase) => phase switch
    {
        TickPhase.Idle => TickPhase.Prices,
        TickPhase.Prices => TickPhase.Rebalancers,
        TickPhase.Rebalancers => TickPhase.Cron,
        TickPhase.Cron => TickPhase.Keepers,
        TickPhase.Keepers => TickPhase.Liquidations,
        TickPhase.Liquidations => TickPhase.Finishing,
        _ => TickPhase.Idle,
    };

    /// <summary>The current phase is done: enter the next.</summary>
    private void PhaseDone() => Enter(After(_phase));

    private void Enter(TickPhase next)
    {
        if (_logger.IsDebugEnabled) _logger.Debug("tick {Tick}: {From:l} -> {To:l}", _tick, _phase.ToString(), next.ToString()); // names as literal text, unquoted in every sink
        _phase = next;
        switch (next)
        {
            case TickPhase.Prices: RequestPrices(); break;
            case TickPhase.Rebalancers: RunDueRebalancers(); break;
            case TickPhase.Cron: RunCron(); break;
            case TickPhase.Keepers: RunKeepers(); break;
            case TickPhase.Liquidations: RunLiquidations(); break;
            case TickPhase.Finishing: FinishTick(); break;
        }
    }
}

using FlowAlp.Engine.Chaos;

namespace FlowAlp.Engine.Core;

/// <summary>The core's chaos part (<see cref="ChaosControls"/>: fault effects on the core's state), and where the core consults it.</summary>
public sealed partial class PoolCore
{
    private ChaosControls? _chaos;

    /// <summary>The fault effects on the core's state; both hosts apply faults through it (<see cref="ChaosControls.Inject"/>).</summary>
    public ChaosControls Chaos => _chaos ??= new ChaosControls(this);

    /// <summary>The rebalancer's interval now: its own, times the stretch in force.</summary>
    private ulong IntervalOf(Booking b) => _chaos is null ? b.Spec.IntervalSeconds : _chaos.IntervalOf(b.Spec.IntervalSeconds);

    private bool IsIneffective(long position) => _chaos is not null && _chaos.IsIneffective(position);
}

using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Protocol.Rebalancing;

/// <summary>
/// The parts of FlowTransactionScheduler's and FlowFees' configuration a rebalancer's fee depends on.
/// None of these numbers is asserted by any FlowALP test (spec §9 gives only the 0.00001 inclusion add-on), so they
/// are settable; the defaults are the scheduler's documented defaults (effort bounds 10..9999, priority multipliers
/// High 10 / Medium 5 / Low 2, refund 50 %) and the emulator's fee parameters (surge 1.0, inclusion effort cost
/// 0.000001, execution effort cost 4.99).
/// </summary>
public sealed record SchedulerConfig
{
    public ulong MinimumExecutionEffort { get; init; } = 10;
    public ulong MaximumIndividualEffort { get; init; } = 9999;
    public UFix64 SurgeFactor { get; init; } = UFix64.One;
    public UFix64 InclusionEffortCost { get; init; } = UFix64.Parse("0.000001");
    public UFix64 ExecutionEffortCost { get; init; } = UFix64.Parse("4.99");
    public UFix64 HighMultiplier { get; init; } = UFix64.FromInteger(10);
    public UFix64 MediumMultiplier { get; init; } = UFix64.FromInteger(5);
    public UFix64 LowMultiplier { get; init; } = UFix64.FromInteger(2);
    /// <summary>Share of the paid fee a cancelled (still Scheduled) run returns to the funder.</summary>
    public UFix64 RefundMultiplier { get; init; } = UFix64.Parse("0.5");

    public static SchedulerConfig Default { get; } = new();

    public UFix64 PriorityMultiplier(SchedulerPriority p) => p switch
    {
        SchedulerPriority.High => HighMultiplier,
        SchedulerPriority.Medium => MediumMultiplier,
        _ => LowMultiplier,
    };
}

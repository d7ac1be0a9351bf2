using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Protocol.Rebalancing;

/// <summary>
/// How often and how a rebalancer runs and who pays (FlowALPRebalancerv1.RecurringConfig, spec §4.8). Build it with
/// <see cref="Create"/>: the contract's preconditions, each failure naming the offending field.
/// </summary>
public sealed record RecurringConfig
{
    public ulong Interval { get; }
    public SchedulerPriority Priority { get; }
    public ulong ExecutionEffort { get; }
    /// <summary>Multiplies the fee estimate: what is actually withdrawn from the funder per scheduled run.</summary>
    public UFix64 EstimationMargin { get; }
    /// <summary>Passed to rebalance(force) on every run.</summary>
    public bool ForceRebalance { get; }
    public TxFunder TxFunder { get; }

    private RecurringConfig(ulong interval, SchedulerPriority priority, ulong effort, UFix64 margin, bool force, TxFunder funder)
    {
        Interval = interval; Priority = priority; ExecutionEffort = effort; EstimationMargin = margin; ForceRebalance = force; TxFunder = funder;
    }

    public static RecurringConfig Create(ulong interval, SchedulerPriority priority, ulong executionEffort, UFix64 estimationMargin,
        bool forceRebalance, TxFunder txFunder, SchedulerConfig? scheduler = null)
    {
        var s = scheduler ?? SchedulerConfig.Default;
        if (interval == 0) throw new ProtocolException($"Invalid interval: {interval} - must be greater than 0");
        // Seconds are UFix64 on chain; an interval past its integer range could never be scheduled.
        if (interval >= UFix64.Max.Floor) throw new ProtocolException($"Invalid interval: {interval} - must be less than {UFix64.Max.Floor}");
        if (priority == SchedulerPriority.High) throw new ProtocolException("Invalid priority: High - must not be High");
        if (txFunder.Source.TokenType != TxFunder.FeeToken)
            throw new ProtocolException($"Invalid txFunder: {txFunder.Source.TokenType} - must provide {TxFunder.FeeToken}");
        if (txFunder.Sink.TokenType != TxFunder.FeeToken)
            throw new ProtocolException($"Invalid txFunder: {txFunder.Sink.TokenType} - must accept {TxFunder.FeeToken}");
        if (executionEffort < s.MinimumExecutionEffort)
            throw new ProtocolException($"Invalid execution effort: {executionEffort} - must be greater than or equal to the minimum execution effort of {s.MinimumExecutionEffort}");
        if (executionEffort > s.MaximumIndividualEffort)
            throw new ProtocolException($"Invalid execution effort: {executionEffort} - must be less than or equal to the maximum individual effort of {s.MaximumIndividualEffort}");
        return new RecurringConfig(interval, priority, executionEffort, estimationMargin, forceRebalance, txFunder);
    }

    /// <summary>The paid rebalancers' test default (spec §9): 100 s, Medium, effort 1000, margin 1.05, force false.</summary>
    public static RecurringConfig PaidDefault(TxFunder adminFunder, SchedulerConfig? scheduler = null) =>
        Create(100, SchedulerPriority.Medium, 1000, UFix64.Parse("1.05"), false, adminFunder, scheduler);

    public RecurringConfig WithInterval(ulong interval) => Create(interval, Priority, ExecutionEffort, EstimationMargin, ForceRebalance, TxFunder);
}

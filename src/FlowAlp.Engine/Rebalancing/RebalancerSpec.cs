using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Engine.Rebalancing;

/// <summary>
/// A scheduled rebalancer's RecurringConfig as the engine needs it (spec §4.8): the interval in virtual seconds, whether
/// runs force the rebalance, the fee each scheduling costs (feeWithMargin, in <see cref="FeeToken"/>) and the account
/// of the txFunder that pays it. Paid rebalancers are the protocol's (admin funder); at most one per position.
/// </summary>
public sealed record RebalancerSpec(ulong IntervalSeconds, bool Force, UFix64 FeeWithMargin, string FeeToken, string Funder, bool Paid = true)
{
    public void Validate()
    {
        if (IntervalSeconds == 0) throw new ArgumentException("interval: must be greater than 0 seconds");
        if (string.IsNullOrWhiteSpace(FeeToken)) throw new ArgumentException("feeToken: required");
        if (string.IsNullOrWhiteSpace(Funder)) throw new ArgumentException("funder: required");
    }
}

/// <summary>The schedule rule of FlowALPRebalancerv1: next = last run + interval, never earlier than now + 1 s; missed periods are not replayed.</summary>
internal static class RecurringSchedule
{
    public static UFix64 NextRun(UFix64 lastRun, ulong interval, UFix64 now)
    {
        UFix64 next = lastRun + UFix64.FromInteger(interval);
        UFix64 earliest = now + UFix64.One;
        return next < earliest ? earliest : next;
    }
}

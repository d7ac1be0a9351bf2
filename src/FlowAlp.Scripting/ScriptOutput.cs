using System.Text.Json.Nodes;
using FlowAlp.Protocol.Events;
using FlowAlp.Protocol.Rebalancing;

namespace FlowAlp.Scripting;

/// <summary>Event shapes of the script output (protocol-script.md "Result and event shapes"); values as exact strings.</summary>
public static class ScriptOutput
{
    public static JsonArray Events(IEnumerable<object> events)
    {
        var array = new JsonArray();
        foreach (var e in events) array.Add(Event(e));
        return array;
    }

    public static JsonObject Event(object e) => e switch
    {
        Opened x => Obj("Opened", ("position", x.Position)),
        Deposited x => Obj("Deposited", ("position", x.Position), ("token", x.Token), ("amount", x.Amount.ToString())),
        Withdrawn x => Obj("Withdrawn", ("position", x.Position), ("token", x.Token), ("amount", x.Amount.ToString())),
        Rebalanced x => Obj("Rebalanced", ("position", x.Position), ("atHealth", x.AtHealth.ToString()), ("amount", x.Amount.ToString()), ("fromUnder", x.FromUnder)),
        LiquidationExecuted x => Obj("LiquidationExecuted", ("position", x.Position), ("debtToken", x.DebtToken), ("repayAmount", x.RepayAmount.ToString()),
            ("seizeToken", x.SeizeToken), ("seizeAmount", x.SeizeAmount.ToString()), ("newHealth", x.NewHealth.ToString())),
        DepositCapacityConsumed x => Obj("DepositCapacityConsumed", ("position", x.Position), ("token", x.Token), ("amount", x.Amount.ToString()),
            ("remainingCapacity", x.RemainingCapacity.ToString())),
        DepositCapacityRegenerated x => Obj("DepositCapacityRegenerated", ("token", x.Token), ("oldCapacityCap", x.OldCapacityCap.ToString()),
            ("newCapacityCap", x.NewCapacityCap.ToString())),
        InsuranceFeeCollected x => Obj("InsuranceFeeCollected", ("token", x.Token), ("amount", x.Amount.ToString()), ("collectionTime", x.CollectionTime.ToString())),
        StabilityFeeCollected x => Obj("StabilityFeeCollected", ("token", x.Token), ("amount", x.Amount.ToString()), ("collectionTime", x.CollectionTime.ToString())),
        StabilityFundWithdrawn x => Obj("StabilityFundWithdrawn", ("token", x.Token), ("amount", x.Amount.ToString())),
        InterestCurveUpdated x => Obj("InterestCurveUpdated", ("token", x.Token), ("curveType", x.CurveType)),
        InsuranceRateUpdated x => Obj("InsuranceRateUpdated", ("token", x.Token), ("rate", x.Rate.ToString())),
        StabilityFeeRateUpdated x => Obj("StabilityFeeRateUpdated", ("token", x.Token), ("rate", x.Rate.ToString())),
        PoolPaused => Obj("PoolPaused"),
        PoolUnpaused x => Obj("PoolUnpaused", ("warmupEndsAt", x.WarmupEndsAt.ToString())),
        PriceOracleUpdated x => Obj("PriceOracleUpdated", ("oracleType", x.OracleType)),
        RebalancerRun x => WithNextRun(Obj("RebalancerRun", ("position", x.Position), ("rebalancer", x.Rebalancer), ("force", x.Force),
            ("time", x.Time.ToString()), ("scheduledRun", (long)x.ScheduledRun)), x.NextRun),
        RebalanceFailed x => Obj("RebalanceFailed", ("position", x.Position), ("rebalancer", x.Rebalancer), ("reason", x.Reason)),
        FixedReschedule x => Obj("FixedReschedule", ("position", x.Position), ("rebalancer", x.Rebalancer), ("nextRun", x.NextRun.ToString())),
        FailedRecurringSchedule x => Obj("FailedRecurringSchedule", ("position", x.Position), ("rebalancer", x.Rebalancer), ("error", x.Error)),
        CreatedRebalancer x => Obj("CreatedRebalancer", ("position", x.Position), ("rebalancer", x.Rebalancer)),
        CreatedRebalancerPaid x => Obj("CreatedRebalancerPaid", ("position", x.Position), ("rebalancer", x.Rebalancer)),
        RemovedRebalancerPaid x => Obj("RemovedRebalancerPaid", ("position", x.Position), ("rebalancer", x.Rebalancer)),
        SupervisorExecuted x => Obj("Executed", ("time", x.Time.ToString())),
        AddedPaidRebalancer x => Obj("AddedPaidRebalancer", ("position", x.Position)),
        RemovedPaidRebalancer x => Obj("RemovedPaidRebalancer", ("position", x.Position)),
        ScheduledRunFailed x => Obj("ScheduledRunFailed", ("scheduledRun", (long)x.ScheduledRun), ("reason", x.Reason)),
        _ => Obj(e.GetType().Name),
    };

    /// <summary>nextRun: the next scheduled time, or null when the rebalancer could not book one (now idle).</summary>
    private static JsonObject WithNextRun(JsonObject o, Protocol.Numerics.UFix64? next)
    {
        o["nextRun"] = next?.ToString();
        return o;
    }

    internal static JsonObject Obj(string type, params (string Key, object Value)[] fields)
    {
        var o = new JsonObject { ["type"] = type };
        foreach (var (k, v) in fields)
            o[k] = v switch
            {
                long l => JsonValue.Create(l),
                int i => JsonValue.Create(i),
                bool b => JsonValue.Create(b),
                string s => JsonValue.Create(s),
                _ => JsonValue.Create(v.ToString()),
            };
        return o;
    }
}

using System.Globalization;
using System.Text.Json;
using FlowAlp.Protocol.Events;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Protocol.Rebalancing;

namespace FlowAlp.Engine.Core;

/// <summary>
/// The JSON shape of every typed event (protocol-script.md "Result and event shapes"; values as exact strings), written
/// straight to a <see cref="Utf8JsonWriter"/>: the event log and the script line both use it, so their bytes agree.
/// </summary>
public static class EventJson
{
    public static void Write(Utf8JsonWriter w, object e)
    {
        switch (e)
        {
            case Opened x: Obj(w, "Opened", ("position", x.Position)); break;
            // the events of every top-up and liquidation, written from their values (the same bytes as the Obj form; no
            // field array, no boxes)
            case Deposited x:
                Begin(w, DepositedType);
                w.WriteNumber(PositionName, x.Position);
                w.WriteString(TokenName, x.Token);
                Fixed(w, AmountName, x.Amount);
                w.WriteEndObject();
                break;
            case Withdrawn x: Obj(w, "Withdrawn", ("position", x.Position), ("token", x.Token), ("amount", x.Amount)); break;
            case Rebalanced x:
                Begin(w, RebalancedType);
                w.WriteNumber(PositionName, x.Position);
                w.WriteString(AtHealthName, x.AtHealth.ToString());
                Fixed(w, AmountName, x.Amount);
                w.WriteBoolean(FromUnderName, x.FromUnder);
                w.WriteEndObject();
                break;
            case LiquidationExecuted x:
                Begin(w, LiquidationExecutedType);
                w.WriteNumber(PositionName, x.Position);
                w.WriteString(DebtTokenName, x.DebtToken);
                Fixed(w, RepayAmountName, x.RepayAmount);
                w.WriteString(SeizeTokenName, x.SeizeToken);
                Fixed(w, SeizeAmountName, x.SeizeAmount);
                w.WriteString(NewHealthName, x.NewHealth.ToString());
                w.WriteEndObject();
                break;
            case DepositCapacityConsumed x:
                Begin(w, DepositCapacityConsumedType);
                w.WriteNumber(PositionName, x.Position);
                w.WriteString(TokenName, x.Token);
                Fixed(w, AmountName, x.Amount);
                Fixed(w, RemainingCapacityName, x.RemainingCapacity);
                w.WriteEndObject();
                break;
            case DepositCapacityRegenerated x:
                Obj(w, "DepositCapacityRegenerated", ("token", x.Token), ("oldCapacityCap", x.OldCapacityCap), ("newCapacityCap", x.NewCapacityCap));
                break;
            case InsuranceFeeCollected x: Obj(w, "InsuranceFeeCollected", ("token", x.Token), ("amount", x.Amount), ("collectionTime", x.CollectionTime)); break;
            case StabilityFeeCollected x: Obj(w, "StabilityFeeCollected", ("token", x.Token), ("amount", x.Amount), ("collectionTime", x.CollectionTime)); break;
            case StabilityFundWithdrawn x: Obj(w, "StabilityFundWithdrawn", ("token", x.Token), ("amount", x.Amount)); break;
            case InterestCurveUpdated x: Obj(w, "InterestCurveUpdated", ("token", x.Token), ("curveType", x.CurveType)); break;
            case InsuranceRateUpdated x: Obj(w, "InsuranceRateUpdated", ("token", x.Token), ("rate", x.Rate)); break;
            case StabilityFeeRateUpdated x: Obj(w, "StabilityFeeRateUpdated", ("token", x.Token), ("rate", x.Rate)); break;
            case PoolPaused: Obj(w, "PoolPaused"); break;
            case PoolUnpaused x: Obj(w, "PoolUnpaused", ("warmupEndsAt", x.WarmupEndsAt)); break;
            case PriceOracleUpdated x: Obj(w, "PriceOracleUpdated", ("oracleType", x.OracleType)); break;
            // nextRun: the next scheduled time, or null when the rebalancer could not book one (now idle)
            case RebalancerRun x:
                Obj(w, "RebalancerRun", ("position", x.Position), ("rebalancer", x.Rebalancer), ("force", x.Force), ("time", x.Time),
                    ("scheduledRun", (long)x.ScheduledRun), ("nextRun", x.NextRun?.ToString()));
                break;
            case RebalanceFailed x: Obj(w, "RebalanceFailed", ("position", x.Position), ("rebalancer", x.Rebalancer), ("reason", x.Reason)); break;
            case FixedReschedule x: Obj(w, "FixedReschedule", ("position", x.Position), ("rebalancer", x.Rebalancer), ("nextRun", x.NextRun)); break;
            case FailedRecurringSchedule x: Obj(w, "FailedRecurringSchedule", ("position", x.Position), ("rebalancer", x.Rebalancer), ("error", x.Error)); break;
            case CreatedRebalancer x: Obj(w, "CreatedRebalancer", ("position", x.Position), ("rebalancer", x.Rebalancer)); break;
            case CreatedRebalancerPaid x: Obj(w, "CreatedRebalancerPaid", ("position", x.Position), ("rebalancer", x.Rebalancer)); break;
            case RemovedRebalancerPaid x: Obj(w, "RemovedRebalancerPaid", ("position", x.Position), ("rebalancer", x.Rebalancer)); break;
            case SupervisorExecuted x: Obj(w, "Executed", ("time", x.Time)); break;
            case AddedPaidRebalancer x: Obj(w, "AddedPaidRebalancer", ("position", x.Position)); break;
            case RemovedPaidRebalancer x: Obj(w, "RemovedPaidRebalancer", ("position", x.Position)); break;
            case ScheduledRunFailed x: Obj(w, "ScheduledRunFailed", ("scheduledRun", (long)x.ScheduledRun), ("reason", x.Reason)); break;
            default: Obj(w, e.GetType().Name); break;
        }
    }

    /// <summary>The position an event names in its JSON (<c>"position"</c>), or null: the positions an operation touched.</summary>
    public static long? PositionOf(object e) => e switch
    {
        Opened x => x.Position,
        Deposited x => x.Position,
        Withdrawn x => x.Position,
        Rebalanced x => x.Position,
        LiquidationExecuted x => x.Position,
        DepositCapacityConsumed x => x.Position,
        RebalancerRun x => x.Position,
        RebalanceFailed x => x.Position,
        FixedReschedule x => x.Position,
        FailedRecurringSchedule x => x.Position,
        CreatedRebalancer x => x.Position,
        CreatedRebalancerPaid x => x.Position,
        RemovedRebalancerPaid x => x.Position,
        AddedPaidRebalancer x => x.Position,
        RemovedPaidRebalancer x => x.Position,
        _ => null,
    };

    /// <summary>"type", encoded once (the same bytes the writer makes of the string).</summary>
    internal static readonly JsonEncodedText TypeName = JsonEncodedText.Encode("type");

    /// <summary>An event object: its type, then its fields in order.</summary>
    public static void Obj(Utf8JsonWriter w, string type, params (string Key, object? Value)[] fields)
    {
        w.WriteStartObject();
        w.WriteString(TypeName, type);
        foreach (var (k, v) in fields)
        {
            w.WritePropertyName(k);
            Value(w, v);
        }
        w.WriteEndObject();
    }

    /// <summary>A field's value: numbers and flags as JSON, null as null, every other value (decimals) as its exact string.</summary>
    public static void Value(Utf8JsonWriter w, object? v)
    {
        switch (v)
        {
            case null: w.WriteNullValue(); break;
            case long l: w.WriteNumberValue(l); break;
            case int i: w.WriteNumberValue(i); break;
            case ulong u: w.WriteNumberValue(u); break;
            case double d: w.WriteNumberValue(d); break;
            case bool b: w.WriteBooleanValue(b); break;
            case string s: w.WriteStringValue(s); break;
            case UFix64 u: WriteFixed(w, u); break;
            default: w.WriteStringValue(v.ToString()); break;
        }
    }

    private static readonly JsonEncodedText RebalancerName = JsonEncodedText.Encode("rebalancer"), PositionName = JsonEncodedText.Encode("position"),
        RebalancedName = JsonEncodedText.Encode("rebalanced"), NextRunName = JsonEncodedText.Encode("nextRun"),
        TokenName = JsonEncodedText.Encode("token"), AmountName = JsonEncodedText.Encode("amount"), AtHealthName = JsonEncodedText.Encode("atHealth"),
        FromUnderName = JsonEncodedText.Encode("fromUnder"), DebtTokenName = JsonEncodedText.Encode("debtToken"),
        RepayAmountName = JsonEncodedText.Encode("repayAmount"), SeizeTokenName = JsonEncodedText.Encode("seizeToken"),
        SeizeAmountName = JsonEncodedText.Encode("seizeAmount"), NewHealthName = JsonEncodedText.Encode("newHealth"),
        RemainingCapacityName = JsonEncodedText.Encode("remainingCapacity"),
        DepositedType = JsonEncodedText.Encode("Deposited"), RebalancedType = JsonEncodedText.Encode("Rebalanced"),
        LiquidationExecutedType = JsonEncodedText.Encode("LiquidationExecuted"), DepositCapacityConsumedType = JsonEncodedText.Encode("DepositCapacityConsumed");

    /// <summary>An event object's start and its type, as <see cref="Obj"/> writes them.</summary>
    private static void Begin(Utf8JsonWriter w, JsonEncodedText type)
    {
        w.WriteStartObject();
        w.WriteString(TypeName, type);
    }

    /// <summary>A UFix64 field as <see cref="Value"/> writes it (its exact text).</summary>
    private static void Fixed(Utf8JsonWriter w, JsonEncodedText name, UFix64 amount)
    {
        w.WritePropertyName(name);
        WriteFixed(w, amount);
    }

    /// <summary>
    /// The engine's RebalancerRun fields, the bytes of <c>("rebalancer", id), ("position", position), ("rebalanced", flag),
    /// ("nextRun", next?.ToString())</c> through <see cref="Obj"/>, written from the values (no boxes, no text per run).
    /// </summary>
    internal static void RebalancerRunFields(Utf8JsonWriter w, long rebalancer, long position, bool rebalanced, UFix64? nextRun)
    {
        w.WriteNumber(RebalancerName, rebalancer);
        w.WriteNumber(PositionName, position);
        w.WriteBoolean(RebalancedName, rebalanced);
        w.WritePropertyName(NextRunName);
        if (nextRun is { } next) WriteFixed(w, next); else w.WriteNullValue();
    }

    /// <summary><see cref="UFix64.ToString"/>'s text (whole part, '.', 8 decimals) written as UTF-8 without a string.</summary>
    private static void WriteFixed(Utf8JsonWriter w, UFix64 u)
    {
        Span<byte> text = stackalloc byte[32];
        ulong whole = u.Raw / UFix64.Scale, frac = u.Raw % UFix64.Scale;
        whole.TryFormat(text, out int n, default, CultureInfo.InvariantCulture);
        text[n++] = (byte)'.';
        frac.TryFormat(text[n..], out int m, "D8", CultureInfo.InvariantCulture);
        w.WriteStringValue(text[..(n + m)]);
    }
}

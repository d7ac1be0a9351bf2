using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FlowAlp.Protocol.Positions;
using FlowAlp.Engine.Core;
using FlowAlp.Engine.Operations;
using FlowAlp.Engine.World;

namespace FlowAlp.Scripting;

/// <summary>
/// The script output line of an <see cref="OperationOutcome"/> (protocol-script.md "Result and event shapes"; values
/// as exact strings): <c>{"step","op","ok","result","events"}</c> or <c>{"step","op","ok":false,"error"}</c>.
/// </summary>
public static class ScriptOutput
{
    public static string Line(OperationOutcome o)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteNumber("step", o.Step);
            w.WriteString("op", o.Op);
            w.WriteBoolean("ok", o.Ok);
            if (o.Ok)
            {
                w.WritePropertyName("result");
                Result(o.Result ?? NoResult.Instance).WriteTo(w);
                w.WriteStartArray("events");
                foreach (var e in o.Events) EventJson.Write(w, e);
                w.WriteEndArray();
            }
            else w.WriteString("error", o.Error);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The line as a JSON object (tests and tools that read fields back).</summary>
    public static JsonObject LineObject(OperationOutcome o) => JsonNode.Parse(Line(o))!.AsObject();

    public static JsonObject Result(OperationResult r) => r switch
    {
        NoResult => new JsonObject(),
        PositionCreated x => new JsonObject { ["position"] = x.Position },
        DepositAccepted x => new JsonObject { ["accepted"] = x.Accepted.ToString(), ["queued"] = x.Queued.ToString() },
        AmountResult x => new JsonObject { ["amount"] = x.Amount.ToString() },
        HealthBoundsResult x => new JsonObject { ["min"] = x.Min.ToString(), ["target"] = x.Target.ToString(), ["max"] = x.Max.ToString() },
        LiquidationResult x => new JsonObject { ["repaid"] = x.Repaid.ToString(), ["seized"] = x.Seized.ToString(), ["health"] = x.Health.ToString() },
        AsyncUpdateResult x => new JsonObject { ["processed"] = x.Processed },
        TimeAdvanced x => new JsonObject { ["time"] = x.Time.ToString() },
        HealthResult x => new JsonObject { ["health"] = x.Health.ToString() },
        LiquidatableResult x => new JsonObject { ["isLiquidatable"] = x.IsLiquidatable },
        PositionResult x => Position(x.Details),
        AccountResult x => new JsonObject { ["account"] = x.Account, ["balances"] = Map(x.Balances) },
        RebalancerRunsResult x => new JsonObject { ["runs"] = x.Runs, ["fixedReschedules"] = x.FixedReschedules, ["failedSchedules"] = x.FailedSchedules },
        PoolResult x => Pool(x),
        _ => throw new ArgumentException($"result {r.GetType().Name} has no script shape", nameof(r)),
    };

    private static JsonObject Map(IEnumerable<KeyValuePair<string, Protocol.Numerics.UFix64>> values)
    {
        var o = new JsonObject();
        foreach (var (k, v) in values) o[k] = v.ToString();
        return o;
    }

    private static JsonObject Position(Protocol.PositionDetails d)
    {
        var balances = new JsonObject();
        foreach (var b in d.Balances)
            balances[b.Token] = new JsonObject { ["direction"] = b.Direction == BalanceDirection.Credit ? "credit" : "debit", ["amount"] = b.Amount.ToString() };
        var queued = new JsonObject();
        foreach (var (t, v) in d.QueuedDeposits) if (!v.IsZero) queued[t] = v.ToString();
        return new JsonObject
        {
            ["id"] = d.Id, ["health"] = d.Health.ToString(), ["balances"] = balances, ["availableBalance"] = d.DefaultTokenAvailable.ToString(),
            ["queuedDeposits"] = queued, ["minHealth"] = d.MinHealth.ToString(), ["targetHealth"] = d.TargetHealth.ToString(), ["maxHealth"] = d.MaxHealth.ToString(),
        };
    }

    private static JsonObject Pool(PoolResult p)
    {
        var tokens = new JsonObject();
        foreach (var ts in p.Tokens)
        {
            tokens[ts.Symbol] = new JsonObject
            {
                ["collateralFactor"] = ts.CollateralFactor.ToString(), ["borrowFactor"] = ts.BorrowFactor.ToString(),
                ["totalCreditBalance"] = ts.TotalCreditBalance.ToString(), ["totalDebitBalance"] = ts.TotalDebitBalance.ToString(),
                ["creditInterestIndex"] = ts.CreditInterestIndex.ToString(), ["debitInterestIndex"] = ts.DebitInterestIndex.ToString(),
                ["currentCreditRate"] = ts.CurrentCreditRate.ToString(), ["currentDebitRate"] = ts.CurrentDebitRate.ToString(),
                ["depositCapacity"] = ts.DepositCapacity.ToString(), ["depositCapacityCap"] = ts.DepositCapacityCap.ToString(),
                ["depositRate"] = ts.DepositRate.ToString(), ["depositLimitFraction"] = ts.DepositLimitFraction.ToString(),
                ["minimumBalance"] = ts.MinimumBalance.ToString(), ["insuranceRate"] = ts.InsuranceRate.ToString(),
                ["stabilityFeeRate"] = ts.StabilityFeeRate.ToString(), ["reserve"] = ts.Reserve.ToString(),
                ["stabilityFund"] = ts.StabilityFund.ToString(),
            };
        }
        var queue = new JsonArray();
        foreach (var pid in p.Queue) queue.Add(pid);
        return new JsonObject
        {
            ["time"] = p.Time.ToString(), ["paused"] = p.Paused, ["tokens"] = tokens, ["reserves"] = Map(p.Reserves),
            ["insuranceFund"] = p.InsuranceFund.ToString(), ["stabilityFunds"] = Map(p.StabilityFunds), ["moetMinted"] = p.MoetMinted.ToString(),
            ["queue"] = queue, ["positions"] = p.Positions,
        };
    }
}

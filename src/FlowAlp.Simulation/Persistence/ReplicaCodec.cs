using System.Text.Json.Nodes;
using FlowAlp.Actors.Positions;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Protocol.Positions;
using FlowAlp.Engine.Positions;

namespace FlowAlp.Simulation.Persistence;

/// <summary>A position replica as JSON, exactly: scaled balances and health figures as raw 24-decimal integers in text.</summary>
public static class ReplicaCodec
{
    public static JsonObject ToJson(PositionReplica r)
    {
        var balances = new JsonArray();
        foreach (var (token, b) in r.Balances)
            balances.Add(new JsonArray(token, b.Direction == BalanceDirection.Credit ? "credit" : "debit", b.Scaled.Quantity.Raw.ToString()));
        return new JsonObject
        {
            ["balances"] = balances,
            ["minHealth"] = r.MinHealth.Raw.ToString(),
            ["targetHealth"] = r.TargetHealth.Raw.ToString(),
            ["maxHealth"] = r.MaxHealth.Raw.ToString(),
            ["health"] = r.Health.Raw.ToString(),
        };
    }

    /// <exception cref="FormatException">a field missing or of the wrong kind (named)</exception>
    public static PositionReplica FromJson(JsonObject j)
    {
        var balances = Json.Array(j, "balances").Select((x, i) =>
        {
            if (x is not JsonArray { Count: 3 } a) throw new FormatException($"'balances[{i}]': must be [token, direction, amount]");
            var entry = new JsonObject { ["token"] = a[0]?.DeepClone(), ["direction"] = a[1]?.DeepClone(), ["amount"] = a[2]?.DeepClone() };
            var direction = Json.String(entry, "direction") switch
            {
                "credit" => BalanceDirection.Credit,
                "debit" => BalanceDirection.Debit,
                var d => throw new FormatException($"'balances[{i}]': unknown direction '{(d.Length <= 20 ? d : d[..20])}'"),
            };
            return (Json.String(entry, "token"), new InternalBalance(new SignedBalance(direction, Raw(entry, "amount"))));
        }).ToArray();
        return new PositionReplica(balances, Raw(j, "minHealth"), Raw(j, "targetHealth"), Raw(j, "maxHealth"), Raw(j, "health"));
    }

    /// <summary>A canonical one-line form (tests and logs compare replicas by it; the record's array compares by reference).</summary>
    public static string Describe(PositionReplica? r) => r is null ? "null" : ToJson(r).ToJsonString();

    private static UFix128 Raw(JsonObject j, string name) =>
        UInt128.TryParse(Json.String(j, name), System.Globalization.NumberStyles.None, null, out var raw) ? UFix128.FromRaw(raw) : throw new FormatException($"'{name}': must be a raw 24-decimal integer");
}

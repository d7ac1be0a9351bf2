using System.Text.Json.Nodes;
using FlowAlp.Actors.Positions;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Protocol.Positions;

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

    public static PositionReplica FromJson(JsonObject j)
    {
        var balances = j["balances"]!.AsArray().Select(x =>
        {
            var a = x!.AsArray();
            var direction = a[1]!.GetValue<string>() switch
            {
                "credit" => BalanceDirection.Credit,
                "debit" => BalanceDirection.Debit,
                var d => throw new FormatException($"balances: unknown direction '{d}'"),
            };
            return (a[0]!.GetValue<string>(), new InternalBalance(new SignedBalance(direction, Raw(a[2]!))));
        }).ToArray();
        return new PositionReplica(balances, Raw(j["minHealth"]!), Raw(j["targetHealth"]!), Raw(j["maxHealth"]!), Raw(j["health"]!));
    }

    /// <summary>A canonical one-line form (tests and logs compare replicas by it; the record's array compares by reference).</summary>
    public static string Describe(PositionReplica? r) => r is null ? "null" : ToJson(r).ToJsonString();

    private static UFix128 Raw(JsonNode n) => UFix128.FromRaw(UInt128.Parse(n.GetValue<string>()));
}

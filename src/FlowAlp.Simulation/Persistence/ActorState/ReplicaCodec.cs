using System.Text.Json;
using FlowAlp.Actors.Positions;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Protocol.Positions;
using FlowAlp.Engine.Positions;

namespace FlowAlp.Simulation.Persistence;

/// <summary>A position replica as JSON, exactly: scaled balances and health figures as raw 24-decimal integers in text.</summary>
public static class ReplicaCodec
{
    /// <summary>Writes the replica as one object: <c>{"balances":[[token,"credit"|"debit",raw],…],"minHealth":raw,…}</c>.</summary>
    public static void Write(Utf8JsonWriter w, PositionReplica r)
    {
        w.WriteStartObject();
        w.WriteStartArray("balances");
        foreach (var (token, b) in r.Balances)
        {
            w.WriteStartArray();
            w.WriteStringValue(token);
            w.WriteStringValue(b.Direction == BalanceDirection.Credit ? "credit" : "debit");
            w.WriteStringValue(b.Scaled.Quantity.Raw.ToString());
            w.WriteEndArray();
        }
        w.WriteEndArray();
        w.WriteString("minHealth", r.MinHealth.Raw.ToString());
        w.WriteString("targetHealth", r.TargetHealth.Raw.ToString());
        w.WriteString("maxHealth", r.MaxHealth.Raw.ToString());
        w.WriteString("health", r.Health.Raw.ToString());
        w.WriteEndObject();
    }

    /// <exception cref="FormatException">a field missing or of the wrong kind (named)</exception>
    public static PositionReplica Read(JsonElement j)
    {
        var balances = JsonRow.Array(j, "balances").EnumerateArray().Select((x, i) =>
        {
            if (x.ValueKind != JsonValueKind.Array || x.GetArrayLength() != 3) throw new FormatException($"'balances[{i}]': must be [token, direction, amount]");
            var direction = Text(x[1], "direction") switch
            {
                "credit" => BalanceDirection.Credit,
                "debit" => BalanceDirection.Debit,
                var d => throw new FormatException($"'balances[{i}]': unknown direction '{(d.Length <= 20 ? d : d[..20])}'"),
            };
            return (Text(x[0], "token"), new InternalBalance(new SignedBalance(direction, RawValue(x[2], "amount"))));
        }).ToArray();
        return new PositionReplica(balances, Raw(j, "minHealth"), Raw(j, "targetHealth"), Raw(j, "maxHealth"), Raw(j, "health"));
    }

    /// <summary>A canonical one-line form (tests and logs compare replicas by it; the record's array compares by reference).</summary>
    public static string Describe(PositionReplica? r) => r is null ? "null" : JsonText.String(w => Write(w, r));

    private static string Text(JsonElement e, string name) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString()!,
        JsonValueKind.Null => throw new FormatException($"'{name}': missing"),
        _ => throw new FormatException($"'{name}': must be a string"),
    };

    private static UFix128 Raw(JsonElement j, string name) => RawValue(JsonRow.Field(j, name), name);

    private static UFix128 RawValue(JsonElement value, string name) =>
        UInt128.TryParse(Text(value, name), System.Globalization.NumberStyles.None, null, out var raw) ? UFix128.FromRaw(raw) : throw new FormatException($"'{name}': must be a raw 24-decimal integer");
}

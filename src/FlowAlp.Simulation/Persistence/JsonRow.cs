using System.Text.Json;

namespace FlowAlp.Simulation.Persistence;

/// <summary>
/// Strict reads of one JSON object FlowAlp wrote (a journal row, a pool command, run.json): a missing field (or null) or
/// one of the wrong kind is a <see cref="FormatException"/> naming it ("'step': must be an integer").
/// </summary>
internal static class JsonRow
{
    /// <summary>A field that is there and not null, or null.</summary>
    public static JsonElement? Optional(JsonElement j, string name) =>
        j.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v : null;

    public static JsonElement Field(JsonElement j, string name) => Optional(j, name) ?? throw new FormatException($"'{name}': missing");

    public static JsonElement Object(JsonElement j, string name) =>
        Field(j, name) is { ValueKind: JsonValueKind.Object } v ? v : throw new FormatException($"'{name}': must be a JSON object");

    public static JsonElement Array(JsonElement j, string name) =>
        Field(j, name) is { ValueKind: JsonValueKind.Array } v ? v : throw new FormatException($"'{name}': must be a JSON array");

    public static string String(JsonElement j, string name) =>
        Field(j, name) is { ValueKind: JsonValueKind.String } v ? v.GetString()! : throw new FormatException($"'{name}': must be a string");

    public static long Long(JsonElement j, string name) =>
        Field(j, name) is { ValueKind: JsonValueKind.Number } v && v.TryGetInt64(out long x) ? x : throw new FormatException($"'{name}': must be an integer");

    public static ulong ULong(JsonElement j, string name) =>
        Field(j, name) is { ValueKind: JsonValueKind.Number } v && v.TryGetUInt64(out ulong x) ? x : throw new FormatException($"'{name}': must be a non-negative integer");

    public static int Int(JsonElement j, string name) =>
        Field(j, name) is { ValueKind: JsonValueKind.Number } v && v.TryGetInt32(out int x) ? x : throw new FormatException($"'{name}': must be an integer");

    public static bool Bool(JsonElement j, string name) =>
        Field(j, name) is { ValueKind: JsonValueKind.True or JsonValueKind.False } v ? v.GetBoolean() : throw new FormatException($"'{name}': must be true or false");
}

using System.Text.Json;

namespace FlowAlp.Simulation.Persistence;

/// <summary>
/// A fork as its run.json records it, so that resume plans the same future: the source folder, the step, the overrides
/// (<c>path=value</c>, as given) and the new faults (a JSON array, compact) with whether they replace the source's.
/// </summary>
/// <param name="Faults">the new faults as a JSON array's text, or null (then <paramref name="ReplaceFaults"/> is null too)</param>
public sealed record ForkRecord(string? Source, long AtStep, IReadOnlyList<string> Set, string? Faults = null, bool? ReplaceFaults = null)
{
    /// <summary>Writes the record as run.json's "fork" object (faults and replaceFaults only when there are new faults).</summary>
    internal void Write(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        if (Source is not null) w.WriteString("source", Source);
        w.WriteNumber("atStep", AtStep);
        w.WriteStartArray("set");
        foreach (var s in Set) w.WriteStringValue(s);
        w.WriteEndArray();
        if (Faults is not null)
        {
            w.WritePropertyName("faults");
            JsonText.WriteValue(w, Faults);
        }
        if (ReplaceFaults is { } replace) w.WriteBoolean("replaceFaults", replace);
        w.WriteEndObject();
    }

    /// <summary>Reads run.json's "fork" object; a field of the wrong kind is a FormatException naming it ("fork.atStep: missing").</summary>
    internal static ForkRecord Read(JsonElement fork)
    {
        string? source = JsonRow.Optional(fork, "source") is { } s
            ? s.ValueKind == JsonValueKind.String ? s.GetString() : throw new FormatException("fork.source: must be a string") : null;
        if (JsonRow.Optional(fork, "atStep") is not { } atStep) throw new FormatException("fork.atStep: missing");
        long at = atStep.ValueKind == JsonValueKind.Number && atStep.TryGetInt64(out long a) ? a : throw new FormatException("fork.atStep: must be an integer");
        List<string> sets = JsonRow.Optional(fork, "set") switch
        {
            null => [],
            { ValueKind: JsonValueKind.Array } arr when arr.EnumerateArray().All(x => x.ValueKind == JsonValueKind.String) => arr.EnumerateArray().Select(x => x.GetString()!).ToList(),
            _ => throw new FormatException("fork.set: must be an array of strings"),
        };
        string? faults = JsonRow.Optional(fork, "faults") switch
        {
            null => null,
            { ValueKind: JsonValueKind.Array } arr => JsonText.Compact(arr),
            _ => throw new FormatException("fork.faults: must be an array"),
        };
        bool? replace = JsonRow.Optional(fork, "replaceFaults") switch
        {
            null => null,
            { ValueKind: JsonValueKind.True or JsonValueKind.False } b => b.GetBoolean(),
            _ => throw new FormatException("fork.replaceFaults: must be true or false"),
        };
        return new ForkRecord(source, at, sets, faults, replace);
    }
}

using System.Globalization;
using System.Text.Json;
using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Simulation.Scenarios;

/// <summary>
/// Strict reads of one JSON object of a scenario: every value is typed and range-checked, errors carry the field's full
/// path, and <see cref="Done"/> rejects any field the object did not use (unknown fields are errors, not ignored).
/// </summary>
internal sealed class JsonReader
{
    private readonly JsonElement _obj;
    private readonly HashSet<string> _used = new() { "comment", "description" };

    public string Path { get; }

    public JsonReader(JsonElement obj, string path)
    {
        if (obj.ValueKind != JsonValueKind.Object) throw new ScenarioException(path == "" ? "scenario" : path, "must be a JSON object");
        _obj = obj;
        Path = path;
    }

    public string At(string field) => Path == "" ? field : $"{Path}.{field}";
    public ScenarioException Error(string field, string reason) => new(At(field), reason);
    public bool Has(string field) => _obj.TryGetProperty(field, out var e) && e.ValueKind != JsonValueKind.Null;

    public JsonElement? Optional(string field)
    {
        _used.Add(field);
        return _obj.TryGetProperty(field, out var e) && e.ValueKind != JsonValueKind.Null ? e : null;
    }

    public JsonElement Required(string field) => Optional(field) ?? throw Error(field, "is required");

    public JsonReader Object(string field) => new(Required(field), At(field));
    public JsonReader? OptionalObject(string field) => Optional(field) is { } e ? new JsonReader(e, At(field)) : null;

    public string String(string field, string? fallback = null)
    {
        var e = Optional(field);
        if (e is null) return fallback ?? throw Error(field, "is required");
        if (e.Value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(e.Value.GetString())) throw Error(field, "must be a non-empty string");
        return e.Value.GetString()!;
    }

    public string OneOf(string field, string fallback, params string[] allowed)
    {
        string v = String(field, fallback);
        if (!allowed.Contains(v)) throw Error(field, $"must be one of {string.Join(", ", allowed)}, got '{v}'");
        return v;
    }

    public bool Bool(string field, bool fallback)
    {
        var e = Optional(field);
        if (e is null) return fallback;
        return e.Value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Error(field, "must be true or false"),
        };
    }

    public double Double(string field, double? fallback = null, double min = double.NegativeInfinity, double max = double.PositiveInfinity)
    {
        var e = Optional(field);
        if (e is null) return fallback ?? throw Error(field, "is required");
        return CheckDouble(e.Value, At(field), min, max);
    }

    public static double CheckDouble(JsonElement e, string at, double min, double max)
    {
        double v;
        if (e.ValueKind == JsonValueKind.Number) v = e.GetDouble();
        else if (e.ValueKind == JsonValueKind.String && double.TryParse(e.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var p)) v = p;
        else throw new ScenarioException(at, "must be a number");
        if (!double.IsFinite(v)) throw new ScenarioException(at, "must be finite");
        if (v >= min && v <= max) return v;
        string I(double x) => x.ToString(CultureInfo.InvariantCulture);
        throw new ScenarioException(at, double.IsPositiveInfinity(max) ? $"must be at least {I(min)}, got {I(v)}"
            : double.IsNegativeInfinity(min) ? $"must be at most {I(max)}, got {I(v)}" : $"must be between {I(min)} and {I(max)}, got {I(v)}");
    }

    public long Integer(string field, long? fallback = null, long min = long.MinValue, long max = long.MaxValue)
    {
        var e = Optional(field);
        if (e is null) return fallback ?? throw Error(field, "is required");
        if (e.Value.ValueKind != JsonValueKind.Number || !e.Value.TryGetInt64(out long v)) throw Error(field, "must be a whole number");
        if (v < min || v > max) throw Error(field, $"must be between {min} and {max}, got {v}");
        return v;
    }

    /// <summary>An exact decimal (a JSON string like "615.38461538" or a number), at most 8 places, not negative.</summary>
    public UFix64 Decimal(string field, UFix64? fallback = null)
    {
        var e = Optional(field);
        if (e is null) return fallback ?? throw Error(field, "is required");
        return CheckDecimal(e.Value, At(field));
    }

    public static UFix64 CheckDecimal(JsonElement e, string at)
    {
        string text = e.ValueKind switch
        {
            JsonValueKind.String => e.GetString()!,
            JsonValueKind.Number => e.GetRawText(),
            _ => throw new ScenarioException(at, "must be a decimal number"),
        };
        if (text.StartsWith('-')) throw new ScenarioException(at, $"must not be negative, got {text}");
        try { return UFix64.Parse(text); }
        catch (Exception ex) when (ex is FormatException or OverflowException or ArgumentException)
        { throw new ScenarioException(at, $"'{text}' is not a valid amount (at most 8 decimal places, below 184467440737)"); }
    }

    public IEnumerable<(JsonElement Item, string Path)> Array(string field, bool required = true, int minCount = 0, int maxCount = int.MaxValue)
    {
        var e = Optional(field);
        if (e is null)
        {
            if (required) throw Error(field, "is required");
            return System.Array.Empty<(JsonElement, string)>();
        }
        if (e.Value.ValueKind != JsonValueKind.Array) throw Error(field, "must be an array");
        var items = e.Value.EnumerateArray().Select((x, i) => (x, $"{At(field)}[{i}]")).ToList();
        if (items.Count < minCount) throw Error(field, $"must have at least {minCount} entries");
        if (items.Count > maxCount) throw Error(field, $"must have at most {maxCount:N0} entries, got {items.Count:N0}");
        return items;
    }

    public IEnumerable<(string Key, JsonElement Value, string Path)> Map(string field, bool required = true)
    {
        var e = Optional(field);
        if (e is null)
        {
            if (required) throw Error(field, "is required");
            return System.Array.Empty<(string, JsonElement, string)>();
        }
        if (e.Value.ValueKind != JsonValueKind.Object) throw Error(field, "must be a JSON object");
        return e.Value.EnumerateObject().Select(p => (p.Name, p.Value, $"{At(field)}.{p.Name}")).ToList();
    }

    /// <summary>Every field of the object must have been read: an unknown (e.g. misspelt) field is an error.</summary>
    public void Done()
    {
        foreach (var p in _obj.EnumerateObject())
            if (!_used.Contains(p.Name)) throw new ScenarioException(At(p.Name), "unknown field");
    }
}

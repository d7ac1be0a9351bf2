using System.Text.Json;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Engine.Core;
using FlowAlp.Engine.Operations;
using FlowAlp.Engine.World;

namespace FlowAlp.Scripting;

/// <summary>Typed, validated reads of one JSON object's fields; every error names where and which field.</summary>
internal sealed class JsonFields
{
    private static readonly HashSet<string> Ignorable = new() { "comment", "note", "description" };
    private readonly JsonElement _obj;
    private readonly string _where;
    private readonly HashSet<string> _used = new();

    public JsonFields(JsonElement obj, string where)
    {
        if (obj.ValueKind != JsonValueKind.Object) throw new ScriptFormatException(where, "must be a JSON object");
        _obj = obj;
        _where = where;
    }

    public string Where => _where;

    public ScriptFormatException Error(string field, string problem) => new(_where, $"field '{field}': {problem}");

    public bool Has(string field) => _obj.TryGetProperty(field, out _);

    private bool TryGet(string field, out JsonElement e)
    {
        _used.Add(field);
        return _obj.TryGetProperty(field, out e);
    }

    public JsonElement Required(string field)
    {
        if (!TryGet(field, out var e) || e.ValueKind == JsonValueKind.Undefined) throw Error(field, "is missing");
        return e;
    }

    public JsonElement? Optional(string field) => TryGet(field, out var e) ? e : null;

    public string String(string field)
    {
        var e = Required(field);
        if (e.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(e.GetString())) throw Error(field, "must be a non-empty string");
        return e.GetString()!;
    }

    /// <summary>A string, or null when the field is JSON null or absent.</summary>
    public string? NullableString(string field)
    {
        var e = Optional(field);
        if (e is null || e.Value.ValueKind == JsonValueKind.Null) return null;
        if (e.Value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(e.Value.GetString())) throw Error(field, "must be a non-empty string or null");
        return e.Value.GetString();
    }

    public bool Bool(string field, bool? fallback = null)
    {
        var e = Optional(field);
        if (e is null) return fallback ?? throw Error(field, "is missing");
        return e.Value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Error(field, "must be true or false"),
        };
    }

    public UFix64 Decimal(string field) => ParseDecimal(Required(field), field);

    public UFix64? NullableDecimal(string field)
    {
        var e = Required(field);
        return e.ValueKind == JsonValueKind.Null ? null : ParseDecimal(e, field);
    }

    public UFix64 ParseDecimal(JsonElement e, string field)
    {
        string text = e.ValueKind switch
        {
            JsonValueKind.String => e.GetString()!,
            JsonValueKind.Number => e.GetRawText(),
            _ => throw Error(field, "must be a decimal string"),
        };
        if (text.StartsWith('-')) throw Error(field, $"'{text}' is negative");
        if (!UFix64.TryParse(text, out var v, out var problem)) throw Error(field, problem);
        return v;
    }

    public long NonNegativeInteger(string field)
    {
        var e = Required(field);
        if (e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out long v) && v >= 0) return v;
        if (e.ValueKind == JsonValueKind.String && long.TryParse(e.GetString(), out v) && v >= 0) return v;
        throw Error(field, "must be a non-negative integer");
    }

    /// <summary>Fails on any field that was never read: a typo is an error, not a silent default.</summary>
    public void RejectUnknown()
    {
        foreach (var p in _obj.EnumerateObject())
            if (!_used.Contains(p.Name) && !Ignorable.Contains(p.Name) && !p.Name.StartsWith('_'))
                throw new ScriptFormatException(_where, $"unknown field '{p.Name}'");
    }
}

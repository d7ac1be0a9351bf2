using System.Buffers;
using System.Text;
using System.Text.Json;

namespace FlowAlp.Simulation.Persistence;

/// <summary>
/// Writes FlowAlp's own JSON (journal rows, pool commands, run.json, the folder manifest) with a <see cref="Utf8JsonWriter"/>:
/// compact, fields in a fixed order, the default escaping (the bytes a JSON tree's ToJsonString wrote before).
/// </summary>
internal static class JsonText
{
    public static byte[] Bytes(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer)) write(w);
        return buffer.WrittenSpan.ToArray();
    }

    public static string String(Action<Utf8JsonWriter> write) => Encoding.UTF8.GetString(Bytes(write));

    /// <summary>A JSON value written compactly (whitespace dropped), as it is stored.</summary>
    public static string Compact(JsonElement e) => String(e.WriteTo);

    /// <summary>Writes <paramref name="json"/> (one JSON value, read strictly) compactly as the next value.</summary>
    public static void WriteValue(Utf8JsonWriter w, string json)
    {
        using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { AllowDuplicateProperties = false, MaxDepth = 64 });
        doc.RootElement.WriteTo(w);
    }
}

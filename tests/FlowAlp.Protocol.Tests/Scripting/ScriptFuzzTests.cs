using System.Text.Json.Nodes;
using CsCheck;
using FlowAlp.Scripting;
using FlowAlp.Engine.Core;
using FlowAlp.Engine.Operations;
using FlowAlp.Engine.World;

namespace FlowAlp.Protocol.Tests.Scripting;

/// <summary>
/// Fuzzed scripts never escape as an unhandled exception: each is either refused as malformed (one line) or runs,
/// and no step reports an internal error (every failure is the protocol's own reason).
/// </summary>
public class ScriptFuzzTests
{
    private static readonly string[] Seeds = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "vectors"), "CV*.json")
        .Where(f => !f.EndsWith(".expect.json", StringComparison.Ordinal)).Order(StringComparer.Ordinal).Select(File.ReadAllText).ToArray();

    private static readonly JsonNode?[] Replacements =
    [
        null, JsonValue.Create(-1), JsonValue.Create("-1"), JsonValue.Create("abc"), JsonValue.Create(""), JsonValue.Create(true),
        JsonValue.Create("184467440737.09551615"), JsonValue.Create("184467440737.09551616"), JsonValue.Create("0"), JsonValue.Create(0),
        JsonValue.Create("0.000000001"), JsonValue.Create(1e30), JsonValue.Create("1e5"), JsonValue.Create(99999), JsonValue.Create("FLOW"),
        JsonValue.Create("MOET"), JsonValue.Create("nobody"), new JsonArray(), new JsonObject(), JsonValue.Create(3.5),
    ];

    /// <summary>Replaces or deletes one leaf/member chosen by <paramref name="pick"/>.</summary>
    private static string Mutate(string json, int pick, int replacement, bool delete)
    {
        var root = JsonNode.Parse(json)!;
        var slots = new List<(JsonNode Parent, object Key)>();
        void Walk(JsonNode n)
        {
            if (n is JsonObject o) foreach (var kv in o.ToList()) { slots.Add((o, kv.Key)); if (kv.Value != null) Walk(kv.Value); }
            else if (n is JsonArray a) for (int i = 0; i < a.Count; i++) { slots.Add((a, i)); if (a[i] != null) Walk(a[i]!); }
        }
        Walk(root);
        var (parent, key) = slots[pick % slots.Count];
        var value = Replacements[replacement % Replacements.Length]?.DeepClone();
        if (parent is JsonObject po) { if (delete) po.Remove((string)key); else po[(string)key] = value; }
        else if (parent is JsonArray pa) { if (delete) pa.RemoveAt((int)key); else pa[(int)key] = value; }
        return root.ToJsonString();
    }

    [Fact]
    public void Mutated_scripts_are_refused_cleanly_or_run_without_internal_errors()
    {
        Gen.Select(Gen.Int[0, Seeds.Length - 1], Gen.Int[0, 100_000], Gen.Int[0, 1000], Gen.Bool, Gen.Int[1, 3])
            .Sample((seed, pick, repl, delete, times) =>
            {
                string json = Seeds[seed];
                for (int i = 0; i < times; i++) json = Mutate(json, pick * (i + 7), repl + i, delete && i == 0);
                try
                {
                    foreach (var line in ScriptRunner.Load(json).Run())
                        Assert.DoesNotContain("internal error", line);
                }
                catch (ScriptFormatException e)
                {
                    Assert.DoesNotContain('\n', e.Message);
                    Assert.False(string.IsNullOrWhiteSpace(e.Where));
                }
            }, iter: 400);
    }

    [Fact]
    public void Random_bytes_are_refused_as_invalid_json()
    {
        Gen.String.Sample(s =>
        {
            try { ScriptRunner.Load(s); }
            catch (ScriptFormatException e) { Assert.StartsWith("script", e.Where); }
        }, iter: 300);
    }
}

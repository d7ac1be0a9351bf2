using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace FlowAlp.Protocol.Tests.Conformance;

/// <summary>
/// The comparison rules of the shared acceptance tool (shared/tools/compare.py), in C#: an expectation names a step,
/// a path into that step's output line ("result.balances.FLOW.amount", "events[type=Rebalanced]#count", ...),
/// a value and a tolerance ("0" = exact string).
/// </summary>
public static partial class ExpectationChecker
{
    private static readonly object Missing = new();

    [GeneratedRegex(@"^([A-Za-z_][A-Za-z0-9_]*)?((?:\[[^\]]*\])*)(#count)?$")]
    private static partial Regex Segment();

    [GeneratedRegex(@"\[([^\]]*)\]")]
    private static partial Regex Selector();

    public static List<string> CheckAll(IReadOnlyDictionary<int, JsonObject> lines, JsonArray expectations)
    {
        var fails = new List<string>();
        foreach (var e in expectations)
            if (CheckOne(lines, e!.AsObject()) is { } f) fails.Add(f);
        return fails;
    }

    private static string? CheckOne(IReadOnlyDictionary<int, JsonObject> lines, JsonObject exp)
    {
        int step = exp["step"]!.GetValue<int>();
        if (!lines.TryGetValue(step, out var line)) return $"step {step}: no output line";
        var want = exp["value"];
        var pathNode = exp["path"]!;
        string label = $"step {step} ({line["op"]})";
        if (pathNode is JsonValue pv && pv.GetValue<string>() == "ok")
        {
            bool got = line["ok"]!.GetValue<bool>();
            return got == want!.GetValue<bool>() ? null : $"{label}: ok expected {want}, got {got} ({line["error"]})";
        }
        if (pathNode is JsonValue ev && ev.GetValue<string>() == "error_contains")
        {
            if (line["ok"]!.GetValue<bool>()) return $"{label}: expected a failure containing '{want}', but it succeeded";
            string err = line["error"]!.GetValue<string>();
            return err.Contains(want!.GetValue<string>(), StringComparison.OrdinalIgnoreCase) ? null : $"{label}: error '{err}' lacks '{want}'";
        }
        var paths = pathNode is JsonArray arr ? arr.Select(p => p!.GetValue<string>()).ToList() : [pathNode.GetValue<string>()];
        object got2 = Lookup(line, paths);
        if (exp["absent"]?.GetValue<bool>() == true) return got2 == Missing ? null : $"{label}: {paths[0]} should be absent";
        if (got2 == Missing)
            return exp["missing_ok"]?.GetValue<bool>() == true ? null : $"{label}: {paths[0]} not found (error: {line["error"]})";
        var gotNode = got2 as JsonNode;
        if (want is JsonValue wv && wv.TryGetValue(out bool wb))
            return gotNode is JsonValue gv && gv.TryGetValue(out bool gb) && gb == wb ? null : $"{label}: {paths[0]} expected {wb}, got {gotNode?.ToJsonString()}";
        if (want is JsonValue wi && wi.GetValueKind() == System.Text.Json.JsonValueKind.Number)
        {
            decimal? g = AsDecimal(gotNode);
            return g == wi.GetValue<decimal>() ? null : $"{label}: {paths[0]} expected {wi}, got {gotNode?.ToJsonString()}";
        }
        string wantText = want?.GetValue<string>() ?? "null";
        string gotText = gotNode is JsonValue gs && gs.TryGetValue(out string? s) ? s : gotNode?.ToJsonString() ?? "null";
        decimal tol = decimal.Parse(exp["tol"]?.GetValue<string>() ?? "0", CultureInfo.InvariantCulture);
        if (tol == 0) return gotText == wantText ? null : $"{label}: {paths[0]} expected {wantText}, got {gotText}";
        decimal? gd = AsDecimal(gotNode), wd = decimal.Parse(wantText, CultureInfo.InvariantCulture);
        return gd is { } x && Math.Abs(x - wd.Value) <= tol ? null : $"{label}: {paths[0]} expected {wantText} (tol {tol}), got {gotText}";
    }

    private static decimal? AsDecimal(JsonNode? n) =>
        n is JsonValue v && decimal.TryParse(v.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;

    private static object Lookup(JsonObject line, List<string> paths)
    {
        foreach (var p in paths)
            if (Resolve(line, p) is var v && v != Missing) return v;
        // Lenient fallback for result.* paths: a bare scalar result, or an object with one scalar member.
        foreach (var p in paths)
        {
            if (!p.StartsWith("result", StringComparison.Ordinal)) continue;
            if (line["result"] is JsonValue scalar) return scalar;
            if (line["result"] is JsonObject o && o.Count == 1 && o.First().Value is JsonValue one) return one;
        }
        return Missing;
    }

    private static List<string> Split(string path)
    {
        var parts = new List<string>();
        int depth = 0, start = 0;
        for (int i = 0; i < path.Length; i++)
        {
            if (path[i] == '[') depth++;
            else if (path[i] == ']') depth--;
            else if (path[i] == '.' && depth == 0) { parts.Add(path[start..i]); start = i + 1; }
        }
        parts.Add(path[start..]);
        return parts;
    }

    private static object Resolve(JsonNode root, string path)
    {
        object cur = root;
        var segs = Split(path);
        foreach (var seg in segs)
        {
            var m = Segment().Match(seg);
            if (!m.Success) return Missing;
            string name = m.Groups[1].Value;
            if (name.Length > 0)
            {
                if (cur is List<JsonNode> list) { if (list.Count == 0) return Missing; cur = list[0]; }
                if (cur is not JsonObject o || !o.TryGetPropertyValue(name, out var next) || next is null) return Missing;
                cur = next;
            }
            foreach (Match sel in Selector().Matches(m.Groups[2].Value))
            {
                string s = sel.Groups[1].Value;
                var items = cur switch { JsonArray a => a.Select(x => x!).ToList(), List<JsonNode> l => l, _ => null };
                if (items is null) return Missing;
                int eq = s.IndexOf('=');
                if (eq >= 0)
                {
                    string k = s[..eq], v = s[(eq + 1)..];
                    cur = items.Where(x => x is JsonObject xo && xo[k] is JsonValue xv && PyStr(xv) == v).ToList();
                }
                else if (int.TryParse(s, out int idx))
                {
                    if (idx >= items.Count || idx < -items.Count) return Missing;
                    cur = items[idx < 0 ? items.Count + idx : idx];
                }
                else return Missing;
            }
            if (m.Groups[3].Success)
            {
                var items = cur switch { JsonArray a => a.Count, List<JsonNode> l => l.Count, _ => -1 };
                if (items < 0) return Missing;
                cur = JsonValue.Create(items);
            }
        }
        if (cur is List<JsonNode> filtered && segs[^1].Contains('[') && segs[^1].Contains('=') && !segs[^1].EndsWith("#count", StringComparison.Ordinal))
            return filtered.Count > 0 ? filtered[0] : Missing;
        return cur;
    }

    /// <summary>Python's str() of a JSON scalar, as compare.py matches selectors: True/False for booleans.</summary>
    private static string PyStr(JsonValue v) =>
        v.TryGetValue(out bool b) ? (b ? "True" : "False") : v.TryGetValue(out string? s) ? s : v.ToJsonString();
}

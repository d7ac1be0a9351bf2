using System.Text;
using System.Text.Json.Nodes;

namespace FlowAlp.Fuzzing;

/// <summary>
/// Seeded mutations of one input: on the JSON tree (delete or duplicate a key, swap a value for an extreme number, a
/// NaN-ish string, a huge array or deep nesting), on the text (flip, insert or delete bytes, truncate) and, for CSV,
/// on lines and fields. The same <see cref="Random"/> gives the same mutant.
/// </summary>
public static class Mutator
{
    private const string Hole = "@@FUZZ-HOLE@@";

    /// <summary>Raw JSON (or deliberately not JSON) put in place of a value.</summary>
    public static readonly string[] Extremes =
    [
        "0", "-1", "-0", "1e12", "1e9", "1e308", "-1e308", "1e999", "1e-320", "9223372036854775807", "9223372036854775808",
        "18446744073709551616", "0.000000001", "3.5", "NaN", "Infinity", "\"NaN\"", "\"Infinity\"", "\"-Infinity\"", "\"\"", "\" \"",
        "\"../../escape\"", "\"/abs/path\"", "\"a\\\"b;c\"", "null", "true", "[]", "{}", "\"-1\"", "\"1e12\"", "\"184467440737.09551616\"",
        "\"0.123456789\"", "\"\\u0000\"", "\"x/y\"", "\"..\"", "-9223372036854775809", "2147483648", "\"2147483648\"", "1.7976931348623157e308",
    ];

    public static (string Text, string What) MutateJson(string json, Random rng)
    {
        int op = rng.Next(10);
        if (op >= 7) return MutateText(json, rng);
        var root = JsonNode.Parse(json)!;
        var nodes = new List<JsonNode>();
        Walk(root, nodes);
        var target = nodes[rng.Next(nodes.Count)];
        switch (op)
        {
            case 0 or 1:
            {
                var objects = nodes.OfType<JsonObject>().Where(o => o.Count > 0).ToList();
                if (objects.Count == 0) goto default;
                var o = objects[rng.Next(objects.Count)];
                string key = o.ElementAt(rng.Next(o.Count)).Key;
                if (op == 0)
                {
                    o.Remove(key);
                    return (root.ToJsonString(), $"delete {key}");
                }
                // a duplicate key: the same name again with another value (a hole replaced in the text)
                o[Hole + "dup"] = Hole;
                string other = rng.Next(2) == 0 ? o[key]?.ToJsonString() ?? "null" : Pick(rng);
                return (root.ToJsonString().Replace($"\"{Hole}dup\":\"{Hole}\"", $"\"{key}\":{other}"), $"duplicate {key}");
            }
            default:
            {
                if (target == root) return MutateText(json, rng);
                string raw = rng.Next(12) switch
                {
                    0 => "[" + string.Join(",", Enumerable.Repeat("1", 100_000)) + "]",
                    1 => new string('[', 200) + new string(']', 200),
                    2 => new string('[', 10_000) + new string(']', 10_000),
                    3 => "\"" + new string('x', 100_000) + "\"",
                    _ => Pick(rng),
                };
                string path = target.GetPath();
                Replace(target, JsonValue.Create(Hole));
                return (root.ToJsonString().Replace($"\"{Hole}\"", raw), $"{path}={Short(raw)}");
            }
        }
    }

    /// <summary>A --set override: a field path of the seed (sometimes with a negative or past-the-end index) and an extreme value.</summary>
    public static (string Set, string What) Override(string json, Random rng)
    {
        var nodes = new List<JsonNode>();
        Walk(JsonNode.Parse(json)!, nodes);
        var leaves = nodes.Where(n => n is JsonValue).Select(n => n.GetPath().TrimStart('$').TrimStart('.')).Where(p => p.Length > 0).ToList();
        string path = leaves[rng.Next(leaves.Count)];
        if (rng.Next(4) == 0) path = System.Text.RegularExpressions.Regex.Replace(path, @"\[\d+\]", m => rng.Next(2) == 0 ? "[-1]" : "[99]");
        string value = Pick(rng);
        return ($"{path}={value}", $"--set {Short(path)}={Short(value)}");
    }

    public static (string Text, string What) MutateText(string text, Random rng)
    {
        var sb = new StringBuilder(text);
        switch (rng.Next(5))
        {
            case 0:
                int cut = rng.Next(text.Length + 1);
                return (text[..cut], $"truncate at {cut}");
            case 1:
                for (int i = 0, n = 1 + rng.Next(4); i < n && sb.Length > 0; i++) sb[rng.Next(sb.Length)] = (char)rng.Next(1, 128);
                return (sb.ToString(), "flip bytes");
            case 2:
                int at = rng.Next(sb.Length + 1);
                const string alphabet = "{}[]\",:-.0123456789eE\\ntrufalsNaI\u00e9\u0001";
                string junk = alphabet[rng.Next(alphabet.Length)].ToString();
                sb.Insert(at, junk);
                return (sb.ToString(), $"insert '{Short(junk)}' at {at}");
            case 3:
                int from = rng.Next(sb.Length + 1), len = Math.Min(sb.Length - from, 1 + rng.Next(8));
                sb.Remove(from, len);
                return (sb.ToString(), $"delete {len} at {from}");
            default:
                // a number token made extreme in place
                var m = System.Text.RegularExpressions.Regex.Matches(text, @"-?\d+(\.\d+)?([eE][-+]?\d+)?");
                if (m.Count == 0) return (text + "x", "append");
                var hit = m[rng.Next(m.Count)];
                string raw = Pick(rng);
                return (text[..hit.Index] + raw + text[(hit.Index + hit.Length)..], $"number at {hit.Index}={Short(raw)}");
        }
    }

    private static readonly string[] TimeValues = ["-1", "1e12", "abc", "2021-13-45T99:00:00Z", "2021-05-19T00:00:00Z", "170000000000000", "", "0.123456789", "1700000000", "NaN", "99999999999999999999999999999999"];
    private static readonly string[] PriceValues = ["0", "-1", "NaN", "1e400", "1e11", "0.000000001", "", "Infinity", "1,2", "184467440737.09551615", "\"1\""];

    /// <summary>CSV mutations: lines dropped, doubled or swapped, a field made extreme, fields added or removed, bytes, truncation.</summary>
    public static (string Text, string What) MutateCsv(string csv, Random rng)
    {
        var lines = csv.Split('\n').ToList();
        int i = rng.Next(lines.Count);
        switch (rng.Next(9))
        {
            case 0: lines.RemoveAt(i); return (string.Join('\n', lines), $"drop line {i + 1}");
            case 1: lines.Insert(i, lines[i]); return (string.Join('\n', lines), $"double line {i + 1}");
            case 2: int j = rng.Next(lines.Count); (lines[i], lines[j]) = (lines[j], lines[i]); return (string.Join('\n', lines), $"swap lines {i + 1},{j + 1}");
            case 3 or 4:
            {
                var f = lines[i].Split(',');
                bool time = rng.Next(2) == 0;
                int k = time ? 0 : Math.Min(2, f.Length - 1);
                string v = time ? TimeValues[rng.Next(TimeValues.Length)] : PriceValues[rng.Next(PriceValues.Length)];
                f[Math.Max(0, k)] = v;
                lines[i] = string.Join(',', f);
                return (string.Join('\n', lines), $"line {i + 1} {(time ? "time" : "price")}={Short(v)}");
            }
            case 5: lines[i] += rng.Next(2) == 0 ? ",extra" : ",,,"; return (string.Join('\n', lines), $"extra field line {i + 1}");
            case 6: lines[i] = lines[i].Contains(',') ? lines[i][..lines[i].LastIndexOf(',')] : ""; return (string.Join('\n', lines), $"drop field line {i + 1}");
            case 7: return (rng.Next(3) switch { 0 => "", 1 => "\uFEFF" + csv.Replace("\n", "\r\n"), _ => "\u0000\u0001\u00ff binary" }, "whole file");
            default: return MutateText(csv, rng);
        }
    }

    private static string Pick(Random rng) => Extremes[rng.Next(Extremes.Length)];

    private static string Short(string s) => s.Length <= 24 ? s : s[..12] + $"…({s.Length} chars)";

    private static void Walk(JsonNode? node, List<JsonNode> into)
    {
        if (node is null) return;
        into.Add(node);
        if (node is JsonObject o) foreach (var (_, v) in o.ToList()) Walk(v, into);
        else if (node is JsonArray a) foreach (var v in a.ToList()) Walk(v, into);
    }

    private static void Replace(JsonNode target, JsonNode with)
    {
        switch (target.Parent)
        {
            case JsonObject o: o[target.GetPropertyName()] = with; break;
            case JsonArray a: a[target.GetElementIndex()] = with; break;
        }
    }
}

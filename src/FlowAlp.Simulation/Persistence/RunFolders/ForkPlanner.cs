using System.Text.Json;
using FlowAlp.Scripting;
using FlowAlp.Simulation.Chaos;
using FlowAlp.Simulation.Running;
using FlowAlp.Simulation.Scenarios;
using FlowAlp.Engine.Core;
using FlowAlp.Engine.Operations;
using FlowAlp.Engine.World;

namespace FlowAlp.Simulation.Persistence;

/// <summary>
/// Turns a fork's overrides into what changes after its step, and refuses what cannot change mid-run:
/// <list type="bullet">
/// <item><c>prices.TOKEN…</c>: the token follows the new process from the fork on (spliced, no jump);</item>
/// <item><c>tokens[i].SETTING</c> (collateralFactor, borrowFactor, interestCurve, depositRate, depositCapacityCap,
/// depositLimitFraction, minimumBalance, insuranceRate, stabilityFeeRate) and <c>pool.SETTING</c> (liquidationTargetHealth,
/// dexOracleDeviationBps, paused, warmupSeconds): a governance step applied right after the fork step;</item>
/// <item>faults: new faults (from <c>--faults FILE</c> or <c>--set faults=[…]</c>), each starting after the fork step,
/// added to the source's or replacing the source's faults that start after the fork step.</item>
/// </list>
/// Populations, rebalancers, liquidators, the DEX and the seed are set up at step 0, so they are refused.
/// </summary>
public static class ForkPlanner
{
    private static readonly string[] TokenSettings =
        ["collateralFactor", "borrowFactor", "interestCurve", "depositRate", "depositCapacityCap", "depositLimitFraction", "minimumBalance", "insuranceRate", "stabilityFeeRate"];
    private static readonly string[] PoolSettings = ["liquidationTargetHealth", "dexOracleDeviationBps", "paused", "warmupSeconds"];

    /// <param name="faults">new faults (a JSON array of scenario fault objects), or null</param>
    /// <param name="replaceFaults">drop the source's faults that start after the fork step (else the new ones are added)</param>
    public static ForkSpec Plan(string scenarioJson, string baseDir, long at, IReadOnlyList<(string Path, string Value)> overrides, string? faults = null, bool replaceFaults = false)
    {
        var before = ScenarioParser.Parse(scenarioJson, baseDir);
        if (at < 0 || (ulong)at >= before.Steps) throw ScenarioException.Argument("at", $"must be a step between 0 and {before.Steps - 1}");
        var priceOverrides = new List<(string, string)>();
        var settings = new List<(string Path, string Value)>();
        foreach (var (path, value) in overrides)
        {
            if (path.StartsWith("prices.", StringComparison.Ordinal)) priceOverrides.Add((path, value));
            else if (path == "faults")
            {
                if (faults is not null) throw ScenarioException.Argument("set", "'faults': give new faults once (--faults FILE or --set faults=[…])");
                using (var doc = StrictJson.Parse(value, problem => ScenarioException.Argument("set", $"'faults': {problem}")))
                    if (doc.RootElement.ValueKind != JsonValueKind.Array) throw ScenarioException.Argument("set", "'faults': must be a JSON array of faults");
                faults = value;
                replaceFaults = true;
            }
            else if (SettingOf(path) is not null) settings.Add((path, value));
            else throw ScenarioException.Argument("set", $"'{path}': a fork changes prices.TOKEN…, tokens[i].SETTING, pool.SETTING or faults only (the rest is set up at step 0)");
        }
        string afterJson = ScenarioOverrides.Apply(scenarioJson, overrides.Where(o => o.Path != "faults"));
        var after = ScenarioParser.Parse(afterJson, baseDir); // a bad value is refused here, with its field
        var prices = priceOverrides.Select(o => o.Item1.Split('.')[1]).Distinct().ToDictionary(t => t, t => after.Prices[t]);
        var governance = Governance(scenarioJson, afterJson, settings.Select(s => s.Path), baseDir);
        var allFaults = faults is null ? null : Faults(scenarioJson, baseDir, before, at, faults, replaceFaults);
        return new ForkSpec(at, prices, governance, allFaults);
    }

    /// <summary>The setting a path changes ("tokens[0].collateralFactor" → (0, collateralFactor); "pool.paused" → (null, paused)), or null.</summary>
    private static (int? Token, string Setting)? SettingOf(string path)
    {
        var parts = path.Replace("]", "").Split('.', '[');
        if (parts.Length >= 2 && parts[0] == "pool" && PoolSettings.Contains(parts[1])) return (null, parts[1]);
        if (parts.Length >= 3 && parts[0] == "tokens" && int.TryParse(parts[1], out int i) && TokenSettings.Contains(parts[2])
            && (parts.Length == 3 || parts[2] == "interestCurve")) return (i, parts[2]);
        return null;
    }

    /// <summary>One governance step per changed setting (its new value read from the overridden scenario), parsed as a protocol script would be.</summary>
    private static IReadOnlyList<Step> Governance(string beforeJson, string afterJson, IEnumerable<string> paths, string baseDir)
    {
        var changed = paths.Select(p => SettingOf(p)!.Value).Distinct().ToList();
        if (changed.Count == 0) return [];
        using var beforeDoc = JsonDocument.Parse(beforeJson);
        using var afterDoc = JsonDocument.Parse(afterJson);
        JsonElement before = beforeDoc.RootElement, after = afterDoc.RootElement;
        var tokens = Member(before, "tokens") ?? throw ScenarioException.Argument("set", "'tokens' does not exist in the scenario");
        string script = JsonText.String(w =>
        {
            w.WriteStartObject();
            if (Member(before, "pool") is { } pool) { w.WritePropertyName("pool"); pool.WriteTo(w); }
            w.WritePropertyName("tokens");
            w.WriteRawValue(InterestRateCsvReader.Inline(tokens, baseDir)); // a csv rate path as its opening fixed curve
            w.WriteStartArray("steps");
            foreach (var (token, setting) in changed)
            {
                w.WriteStartObject();
                w.WriteString("op", "governance");
                w.WriteString("set", setting);
                JsonElement? value;
                if (token is int i)
                {
                    string symbol = Symbol(before, i) ?? throw ScenarioException.Argument("set", $"'tokens[{i}]' does not exist in the scenario");
                    if (Symbol(after, i) != symbol) throw ScenarioException.Argument("set", $"'tokens[{i}].symbol': a fork cannot rename a token");
                    w.WriteString("token", symbol);
                    value = Member(Member(after, "tokens")!.Value[i], setting);
                }
                else value = Member(after, "pool") is { } p ? Member(p, setting) : null;
                w.WritePropertyName("value");
                if (value is { } v) v.WriteTo(w);
                else w.WriteNullValue();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        });
        try { return ScriptParser.Parse(script).Steps; }
        catch (ScriptFormatException e) { throw ScenarioException.Argument("set", e.Message); }
    }

    /// <summary>An object's member that is there and not null, or null (also when <paramref name="o"/> is not an object).</summary>
    private static JsonElement? Member(JsonElement o, string name) =>
        o.ValueKind == JsonValueKind.Object && o.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v : null;

    /// <summary>tokens[i].symbol of a scenario, or null.</summary>
    private static string? Symbol(JsonElement scenario, int i) =>
        Member(scenario, "tokens") is { ValueKind: JsonValueKind.Array } t && i >= 0 && i < t.GetArrayLength() && Member(t[i], "symbol") is { ValueKind: JsonValueKind.String } s
            ? s.GetString() : null;

    /// <summary>The fork's faults: the source's (all, or those up to the fork step), then the new ones, each after the fork step.</summary>
    private static IReadOnlyList<Fault> Faults(string scenarioJson, string baseDir, Scenario before, long at, string faults, bool replace)
    {
        // validated as the scenario's own faults ("faults[j].field: …")
        var added = ScenarioParser.Parse(ScenarioOverrides.Apply(scenarioJson, [("faults", faults)]), baseDir).Faults;
        ulong forkTime = (ulong)at * before.StepSeconds;
        var kept = before.Faults.Where(f => !replace || f.At <= forkTime).ToList();
        var all = new List<Fault>(kept);
        foreach (var f in added)
        {
            if (f.At <= forkTime) throw new ScenarioException($"faults[{f.Index}].atHours", $"must be after the fork step {at} (t = {forkTime} s)");
            all.Add(f with { Index = before.Faults.Count + f.Index }); // its own seed stream, distinct from every source fault's
        }
        return all;
    }
}

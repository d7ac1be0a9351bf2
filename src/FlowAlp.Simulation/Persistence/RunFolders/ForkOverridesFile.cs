using System.Text.Json;
using System.Text.Json.Nodes;
using FlowAlp.Simulation.Scenarios;

namespace FlowAlp.Simulation.Persistence;

/// <summary>
/// `flowalp fork … --scenario FILE`: a fork's future as a partial scenario, e.g.
/// <c>{ "prices": { "FLOW": { "process": "gbm", … } }, "tokens": { "FLOW": { "collateralFactor": "0.7" } }, "pool": { "paused": true }, "faults": [ … ] }</c>.
/// It becomes the same overrides as <c>--set</c> (tokens are named by symbol here, by index there) and the faults as
/// <c>--faults</c>, so <see cref="ForkPlanner"/> decides what may change. A config reader (a JSON tree is its input).
/// </summary>
public static class ForkOverridesFile
{
    public static (List<string> Sets, string? Faults) Read(string file, string sourceScenarioJson)
    {
        string text = InputFile.ReadText(file, ScenarioLimits.MaxJsonBytes, reason => ScenarioException.Argument("scenario", reason));
        var root = FlowAlp.Scripting.StrictJson.ParseNode(text, problem => ScenarioException.Argument("scenario", $"'{file}': {problem}")) as JsonObject
            ?? throw ScenarioException.Argument("scenario", $"'{file}' must hold a JSON object");
        var symbols = (JsonNode.Parse(sourceScenarioJson)?["tokens"] as JsonArray ?? [])
            .Select((t, i) => (Symbol: t?["symbol"]?.GetValue<string>(), Index: i)).Where(t => t.Symbol is not null).ToDictionary(t => t.Symbol!, t => t.Index);
        var sets = new List<string>();
        JsonArray? faults = null;
        foreach (var (key, value) in root)
        {
            switch (key)
            {
                case "prices":
                    foreach (var (token, spec) in Object(value, "prices")) sets.Add($"prices.{token}={spec?.ToJsonString() ?? "null"}");
                    break;
                case "tokens":
                    foreach (var (symbol, settings) in Object(value, "tokens"))
                    {
                        if (!symbols.TryGetValue(symbol, out int i)) throw ScenarioException.Argument("scenario", $"'tokens.{symbol}': the source run has no token {symbol}");
                        foreach (var (setting, v) in Object(settings, $"tokens.{symbol}")) sets.Add($"tokens[{i}].{setting}={v?.ToJsonString() ?? "null"}");
                    }
                    break;
                case "pool":
                    foreach (var (setting, v) in Object(value, "pool")) sets.Add($"pool.{setting}={v?.ToJsonString() ?? "null"}");
                    break;
                case "faults":
                    faults = value as JsonArray ?? throw ScenarioException.Argument("scenario", "'faults': must be a JSON array of faults");
                    faults = (JsonArray)faults.DeepClone();
                    break;
                default:
                    throw ScenarioException.Argument("scenario", $"'{key}': a fork changes prices, tokens, pool or faults only (the rest is set up at step 0)");
            }
        }
        if (sets.Count == 0 && faults is null) throw ScenarioException.Argument("scenario", $"'{file}' changes nothing");
        return (sets, faults?.ToJsonString());
    }

    private static JsonObject Object(JsonNode? node, string field) =>
        node as JsonObject ?? throw ScenarioException.Argument("scenario", $"'{field}': must be a JSON object");
}

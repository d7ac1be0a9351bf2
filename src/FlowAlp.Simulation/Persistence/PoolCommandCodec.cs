using System.Text.Json.Nodes;
using FlowAlp.Actors.Pool;
using FlowAlp.Actors.Rebalancing;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Scripting;
using FlowAlp.Engine.Connectors;
using FlowAlp.Engine.Core;
using FlowAlp.Engine.Operations;
using FlowAlp.Engine.Rebalancing;
using FlowAlp.Engine.World;

namespace FlowAlp.Simulation.Persistence;

/// <summary>
/// The pool commands the persistent pool journals, as JSON (the journal's format) and back as the supervisor's messages:
/// script steps (kept as the protocol script's own JSON, parsed against the pool's set-up), ticks, and the configuration
/// changes that need no live actor reference (rebalancers, the rebalance supervisor, connectors).
/// </summary>
public sealed class PoolCommandCodec
{
    private readonly JsonObject _setup;

    /// <summary>The pool's set-up (the script's steps, if any, left out).</summary>
    public Script Setup { get; }

    /// <param name="setupJson">a protocol script; it is validated here, and its steps are ignored</param>
    public PoolCommandCodec(string setupJson)
    {
        _setup = JsonNode.Parse(setupJson) as JsonObject ?? throw new ScriptFormatException("script", "must be a JSON object");
        _setup["steps"] = new JsonArray();
        Setup = ScriptParser.Parse(_setup.ToJsonString());
    }

    /// <summary>The journal form of a command, or null when the message is not a journaled command.</summary>
    public static JsonObject? Encode(object message) => message switch
    {
        RunScriptStepJson s => new JsonObject { ["op"] = "step", ["step"] = JsonNode.Parse(s.Step) },
        Tick t => new JsonObject { ["op"] = "tick", ["time"] = t.Time.ToString() },
        AddRebalancer a => new JsonObject
        {
            ["op"] = "addRebalancer", ["position"] = a.Position, ["intervalSeconds"] = a.Spec.IntervalSeconds, ["force"] = a.Spec.Force,
            ["fee"] = a.Spec.FeeWithMargin.ToString(), ["feeToken"] = a.Spec.FeeToken, ["funder"] = a.Spec.Funder, ["paid"] = a.Spec.Paid,
        },
        RemoveRebalancer r => new JsonObject { ["op"] = "removeRebalancer", ["position"] = r.Position },
        EnableRebalanceSupervisor e => new JsonObject { ["op"] = "enableRebalanceSupervisor", ["cronSeconds"] = e.CronSeconds },
        SetTopUpSource s => new JsonObject { ["op"] = "setTopUpSource", ["position"] = s.Position, ["connector"] = Connector(s.Source) },
        SetDrawDownSink s => new JsonObject { ["op"] = "setDrawDownSink", ["position"] = s.Position, ["connector"] = Connector(s.Sink) },
        _ => null,
    };

    /// <summary>The supervisor's message for a journaled command; a malformed step throws <see cref="ScriptFormatException"/> ("step…: reason").</summary>
    public object Decode(JsonObject c) => c["op"]!.GetValue<string>() switch
    {
        "step" => new RunScriptStep(ParseStep(c["step"]!)),
        "tick" => new Tick(UFix64.Parse(c["time"]!.GetValue<string>())),
        "addRebalancer" => new AddRebalancer(c["position"]!.GetValue<long>(), new RebalancerSpec(c["intervalSeconds"]!.GetValue<ulong>(), c["force"]!.GetValue<bool>(),
            UFix64.Parse(c["fee"]!.GetValue<string>()), c["feeToken"]!.GetValue<string>(), c["funder"]!.GetValue<string>(), c["paid"]!.GetValue<bool>())),
        "removeRebalancer" => new RemoveRebalancer(c["position"]!.GetValue<long>()),
        "enableRebalanceSupervisor" => new EnableRebalanceSupervisor(c["cronSeconds"]!.GetValue<ulong>()),
        "setTopUpSource" => new SetTopUpSource(c["position"]!.GetValue<long>(), Connector(c["connector"])),
        "setDrawDownSink" => new SetDrawDownSink(c["position"]!.GetValue<long>(), Connector(c["connector"])),
        var op => throw new FormatException($"command.op: unknown '{op}' (written by a newer flowalp?)"),
    };

    /// <summary>One step, validated exactly as a whole protocol script with this set-up would be.</summary>
    private Step ParseStep(JsonNode step)
    {
        var script = (JsonObject)_setup.DeepClone();
        script["steps"] = new JsonArray(step.DeepClone());
        return ScriptParser.Parse(script.ToJsonString()).Steps[0];
    }

    private static JsonNode? Connector(ConnectorSpec? c) => c switch
    {
        null => null,
        WalletConnector w => new JsonObject { ["kind"] = "wallet", ["account"] = w.Account },
        PositionConnector p => new JsonObject { ["kind"] = "position", ["position"] = p.Position, ["chained"] = p.Chained },
        YieldVaultConnector y => new JsonObject { ["kind"] = "yieldVault", ["vault"] = y.Vault },
        DexLiquidityConnector d => new JsonObject { ["kind"] = "dexLiquidity", ["name"] = d.Name },
        DeadConnector => new JsonObject { ["kind"] = "dead" },
        _ => throw new ArgumentException($"connector: {c.GetType().Name} is not journaled"),
    };

    private static ConnectorSpec? Connector(JsonNode? j) => j is null ? null : j["kind"]!.GetValue<string>() switch
    {
        "wallet" => new WalletConnector(j["account"]!.GetValue<string>()),
        "position" => new PositionConnector(j["position"]!.GetValue<long>(), j["chained"]!.GetValue<bool>()),
        "yieldVault" => new YieldVaultConnector(j["vault"]!.GetValue<string>()),
        "dexLiquidity" => new DexLiquidityConnector(j["name"]!.GetValue<string>()),
        "dead" => new DeadConnector(),
        var k => throw new FormatException($"connector.kind: unknown '{k}'"),
    };
}

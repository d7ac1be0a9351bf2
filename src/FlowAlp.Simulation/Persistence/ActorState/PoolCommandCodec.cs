using System.Text.Json;
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
    /// <summary>The set-up script's fields other than "steps" (a step is parsed inside them).</summary>
    private readonly JsonElement _setup;

    /// <summary>The pool's set-up (the script's steps, if any, left out).</summary>
    public Script Setup { get; }

    /// <param name="setupJson">a protocol script; it is validated here, and its steps are ignored</param>
    public PoolCommandCodec(string setupJson)
    {
        using var doc = StrictJson.Parse(setupJson, problem => new ScriptFormatException("script", problem));
        if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new ScriptFormatException("script", "must be a JSON object");
        _setup = doc.RootElement.Clone();
        Setup = ScriptParser.Parse(WithSteps(null));
    }

    /// <summary>The journal form of a command (compact JSON), or null when the message is not a journaled command.</summary>
    /// <exception cref="JsonException">a script step that is not JSON</exception>
    public static string? Encode(object message) => message switch
    {
        RunScriptStepJson s => Command("step", w => { w.WritePropertyName("step"); JsonText.WriteValue(w, s.Step); }),
        Tick t => Command("tick", w => w.WriteString("time", t.Time.ToString())),
        AddRebalancer a => Command("addRebalancer", w =>
        {
            w.WriteNumber("position", a.Position);
            w.WriteNumber("intervalSeconds", a.Spec.IntervalSeconds);
            w.WriteBoolean("force", a.Spec.Force);
            w.WriteString("fee", a.Spec.FeeWithMargin.ToString());
            w.WriteString("feeToken", a.Spec.FeeToken);
            w.WriteString("funder", a.Spec.Funder);
            w.WriteBoolean("paid", a.Spec.Paid);
        }),
        RemoveRebalancer r => Command("removeRebalancer", w => w.WriteNumber("position", r.Position)),
        EnableRebalanceSupervisor e => Command("enableRebalanceSupervisor", w => w.WriteNumber("cronSeconds", e.CronSeconds)),
        SetTopUpSource s => Command("setTopUpSource", w => { w.WriteNumber("position", s.Position); WriteConnector(w, s.Source); }),
        SetDrawDownSink s => Command("setDrawDownSink", w => { w.WriteNumber("position", s.Position); WriteConnector(w, s.Sink); }),
        _ => null,
    };

    /// <summary>
    /// The supervisor's message for a journaled command; a field missing or of the wrong kind throws <see cref="FormatException"/>
    /// naming it, a malformed step <see cref="ScriptFormatException"/> ("step…: reason").
    /// </summary>
    public object Decode(string command)
    {
        using var doc = StrictJson.Parse(command, problem => new FormatException($"command: {problem}"));
        var c = doc.RootElement.ValueKind == JsonValueKind.Object ? doc.RootElement : throw new FormatException("command: not a JSON object");
        return JsonRow.String(c, "op") switch
        {
            "step" => new RunScriptStep(ParseStep(JsonRow.Field(c, "step"))),
            "tick" => new Tick(UFix64.Parse(JsonRow.String(c, "time"))),
            "addRebalancer" => new AddRebalancer(JsonRow.Long(c, "position"), new RebalancerSpec(JsonRow.ULong(c, "intervalSeconds"), JsonRow.Bool(c, "force"),
                UFix64.Parse(JsonRow.String(c, "fee")), JsonRow.String(c, "feeToken"), JsonRow.String(c, "funder"), JsonRow.Bool(c, "paid"))),
            "removeRebalancer" => new RemoveRebalancer(JsonRow.Long(c, "position")),
            "enableRebalanceSupervisor" => new EnableRebalanceSupervisor(JsonRow.ULong(c, "cronSeconds")),
            "setTopUpSource" => new SetTopUpSource(JsonRow.Long(c, "position"), ReadConnector(c)),
            "setDrawDownSink" => new SetDrawDownSink(JsonRow.Long(c, "position"), ReadConnector(c)),
            var op => throw new FormatException($"command.op: unknown '{op}' (written by a newer flowalp?)"),
        };
    }

    /// <summary>One step, validated exactly as a whole protocol script with this set-up would be.</summary>
    private Step ParseStep(JsonElement step) => ScriptParser.Parse(WithSteps(step)).Steps[0];

    /// <summary>The set-up script with "steps" holding <paramref name="step"/> alone (or nothing).</summary>
    private string WithSteps(JsonElement? step) => JsonText.String(w =>
    {
        w.WriteStartObject();
        foreach (var p in _setup.EnumerateObject())
            if (p.Name != "steps") p.WriteTo(w);
        w.WriteStartArray("steps");
        step?.WriteTo(w);
        w.WriteEndArray();
        w.WriteEndObject();
    });

    private static string Command(string op, Action<Utf8JsonWriter> fields) => JsonText.String(w =>
    {
        w.WriteStartObject();
        w.WriteString("op", op);
        fields(w);
        w.WriteEndObject();
    });

    private static void WriteConnector(Utf8JsonWriter w, ConnectorSpec? c)
    {
        w.WritePropertyName("connector");
        if (c is null) { w.WriteNullValue(); return; }
        w.WriteStartObject();
        switch (c)
        {
            case WalletConnector x: w.WriteString("kind", "wallet"); w.WriteString("account", x.Account); break;
            case PositionConnector x: w.WriteString("kind", "position"); w.WriteNumber("position", x.Position); w.WriteBoolean("chained", x.Chained); break;
            case YieldVaultConnector x: w.WriteString("kind", "yieldVault"); w.WriteString("vault", x.Vault); break;
            case DexLiquidityConnector x: w.WriteString("kind", "dexLiquidity"); w.WriteString("name", x.Name); break;
            case DeadConnector: w.WriteString("kind", "dead"); break;
            default: throw new ArgumentException($"connector: {c.GetType().Name} is not journaled");
        }
        w.WriteEndObject();
    }

    private static ConnectorSpec? ReadConnector(JsonElement command)
    {
        if (JsonRow.Optional(command, "connector") is not { } j) return null;
        if (j.ValueKind != JsonValueKind.Object) throw new FormatException("'connector': must be a JSON object");
        return JsonRow.String(j, "kind") switch
        {
            "wallet" => new WalletConnector(JsonRow.String(j, "account")),
            "position" => new PositionConnector(JsonRow.Long(j, "position"), JsonRow.Bool(j, "chained")),
            "yieldVault" => new YieldVaultConnector(JsonRow.String(j, "vault")),
            "dexLiquidity" => new DexLiquidityConnector(JsonRow.String(j, "name")),
            "dead" => new DeadConnector(),
            var k => throw new FormatException($"connector.kind: unknown '{k}'"),
        };
    }
}

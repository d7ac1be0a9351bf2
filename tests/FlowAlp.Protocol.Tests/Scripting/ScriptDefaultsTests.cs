using System.Text.Json.Nodes;
using FlowAlp.Engine.Operations;
using FlowAlp.Scripting;

namespace FlowAlp.Protocol.Tests.Scripting;

/// <summary>
/// protocol-script.md: every field but `tokens` and `steps` is optional, with the spec §9 defaults. A token that gives only
/// its symbol and factors gets FixedCurve(0), depositRate and depositCapacityCap 1,000,000, depositLimitFraction 0.05,
/// minimumBalance 1.0, insuranceRate 0 and stabilityFeeRate 0.05 — the same pool as one that spells them all out.
/// </summary>
public class ScriptDefaultsTests
{
    private const string Query = """[{"op":"query","what":"pool"}]""";

    [Fact]
    public void Omitted_token_fields_take_the_spec_9_defaults()
    {
        var pool = PoolOf("""{"tokens":[{"symbol":"FLOW","collateralFactor":"0.8","borrowFactor":"1.0"}],"steps":""" + Query + "}");
        var flow = pool["result"]!["tokens"]!["FLOW"]!;
        Assert.Equal("1000000.00000000", flow["depositRate"]!.ToString());
        Assert.Equal("1000000.00000000", flow["depositCapacityCap"]!.ToString());
        Assert.Equal("0.05000000", flow["depositLimitFraction"]!.ToString());
        Assert.Equal("1.00000000", flow["minimumBalance"]!.ToString());
        Assert.Equal("0.00000000", flow["insuranceRate"]!.ToString());
        Assert.Equal("0.05000000", flow["stabilityFeeRate"]!.ToString());
        Assert.Equal("0.8", flow["collateralFactor"]!.ToString().TrimEnd('0'));
    }

    [Fact]
    public void A_short_token_gives_the_same_pool_as_the_spelt_out_defaults()
    {
        string full = """{"tokens":[{"symbol":"FLOW","collateralFactor":"0.8","borrowFactor":"1.0","interestCurve":{"kind":"fixed","yearlyRate":"0"},"depositRate":"1000000","depositCapacityCap":"1000000","depositLimitFraction":"0.05","minimumBalance":"1.0","insuranceRate":"0","stabilityFeeRate":"0.05"}],"prices":{"FLOW":"1"},"accounts":{"a":{"FLOW":"1000"}},"steps":""" + Steps + "}";
        string brief = """{"tokens":[{"symbol":"FLOW","collateralFactor":"0.8","borrowFactor":"1.0"}],"prices":{"FLOW":"1"},"accounts":{"a":{"FLOW":"1000"}},"steps":""" + Steps + "}";
        var a = ScriptRunner.RunText(full).ToList();
        Assert.Equal(a, ScriptRunner.RunText(brief).ToList());
        Assert.Equal(5, a.Count);
        Assert.Contains("\"position\":0", a[0]);
    }

    private const string Steps = """[{"op":"createPosition","as":"a","deposit":{"token":"FLOW","amount":"1000"},"pushToDrawDownSink":true,"drawDownSink":"a","topUpSource":"a"},{"op":"advanceTime","seconds":"86400"},{"op":"query","what":"health","position":0},{"op":"query","what":"position","position":0},{"op":"query","what":"pool"}]""";

    [Fact]
    public void The_symbol_and_factors_are_still_required()
    {
        var e = Assert.Throws<ScriptFormatException>(() => ScriptRunner.Load("""{"tokens":[{"symbol":"FLOW","borrowFactor":"1.0"}],"steps":[]}"""));
        Assert.Equal("tokens[0]: field 'collateralFactor': is missing", e.Message);
    }

    private static JsonNode PoolOf(string script) => JsonNode.Parse(ScriptRunner.RunText(script).Single())!;
}

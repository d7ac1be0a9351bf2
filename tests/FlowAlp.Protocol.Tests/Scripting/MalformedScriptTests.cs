using FlowAlp.Scripting;
using FlowAlp.Engine.Core;
using FlowAlp.Engine.Operations;
using FlowAlp.Engine.World;

namespace FlowAlp.Protocol.Tests.Scripting;

/// <summary>Malformed scripts are refused before anything runs, with one line naming the step (or section) and the field.</summary>
public class MalformedScriptTests
{
    private const string Tokens = """[{"symbol":"FLOW","collateralFactor":"0.8","borrowFactor":"1.0","interestCurve":{"kind":"fixed","yearlyRate":"0"},"depositRate":"1000000","depositCapacityCap":"1000000"}]""";
    private static string WithSteps(string steps) => $$$"""{"tokens":{{{Tokens}}},"prices":{"FLOW":"1"},"accounts":{"a":{"FLOW":"100"}},"steps":[{{{steps}}}]}""";

    public static TheoryData<string, string> Cases => new()
    {
        { "{\"tokens\": [", "script: invalid JSON" },
        { "[]", "script: must be a JSON object" },
        { """{"steps":[]}""", "script: field 'tokens': is missing" },
        { $$"""{"tokens":{{Tokens}}}""", "script: field 'steps': is missing" },
        { $$"""{"tokens":{{Tokens}},"steps":[],"bogus":1}""", "script: unknown field 'bogus'" },
        { WithSteps("""{"op":"explode"}"""), "step 0 (explode): field 'op': unknown op 'explode'" },
        { WithSteps("""{"position":0}"""), "step 0: field 'op': is missing" },
        { WithSteps("""{"op":"deposit","position":0,"as":"a","token":"DOGE","amount":"1"}"""), "step 0 (deposit): field 'token': unknown token 'DOGE'" },
        { WithSteps("""{"op":"deposit","position":0,"as":"a","token":"FLOW","amount":"-5"}"""), "step 0 (deposit): field 'amount': '-5' is negative" },
        { WithSteps("""{"op":"deposit","position":0,"as":"a","token":"FLOW"}"""), "step 0 (deposit): field 'amount': is missing" },
        { WithSteps("""{"op":"deposit","position":0,"as":"a","token":"FLOW","amount":"1.123456789"}"""), "step 0 (deposit): field 'amount': '1.123456789' has more than 8 decimal places" },
        { WithSteps("""{"op":"deposit","position":0,"as":"a","token":"FLOW","amount":"lots"}"""), "step 0 (deposit): field 'amount': 'lots' is not a decimal number" },
        { WithSteps("""{"op":"deposit","position":-1,"as":"a","token":"FLOW","amount":"1"}"""), "step 0 (deposit): field 'position': must be a non-negative integer" },
        { WithSteps("""{"op":"withdraw","position":0,"as":"a","token":"FLOW","amount":"1","pull":"yes"}"""), "step 0 (withdraw): field 'pull': must be true or false" },
        { WithSteps("""{"op":"advanceTime","seconds":"10","extra":true}"""), "step 0 (advanceTime): unknown field 'extra'" },
        { WithSteps("""{"op":"query","what":"everything"}"""), "step 0 (query): field 'what': unknown query 'everything'" },
        { WithSteps("""{"op":"governance","set":"moonMode","value":"1"}"""), "step 0 (governance): field 'set': unknown setting 'moonMode'" },
        { WithSteps("""{"op":"setDexPrice","pair":"FLOWMOET","price":"1"}"""), "step 0 (setDexPrice): field 'pair': 'FLOWMOET' is not a pair like FLOW/MOET" },
        { WithSteps("""{"op":"createPosition","as":"a","deposit":{"token":"FLOW"}}"""), "step 0 (createPosition) deposit: field 'amount': is missing" },
        { """{"tokens":[{"symbol":"FLOW","collateralFactor":"1.5","borrowFactor":"1","interestCurve":{"kind":"fixed","yearlyRate":"0"},"depositRate":"1","depositCapacityCap":"1"}],"steps":[]}""", "tokens[0]: field 'collateralFactor': must be in (0, 1]" },
        { """{"tokens":[{"symbol":"FLOW","collateralFactor":"0.5","borrowFactor":"1","interestCurve":{"kind":"kink","optimalUtilization":"0.995","baseRate":"0","slope1":"0.04","slope2":"0.6"},"depositRate":"1","depositCapacityCap":"1"}],"steps":[]}""", "tokens[0]: field 'interestCurve': Optimal utilization must be between 1% and 99%" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Malformed_script_is_refused_with_the_step_and_field(string script, string message)
    {
        var e = Assert.Throws<ScriptFormatException>(() => ScriptRunner.Load(script));
        Assert.StartsWith(message, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Unknown_token_in_governance_is_the_protocols_runtime_failure_not_a_format_error()
    {
        var line = ScriptRunner.RunText(WithSteps("""{"op":"governance","set":"insuranceRate","token":"NOPE","value":"0.1"}""")).Single();
        Assert.Contains("\"ok\":false", line);
        Assert.Contains("Unsupported token type NOPE", line);
    }
}

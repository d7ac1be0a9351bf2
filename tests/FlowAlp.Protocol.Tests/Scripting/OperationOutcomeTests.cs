using FlowAlp.Protocol.Events;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Scripting;
using FlowAlp.Engine.Core;
using FlowAlp.Engine.Operations;
using FlowAlp.Engine.World;

namespace FlowAlp.Protocol.Tests.Scripting;

/// <summary>
/// The runner returns typed outcomes: results and events as records, reverts with the protocol's reason and no events;
/// the script line is only a rendering of the outcome.
/// </summary>
public class OperationOutcomeTests
{
    private const string Script = """
        {"tokens":[{"symbol":"FLOW","collateralFactor":"0.8","borrowFactor":"1.0","interestCurve":{"kind":"fixed","yearlyRate":"0"},"depositRate":"1000000","depositCapacityCap":"1000000"}],
         "prices":{"FLOW":"1"},"accounts":{"a":{"FLOW":"100"}},"steps":[
          {"op":"createPosition","as":"a","deposit":{"token":"FLOW","amount":"10"}},
          {"op":"deposit","position":0,"as":"a","token":"FLOW","amount":"5"},
          {"op":"withdraw","position":0,"as":"a","token":"FLOW","amount":"1000"},
          {"op":"query","what":"account","account":"a"}]}
        """;

    private static UFix64 U(string s) => UFix64.Parse(s);

    [Fact]
    public void Each_operation_returns_its_typed_result_and_events()
    {
        var script = ScriptParser.Parse(Script);
        var runner = new ScriptRunner(script);
        var outcomes = script.Steps.Select(runner.RunStep).ToList();

        var created = outcomes[0];
        Assert.Equal((0, "createPosition", OutcomeStatus.Ok), (created.Step, created.Op, created.Status));
        Assert.Equal(new PositionCreated(0), created.Result);
        Assert.Equal(new object[] { new Opened(0), new DepositCapacityConsumed("FLOW", 0, U("10"), U("999990")), new Deposited(0, "FLOW", U("10")) }, created.Events);
        Assert.Equal(new long[] { 0 }, created.TouchedPositions());

        Assert.Equal(new DepositAccepted(U("5"), UFix64.Zero), outcomes[1].Result);

        var refused = outcomes[2];
        Assert.Equal(OutcomeStatus.Reverted, refused.Status);
        Assert.False(refused.Ok);
        Assert.Null(refused.Result);
        Assert.Equal("Cannot withdraw 1000.00000000 of FLOW from position ID 0 - Insufficient funds for withdrawal", refused.Error);
        Assert.Empty(refused.Events);
        Assert.Empty(refused.TouchedPositions());

        var account = Assert.IsType<AccountResult>(outcomes[3].Result);
        Assert.Equal("a", account.Account);
        Assert.Equal(new[] { KeyValuePair.Create("FLOW", U("85")) }, account.Balances);
    }

    [Fact]
    public void The_script_line_is_rendered_from_the_outcome()
    {
        var script = ScriptParser.Parse(Script);
        var runner = new ScriptRunner(script);
        var lines = script.Steps.Select(s => ScriptOutput.Line(runner.RunStep(s))).ToList();

        Assert.Equal(ScriptRunner.RunText(Script), lines);
        Assert.Equal("""{"step":2,"op":"withdraw","ok":false,"error":"Cannot withdraw 1000.00000000 of FLOW from position ID 0 - Insufficient funds for withdrawal"}""", lines[2]);
        Assert.Equal("""{"step":3,"op":"query","ok":true,"result":{"account":"a","balances":{"FLOW":"85.00000000"}},"events":[]}""", lines[3]);
    }
}

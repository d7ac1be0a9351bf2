using System.Text.Json.Nodes;

namespace FlowAlp.Protocol.Tests.Conformance;

/// <summary>The checker must be able to fail, or a green conformance run means nothing.</summary>
public class ExpectationCheckerTests
{
    private static readonly Dictionary<int, JsonObject> Lines = new()
    {
        [0] = JsonNode.Parse("""{"step":0,"op":"createPosition","ok":true,"result":{"position":0},"events":[{"type":"Rebalanced","amount":"615.38461538","fromUnder":false}]}""")!.AsObject(),
        [1] = JsonNode.Parse("""{"step":1,"op":"withdraw","ok":false,"error":"Cannot withdraw - Insufficient funds for withdrawal"}""")!.AsObject(),
    };

    private static List<string> Check(string expectation) => ExpectationChecker.CheckAll(Lines, JsonNode.Parse($"[{expectation}]")!.AsArray());

    [Fact]
    public void Exact_match_passes_and_a_last_digit_difference_fails()
    {
        Assert.Empty(Check("""{"step":0,"path":"events[type=Rebalanced].amount","value":"615.38461538","tol":"0"}"""));
        var fails = Check("""{"step":0,"path":"events[type=Rebalanced].amount","value":"615.38461539","tol":"0"}""");
        Assert.Single(fails);
        Assert.Contains("expected 615.38461539, got 615.38461538", fails[0]);
    }

    [Fact]
    public void Tolerance_counts_and_selectors_resolve()
    {
        Assert.Empty(Check("""{"step":0,"path":"events[type=Rebalanced].amount","value":"615.38","tol":"0.01"}"""));
        Assert.Single(Check("""{"step":0,"path":"events[type=Rebalanced].amount","value":"615.30","tol":"0.01"}"""));
        Assert.Empty(Check("""{"step":0,"path":"events[type=Rebalanced]#count","value":1,"tol":"0"}"""));
        Assert.Single(Check("""{"step":0,"path":"events[type=Withdrawn]#count","value":1,"tol":"0"}"""));
        Assert.Empty(Check("""{"step":0,"path":"events[fromUnder=False].amount","value":"615.38461538","tol":"0"}"""));
    }

    [Fact]
    public void Errors_ok_flags_absent_and_missing()
    {
        Assert.Empty(Check("""{"step":1,"path":"error_contains","value":"insufficient funds","tol":"0"}"""));
        Assert.Single(Check("""{"step":1,"path":"error_contains","value":"Reentrancy","tol":"0"}"""));
        Assert.Single(Check("""{"step":1,"path":"ok","value":true,"tol":"0"}"""));
        Assert.Empty(Check("""{"step":0,"path":"events[type=Withdrawn].amount","value":null,"tol":"0","absent":true}"""));
        Assert.Single(Check("""{"step":0,"path":"events[type=Rebalanced].amount","value":null,"tol":"0","absent":true}"""));
        Assert.Empty(Check("""{"step":0,"path":"result.balances.MOET.amount","value":"0","tol":"0","missing_ok":true}"""));
        Assert.Single(Check("""{"step":1,"path":"result.balances.MOET.amount","value":"0","tol":"0"}"""));
        Assert.Single(Check("""{"step":7,"path":"ok","value":true,"tol":"0"}"""));
    }
}

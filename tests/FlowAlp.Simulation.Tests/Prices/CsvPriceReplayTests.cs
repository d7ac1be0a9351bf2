using FlowAlp.Protocol.Numerics;
using FlowAlp.Simulation.Prices;

namespace FlowAlp.Simulation.Tests.Prices;

public class CsvPriceReplayTests
{
    private const string Csv = """
        timestamp,token,price
        0,FLOW,0.75
        0,MOET,1.0
        # comment lines and blank lines are skipped

        60, FLOW ,0.7
        90.5,FLOW,0.65432101
        3600,MOET,0.999
        """;

    [Fact]
    public void ReplaysAsAStepFunctionWithExactValues()
    {
        var replay = CsvPriceReplay.Parse(Csv);
        Assert.Equal(["FLOW", "MOET"], replay.Tokens);
        var flow = replay.PathFor("FLOW");
        Assert.Equal(UFix64.Parse("0.75"), flow.SampleAt(UFix64.Zero)!.Value.Price);
        Assert.Equal(UFix64.Parse("0.75"), flow.SampleAt(UFix64.Parse("59.99999999"))!.Value.Price);
        Assert.Equal(UFix64.Parse("0.7"), flow.SampleAt(UFix64.FromInteger(60))!.Value.Price);
        Assert.Equal(UFix64.Parse("0.7"), flow.SampleAt(UFix64.Parse("90.4"))!.Value.Price);
        Assert.Equal(UFix64.Parse("0.65432101"), flow.SampleAt(UFix64.Parse("90.5"))!.Value.Price);
        Assert.Equal(UFix64.Parse("0.65432101"), flow.SampleAt(UFix64.FromInteger(1_000_000))!.Value.Price);
        Assert.Equal(UFix64.Parse("1"), replay.Paths["MOET"].SampleAt(UFix64.FromInteger(3599))!.Value.Price);
        Assert.Equal(UFix64.Parse("0.999"), replay.Paths["MOET"].SampleAt(UFix64.FromInteger(3600))!.Value.Price);
    }

    [Fact]
    public void AnyStepSizeSeesTheSameRecords()
    {
        var flow = CsvPriceReplay.Parse(Csv).PathFor("FLOW");
        for (ulong step = 1; step <= 97; step += 8)
            for (ulong t = 0; t < 200; t += step)
            {
                string expected = t < 60 ? "0.75" : t < 91 && t <= 90 ? "0.7" : "0.65432101";
                Assert.Equal(UFix64.Parse(expected), flow.SampleAt(UFix64.FromInteger(t))!.Value.Price);
            }
    }

    [Fact]
    public void HeaderIsOptionalAndBeforeTheFirstRecordThereIsNoPrice()
    {
        var replay = CsvPriceReplay.Parse("10,ETH,3000\n20,ETH,2500.5\n30,ETH,1e3");
        var eth = replay.PathFor("ETH");
        Assert.Null(eth.SampleAt(UFix64.FromInteger(9)));
        Assert.Equal(UFix64.Parse("2500.5"), eth.SampleAt(UFix64.FromInteger(25))!.Value.Price);
        Assert.Equal(UFix64.Parse("1000"), eth.SampleAt(UFix64.FromInteger(30))!.Value.Price);
        Assert.Equal(UFix64.FromInteger(25), eth.SampleAt(UFix64.FromInteger(25))!.Value.ObservedAt);
    }

    [Fact]
    public void ObservedAtRecordTimeReportsTheRecordTimestamp()
    {
        var eth = CsvPriceReplay.Parse("10,ETH,3000\n20,ETH,2500", observedAtRecordTime: true).PathFor("ETH");
        Assert.Equal(UFix64.FromInteger(20), eth.SampleAt(UFix64.FromInteger(25))!.Value.ObservedAt);
    }

    [Theory]
    [InlineData("timestamp,token,price\n0,FLOW,1\nabc,FLOW,2", "line 3: timestamp:")]
    [InlineData("0,FLOW,1\n-5,FLOW,2", "line 2: timestamp:")]
    [InlineData("0,FLOW,1\n10,FLOW,2\n10,FLOW,3", "line 3: timestamp:")]
    [InlineData("0,FLOW,1\n10,FLOW,2\n5,FLOW,3", "line 3: timestamp:")]
    [InlineData("0,FLOW,1\n1,,2", "line 2: token:")]
    [InlineData("0,FLOW,1\n\n2,FLOW,zero", "line 3: price:")]
    [InlineData("0,FLOW,0", "line 1: price:")]
    [InlineData("0,FLOW,-1", "line 1: price:")]
    [InlineData("0,FLOW", "line 1: expected 3 fields")]
    [InlineData("0,FLOW,1,2", "line 1: expected 3 fields")]
    [InlineData("time,token,price\n0,FLOW,1", "line 1: timestamp:")]
    public void BadLinesThrowFormatExceptionWithLineAndField(string text, string prefix)
    {
        var e = Assert.Throws<FormatException>(() => CsvPriceReplay.Parse(text));
        Assert.StartsWith(prefix, e.Message);
    }

    [Fact]
    public void InterleavedTokensNeedOnlyBeMonotonePerToken()
    {
        var replay = CsvPriceReplay.Parse("10,A,1\n5,B,2\n20,A,3\n6,B,4");
        Assert.Equal(UFix64.Parse("4"), replay.PathFor("B").SampleAt(UFix64.FromInteger(100))!.Value.Price);
        Assert.Throws<ArgumentException>(() => replay.PathFor("C"));
    }
}

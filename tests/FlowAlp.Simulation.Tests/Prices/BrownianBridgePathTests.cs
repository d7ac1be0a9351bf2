using FlowAlp.Protocol.Numerics;
using FlowAlp.Simulation.Prices;

namespace FlowAlp.Simulation.Tests.Prices;

public class BrownianBridgePathTests
{
    private static readonly PricePin[] Pins = [new(0, 2000), new(7_000, 1000.12345678), new(7_777, 0.87), new(20_000, 1500)];

    [Fact]
    public void HitsEveryPinExactlyAtItsTime()
    {
        var path = new BrownianBridgePath(Pins, 1.5, 600, SeedStreams.Derive(8, "bridge"));
        Assert.Equal(UFix64.Parse("2000"), path.SampleAt(UFix64.Zero)!.Value.Price);
        Assert.Equal(UFix64.Parse("1000.12345678"), path.SampleAt(UFix64.FromInteger(7_000))!.Value.Price);
        Assert.Equal(UFix64.Parse("0.87"), path.SampleAt(UFix64.FromInteger(7_777))!.Value.Price);
        Assert.Equal(UFix64.Parse("0.87"), path.SampleAt(UFix64.Parse("7799.99999999"))!.Value.Price); // until the next grid point
        Assert.NotEqual(UFix64.Parse("0.87"), path.SampleAt(UFix64.FromInteger(7_800))!.Value.Price);
        Assert.Equal(UFix64.Parse("1500"), path.SampleAt(UFix64.FromInteger(20_000))!.Value.Price);
        Assert.Equal(UFix64.Parse("1500"), path.SampleAt(UFix64.FromInteger(1_000_000))!.Value.Price); // holds after the last pin
    }

    [Fact]
    public void ZeroVolatilityIsGeometricInterpolation()
    {
        var path = new BrownianBridgePath([new(0, 100), new(1000, 400)], 0, 100, 1);
        Assert.Equal(200, path.ValueAtStep(5), 9);
        Assert.Equal(100 * Math.Pow(4, 0.3), path.ValueAtStep(3), 9);
    }

    [Fact]
    public void MidpointSpreadMatchesBridgeVarianceAndStaysPlausible()
    {
        const double vol = 0.8;
        const int paths = 600;
        var pins = new PricePin[] { new(0, 100), new(86_400, 50) };
        var mids = new double[paths];
        double maxAbsDeviation = 0;
        for (int s = 0; s < paths; s++)
        {
            var path = new BrownianBridgePath(pins, vol, 900, SeedStreams.Derive(9, $"bridge:{s}"));
            var values = path.Values(97);
            Assert.Equal(50, values[96]);
            mids[s] = Math.Log(values[48]);
            for (int k = 0; k <= 96; k++)
            {
                double line = Math.Log(100) + k / 96.0 * Math.Log(0.5);
                maxAbsDeviation = Math.Max(maxAbsDeviation, Math.Abs(Math.Log(values[k]) - line));
            }
        }
        double dayYears = 86_400 / PriceConversion.SecondsPerYear;
        double theoryVar = vol * vol * dayYears / 4, se = theoryVar * Math.Sqrt(2.0 / paths);
        Assert.InRange(Stats.Mean(mids), Math.Log(100 * Math.Sqrt(0.5)) - 4 * Math.Sqrt(theoryVar / paths), Math.Log(100 * Math.Sqrt(0.5)) + 4 * Math.Sqrt(theoryVar / paths));
        Assert.InRange(Stats.Variance(mids), theoryVar - 4 * se, theoryVar + 4 * se);
        Assert.True(maxAbsDeviation < 6 * Math.Sqrt(theoryVar), $"max log deviation {maxAbsDeviation}"); // ≈ 0.21, far inside a crash
    }

    [Fact]
    public void PinsOffTheGridAreSamplePointsToo()
    {
        var path = new BrownianBridgePath([new(0, 1), new(90, 2), new(130, 1)], 0, 60, 1);
        Assert.Equal(UFix64.Parse("2"), path.SampleAt(UFix64.FromInteger(90))!.Value.Price);
        Assert.Equal(UFix64.Parse("2"), path.SampleAt(UFix64.FromInteger(119))!.Value.Price);
        // grid point 120 lies on the 90→130 segment: 2·(1/2)^(30/40)
        Assert.Equal(UFix64.FromDouble(2 * Math.Pow(0.5, 0.75)), path.SampleAt(UFix64.FromInteger(125))!.Value.Price);
    }

    [Fact]
    public void ConstructorValidates()
    {
        Assert.StartsWith("pins:", Assert.Throws<ArgumentException>(() => new BrownianBridgePath([], 0.5, 60, 1)).Message);
        Assert.StartsWith("pins[0].TimeSeconds:", Assert.Throws<ArgumentException>(() => new BrownianBridgePath([new(10, 1)], 0.5, 60, 1)).Message);
        Assert.StartsWith("pins[2].TimeSeconds:", Assert.Throws<ArgumentException>(() => new BrownianBridgePath([new(0, 1), new(10, 1), new(10, 2)], 0.5, 60, 1)).Message);
        Assert.StartsWith("pins[1].Price:", Assert.Throws<ArgumentException>(() => new BrownianBridgePath([new(0, 1), new(10, 0)], 0.5, 60, 1)).Message);
        Assert.StartsWith("annualVolatility:", Assert.Throws<ArgumentException>(() => new BrownianBridgePath([new(0, 1)], -1, 60, 1)).Message);
    }
}

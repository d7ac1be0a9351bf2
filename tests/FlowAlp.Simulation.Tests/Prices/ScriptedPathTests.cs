using FlowAlp.Protocol.Numerics;
using FlowAlp.Simulation.Prices;

namespace FlowAlp.Simulation.Tests.Prices;

public class ScriptedPathTests
{
    private static readonly (double, double)[] Points = [(100, 1.0), (200, 0.5), (400, 0.87)];
    private static UFix64 At(ScriptedPath p, string t) => p.SampleAt(UFix64.Parse(t))!.Value.Price;

    [Fact]
    public void LinearInterpolatesExactly()
    {
        var p = new ScriptedPath(Points, ScriptedInterpolation.Linear);
        Assert.Equal(UFix64.Parse("1"), At(p, "0"));            // before the first point: the first price
        Assert.Equal(UFix64.Parse("1"), At(p, "100"));
        Assert.Equal(UFix64.Parse("0.75"), At(p, "150"));
        Assert.Equal(UFix64.Parse("0.995"), At(p, "101"));
        Assert.Equal(UFix64.Parse("0.5"), At(p, "200"));
        Assert.Equal(UFix64.Parse("0.685"), At(p, "300"));
        Assert.Equal(UFix64.Parse("0.50000001"), At(p, "200.00001")); // 0.5000000185, truncated
        Assert.Equal(UFix64.Parse("0.87"), At(p, "400"));
        Assert.Equal(UFix64.Parse("0.87"), At(p, "99999"));       // after the last point: the last price
        Assert.Equal(UFix64.Parse("1.33333333"), At(new ScriptedPath([(0, 1.0), (3, 2.0)], ScriptedInterpolation.Linear), "1")); // 4/3, truncated
    }

    [Fact]
    public void StepHoldsTheLastPoint()
    {
        var p = new ScriptedPath(Points, ScriptedInterpolation.Step);
        Assert.Equal(UFix64.Parse("1"), At(p, "150"));
        Assert.Equal(UFix64.Parse("1"), At(p, "199.99999999"));
        Assert.Equal(UFix64.Parse("0.5"), At(p, "200"));
        Assert.Equal(UFix64.Parse("0.87"), At(p, "400"));
    }

    [Fact]
    public void UFix64PointsAndObservedAt()
    {
        var p = new ScriptedPath([(UFix64.Zero, UFix64.Parse("3")), (UFix64.FromInteger(10), UFix64.Parse("1"))], ScriptedInterpolation.Linear);
        var s = p.SampleAt(UFix64.Parse("2.5"))!.Value;
        Assert.Equal(UFix64.Parse("2.5"), s.Price);
        Assert.Equal(UFix64.Parse("2.5"), s.ObservedAt);
    }

    [Fact]
    public void ConstructorValidates()
    {
        Assert.StartsWith("points:", Assert.Throws<ArgumentException>(() => new ScriptedPath(Array.Empty<(double, double)>(), ScriptedInterpolation.Step)).Message);
        Assert.StartsWith("points[1].TimeSeconds:", Assert.Throws<ArgumentException>(() => new ScriptedPath([(5, 1.0), (5, 2.0)], ScriptedInterpolation.Step)).Message);
        Assert.StartsWith("points[0].Price:", Assert.Throws<ArgumentException>(() => new ScriptedPath([(5, -1.0)], ScriptedInterpolation.Step)).Message);
        Assert.StartsWith("points[0].TimeSeconds:", Assert.Throws<ArgumentException>(() => new ScriptedPath([(-5, 1.0)], ScriptedInterpolation.Step)).Message);
    }
}

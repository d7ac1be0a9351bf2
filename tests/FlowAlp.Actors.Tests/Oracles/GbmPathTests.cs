using FlowAlp.Actors.Oracles;
using FlowAlp.Protocol.Numerics;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.Random;
using FlowAlp.Engine.Oracles;
using FlowAlp.Simulation.Prices;

namespace FlowAlp.Actors.Tests.Oracles;

/// <summary>
/// The GBM path keeps only a window of recent grid points (flat memory on year-long runs); every price it gives — in
/// order, ahead, or long behind the window — equals the unbounded sequence of the same seed, exactly.
/// </summary>
public class GbmPathTests
{
    /// <summary>The path as it was defined: every grid point from the seeded generator, kept.</summary>
    private static List<UFix64> Reference(int steps, double vol, ulong stepSeconds, int seed)
    {
        var normal = new Normal(0, 1, new MersenneTwister(seed));
        double dt = stepSeconds / (365.0 * 24 * 3600), v = 1.0;
        var list = new List<UFix64> { UFix64.FromDouble(v) };
        for (int k = 1; k <= steps; k++)
        {
            double z = normal.Sample();
            v *= Math.Exp((0.0 - 0.5 * vol * vol) * dt + vol * Math.Sqrt(dt) * z);
            list.Add(UFix64.FromDouble(Math.Max(v, 1e-8)));
        }
        return list;
    }

    [Fact]
    public void Windowed_prices_equal_the_unbounded_sequence_in_any_order()
    {
        int steps = 3 * GbmPath.Window + 123;
        var expected = Reference(steps, 0.8, 60, 7);
        var path = new GbmPath(1.0, 0.0, 0.8, 60, 7);
        UFix64 At(int step) => path.SampleAt(UFix64.FromInteger((ulong)step * 60))!.Value.Price;

        for (int k = 0; k <= steps; k += 7) Assert.Equal(expected[k], At(k));           // forward, past two window drops
        Assert.Equal(expected[5], At(5));                                                 // long behind the window: replayed
        Assert.Equal(expected[GbmPath.Window + 1], At(GbmPath.Window + 1));
        Assert.Equal(expected[steps], At(steps));                                         // and forward again
        var rng = new Random(3);
        for (int i = 0; i < 50; i++) { int k = rng.Next(0, steps + 1); Assert.Equal(expected[k], At(k)); }
    }
}

using FlowAlp.Actors.Oracles;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Engine.Oracles;

namespace FlowAlp.Simulation.Prices;

/// <summary>One token's view of a <see cref="CorrelatedGbm"/> grid: the last grid point at or before the time.</summary>
internal sealed class CorrelatedGbmTokenPath(CorrelatedGbm owner, int tokenIndex) : IPricePath
{
    public PriceSample? SampleAt(UFix64 time)
    {
        ulong step = time.Floor / owner.StepSeconds;
        if (step > int.MaxValue - 1) throw new ArgumentOutOfRangeException(nameof(time), "time: beyond the grid of this path");
        return new PriceSample(PriceConversion.ToUFix64(owner.ValueAtStep(tokenIndex, (int)step)), time);
    }
}

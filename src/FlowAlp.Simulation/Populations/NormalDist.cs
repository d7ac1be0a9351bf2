using FlowAlp.Simulation.Scenarios;

namespace FlowAlp.Simulation.Populations;

/// <summary>A normal distribution truncated to [Min, Max] (the declared bounds, the field's limits, or mean ± 8 σ).</summary>
public sealed record NormalDist(double Mean, double StdDev, double Min, double Max) : Dist(Min, Max)
{
    public override double Sample(Random rng) => TruncatedNormal.Sample(rng, Mean, StdDev, Min, Max);
}

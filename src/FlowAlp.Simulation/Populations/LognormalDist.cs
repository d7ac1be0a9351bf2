using FlowAlp.Simulation.Scenarios;

namespace FlowAlp.Simulation.Populations;

/// <summary>
/// A lognormal distribution (ln X ~ N(Mu, Sigma²); the median is e^Mu) truncated to [Min, Max]: the normal is cut in
/// log space, so the draw is e^(truncated normal).
/// </summary>
public sealed record LognormalDist(double Mu, double Sigma, double Min, double Max) : Dist(Min, Max)
{
    public override double Sample(Random rng) =>
        Math.Clamp(Math.Exp(TruncatedNormal.Sample(rng, Mu, Sigma, Math.Log(Min), Math.Log(Max))), Min, Max);
}

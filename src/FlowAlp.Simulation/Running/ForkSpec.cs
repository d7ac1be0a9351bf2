using FlowAlp.Actors.Oracles;
using FlowAlp.Protocol.Numerics;
using FlowAlp.Simulation.Scenarios;
using FlowAlp.Engine.Oracles;

namespace FlowAlp.Simulation.Running;

/// <summary>
/// A fork (see Persistence/RunFolders/ForkPlanner): after <see cref="AtStep"/>, the named tokens follow new price processes, the
/// <see cref="Governance"/> steps change pool and token parameters, and (when not null) <see cref="Faults"/> is the run's
/// whole fault schedule (the source's up to the step, then the new ones).
/// </summary>
public sealed record ForkSpec(long AtStep, IReadOnlyDictionary<string, PriceSpec> Prices, IReadOnlyList<FlowAlp.Engine.Operations.Step>? Governance = null,
    IReadOnlyList<Chaos.Fault>? Faults = null);

/// <summary>
/// The recorded path up to the fork time, then the new process scaled so it continues from the price at the fork (no
/// jump at the splice): p(t) = new(t) · old(at) / new(at) for t after <c>at</c>.
/// </summary>
public sealed class SplicedPath(IPricePath before, IPricePath after, UFix64 at) : IPricePath
{
    public PriceSample? SampleAt(UFix64 time)
    {
        if (time <= at) return before.SampleAt(time);
        if (before.SampleAt(at) is not { } anchor || after.SampleAt(at) is not { } start || after.SampleAt(time) is not { } now) return before.SampleAt(time);
        var price = (now.Price.ToUFix128() * anchor.Price.ToUFix128() / start.Price.ToUFix128()).RoundDown();
        return new PriceSample(UFix64.Max2(price, UFix64.Epsilon), now.ObservedAt);
    }
}

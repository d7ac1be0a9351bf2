using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Engine.Oracles;

/// <summary>A path's prices times a factor (a source that has drifted from the others: chaos spread rejection).</summary>
internal sealed class ScaledPath(IPricePath inner, UFix64 factor) : IPricePath
{
    public PriceSample? SampleAt(UFix64 time) =>
        inner.SampleAt(time) is { } s ? new PriceSample(UFix64.Max2(s.Price * factor, UFix64.Epsilon), s.ObservedAt) : null;
}

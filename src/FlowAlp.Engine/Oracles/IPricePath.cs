using FlowAlp.Protocol.Numerics;

namespace FlowAlp.Engine.Oracles;

/// <summary>
/// Where an oracle's prices come from: a pure function of virtual time (so a replay, a resume or another thread
/// count sees the same prices). <see cref="PriceSample.ObservedAt"/> lets a frozen feed go stale.
/// </summary>
public interface IPricePath
{
    PriceSample? SampleAt(UFix64 time);
}

/// <summary>A price (in MOET) and the virtual time the feed observed it.</summary>
public readonly record struct PriceSample(UFix64 Price, UFix64 ObservedAt);
